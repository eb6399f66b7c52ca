package io.streamplex.ctr.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear map of rank k as two skinny factors, y = W₂ (act(W₁ x + b₁)) + b₂ with W₁ k × in and W₂
 * out × k: the form an m × n layer takes after low-rank compression (AFM; with an optional ReLU
 * between the factors as in the repo's "Ada_Act" variant). Parameters k·(in + out) instead of
 * in·out.
 */
public final class LowRankLinear extends Sequential {

  private final Linear first;
  private final Linear second;

  public LowRankLinear(
      ParamStore store, String name, int in, int out, int rank, boolean relu, int maxBatch) {
    this(store, name, in, out, rank, relu, maxBatch, new Linear[2]);
  }

  private LowRankLinear(
      ParamStore store,
      String name,
      int in,
      int out,
      int rank,
      boolean relu,
      int maxBatch,
      Linear[] parts) {
    super(build(store, name, in, out, rank, relu, maxBatch, parts));
    this.first = parts[0];
    this.second = parts[1];
  }

  private static List<Layer> build(
      ParamStore store,
      String name,
      int in,
      int out,
      int rank,
      boolean relu,
      int maxBatch,
      Linear[] parts) {
    if (rank < 1) {
      throw new IllegalArgumentException(name + ": rank must be at least 1, was " + rank);
    }
    parts[0] = new Linear(store, name + ".0", in, rank, true, maxBatch);
    parts[1] = new Linear(store, name + ".1", rank, out, true, maxBatch);
    List<Layer> layers = new ArrayList<>();
    layers.add(parts[0]);
    if (relu) {
      layers.add(new Relu(rank, maxBatch));
    }
    layers.add(parts[1]);
    return layers;
  }

  public Linear first() {
    return first;
  }

  public Linear second() {
    return second;
  }
}
