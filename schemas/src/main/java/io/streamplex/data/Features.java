package io.streamplex.data;

import io.streamplex.schema.Feature;
import java.util.List;

/**
 * Builds {@link Feature} values the same way in every reader. A missing value is a feature with no
 * values and a null number, so every example of a dataset holds every field, in the order of its
 * {@link CtrDataset#fields()}.
 */
public final class Features {
  private Features() {}

  /** A single-valued categorical field; an empty or null value becomes missing. */
  public static Feature categorical(String name, String value) {
    return value == null || value.isEmpty()
        ? missing(name)
        : Feature.newBuilder().setName(name).setValues(List.of(value)).setNumber(null).build();
  }

  /** A multi-valued categorical field (e.g. genres); an empty list means missing. */
  public static Feature multi(String name, List<String> values) {
    return Feature.newBuilder()
        .setName(name)
        .setValues(List.copyOf(values))
        .setNumber(null)
        .build();
  }

  /** A numeric field; null means missing. */
  public static Feature numeric(String name, Double number) {
    return Feature.newBuilder().setName(name).setValues(List.of()).setNumber(number).build();
  }

  /** A field with no value. */
  public static Feature missing(String name) {
    return Feature.newBuilder().setName(name).setValues(List.of()).setNumber(null).build();
  }

  /** True when the feature holds neither a categorical value nor a number. */
  public static boolean isMissing(Feature f) {
    return f.getValues().isEmpty() && f.getNumber() == null;
  }

  /** The feature named {@code name} in {@code features}, or null. */
  public static Feature find(List<Feature> features, String name) {
    for (Feature f : features) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
