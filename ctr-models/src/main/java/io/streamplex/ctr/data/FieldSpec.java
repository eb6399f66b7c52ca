package io.streamplex.ctr.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input field of a CTR model and how its values become embedding rows.
 *
 * @param name field name as in {@code Feature.name}
 * @param kind categorical (one value), multi-valued (several, pooled) or numeric
 * @param maxValues at most this many values are looked up (the rest are dropped, in order)
 * @param pooling how the rows of a multi-valued field are combined
 * @param minCount values seen fewer times in the training split share the OOV row
 * @param transform how a numeric value is transformed before it scales the field's vector
 */
public record FieldSpec(
    String name, Kind kind, int maxValues, Pooling pooling, int minCount, Transform transform) {

  public enum Kind {
    CATEGORICAL,
    MULTI,
    NUMERIC
  }

  public enum Pooling {
    SUM,
    MEAN
  }

  /** Numeric transforms; bounds come from the training split. */
  public enum Transform {
    NONE,
    /** (x − min) / (max − min) over the training split, clipped to [0, 1]. */
    MIN_MAX,
    /** ⌊(ln x)²⌋ for x &gt; 2, else x: AutoInt's transform of Criteo's count features. */
    LOG_SQUARED
  }

  @JsonCreator
  public FieldSpec(
      @JsonProperty("name") String name,
      @JsonProperty("kind") Kind kind,
      @JsonProperty("maxValues") Integer maxValues,
      @JsonProperty("pooling") Pooling pooling,
      @JsonProperty("minCount") Integer minCount,
      @JsonProperty("transform") Transform transform) {
    this(
        name,
        kind == null ? Kind.CATEGORICAL : kind,
        maxValues == null ? (kind == Kind.MULTI ? 8 : 1) : maxValues,
        pooling == null ? Pooling.MEAN : pooling,
        minCount == null ? 1 : minCount,
        transform == null ? Transform.MIN_MAX : transform);
  }

  public FieldSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a field needs a name");
    }
    if (maxValues < 1 || (kind != Kind.MULTI && maxValues != 1)) {
      throw new IllegalArgumentException(
          "field " + name + ": maxValues " + maxValues + " is invalid for kind " + kind);
    }
  }

  public static FieldSpec categorical(String name) {
    return new FieldSpec(name, Kind.CATEGORICAL, 1, Pooling.MEAN, 1, Transform.NONE);
  }

  public static FieldSpec multi(String name, int maxValues) {
    return new FieldSpec(name, Kind.MULTI, maxValues, Pooling.MEAN, 1, Transform.NONE);
  }

  public static FieldSpec numeric(String name) {
    return new FieldSpec(name, Kind.NUMERIC, 1, Pooling.SUM, 1, Transform.MIN_MAX);
  }
}
