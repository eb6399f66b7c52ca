package io.streamplex.ctr.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small click log with a known generating model: a per-user bias, a per-item bias, a user × item
 * interaction through 2-d latent factors, a multi-valued tag effect and a numeric effect. Models
 * that can express pairwise interactions should beat LR on it.
 */
public final class SyntheticCtr {

  public static final List<FieldSpec> FIELDS =
      List.of(
          FieldSpec.categorical("user"),
          FieldSpec.categorical("item"),
          FieldSpec.categorical("device"),
          FieldSpec.multi("tags", 3),
          FieldSpec.numeric("price"));

  private SyntheticCtr() {}

  public static List<TrainingExample> generate(int n, long seed) {
    Random r = new Random(seed);
    int users = 40;
    int items = 60;
    double[][] uf = new double[users][2];
    double[][] itf = new double[items][2];
    double[] ub = new double[users];
    double[] ib = new double[items];
    for (int u = 0; u < users; u++) {
      uf[u][0] = r.nextGaussian();
      uf[u][1] = r.nextGaussian();
      ub[u] = r.nextGaussian() * 0.5;
    }
    for (int i = 0; i < items; i++) {
      itf[i][0] = r.nextGaussian();
      itf[i][1] = r.nextGaussian();
      ib[i] = r.nextGaussian() * 0.5;
    }
    List<TrainingExample> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int u = r.nextInt(users);
      int i = r.nextInt(items);
      int device = r.nextInt(3);
      List<String> tags = new ArrayList<>();
      int nt = r.nextInt(4);
      double tagEffect = 0;
      for (int t = 0; t < nt; t++) {
        int tag = r.nextInt(8);
        tags.add("t" + tag);
        tagEffect += (tag % 2 == 0 ? 0.4 : -0.4) / nt;
      }
      double price = r.nextDouble() * 100;
      double logit =
          ub[u]
              + ib[i]
              + 1.5 * (uf[u][0] * itf[i][0] + uf[u][1] * itf[i][1])
              + tagEffect
              - 0.01 * (price - 50)
              + (device == 2 ? 0.3 : 0);
      boolean label = r.nextDouble() < 1 / (1 + Math.exp(-logit));
      List<Feature> features = new ArrayList<>();
      features.add(cat("user", "u" + u));
      features.add(cat("item", "i" + i));
      features.add(cat("device", "d" + device));
      features.add(Feature.newBuilder().setName("tags").setValues(tags).setNumber(null).build());
      features.add(
          Feature.newBuilder().setName("price").setValues(List.of()).setNumber(price).build());
      out.add(example(k, "u" + u, "i" + i, features, label));
    }
    return out;
  }

  public static Feature cat(String name, String value) {
    return Feature.newBuilder().setName(name).setValues(List.of(value)).setNumber(null).build();
  }

  public static TrainingExample example(
      long k, String user, String item, List<Feature> features, Boolean label) {
    return TrainingExample.newBuilder()
        .setRequestId("r" + k)
        .setUserId(user)
        .setItemId(item)
        .setEventTime(Instant.ofEpochMilli(1_000_000L + k * 1000))
        .setModelVersion(0)
        .setScore(0)
        .setFeatures(features)
        .setLabel(label)
        .build();
  }
}
