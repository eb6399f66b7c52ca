package io.streamplex.ctr.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Creates and names every parameter of a model, in build order, from one seed. A replica store
 * built from the same configuration shares the values of its origin (looked up by name) but owns
 * its gradients, so replicas can run backward passes on separate halves of a batch.
 */
public final class ParamStore {

  /** How fresh values are drawn. */
  public enum Init {
    ZERO,
    ONE,
    /** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))). */
    XAVIER_UNIFORM,
    /** N(0, std) — AutoInt's embedding initialisation with std 0.01. */
    NORMAL
  }

  private final SplittableRandom random;
  private final ParamStore origin;
  private final Map<String, Param> params = new LinkedHashMap<>();

  public ParamStore(long seed) {
    this.random = new SplittableRandom(seed);
    this.origin = null;
  }

  private ParamStore(ParamStore origin) {
    this.random = null;
    this.origin = origin;
  }

  /** A store whose parameters share this store's values and have their own gradients. */
  public ParamStore replica() {
    return new ParamStore(this);
  }

  public boolean isReplica() {
    return origin != null;
  }

  /** A dense weight matrix out × in (or a vector when in is 0). */
  public Param dense(String name, Init init, int fanOut, int fanIn) {
    int[] shape = fanIn == 0 ? new int[] {fanOut} : new int[] {fanOut, fanIn};
    return create(name, shape, init, 0, fanIn, fanOut, false, false);
  }

  /** A non-trainable buffer (batch-norm running statistics); replicas share it. */
  public Param buffer(String name, Init init, int size) {
    Param p = create(name, new int[] {size}, init, 0, 0, 0, false, false);
    p.trainable = false;
    return p;
  }

  /** An embedding table rows × dim with row-sparse gradients. */
  public Param table(String name, int rows, int dim, double std) {
    return create(name, new int[] {rows, dim}, Init.NORMAL, std, 0, 0, true, true);
  }

  private Param create(
      String name,
      int[] shape,
      Init init,
      double std,
      int fanIn,
      int fanOut,
      boolean sparse,
      boolean embedding) {
    if (params.containsKey(name)) {
      throw new IllegalArgumentException("parameter name used twice: " + name);
    }
    Param p;
    if (origin != null) {
      Param o = origin.params.get(name);
      if (o == null || !java.util.Arrays.equals(o.shape, shape)) {
        throw new IllegalStateException("replica parameter " + name + " does not match its origin");
      }
      p = new Param(name, shape, o.w, sparse, embedding);
    } else {
      int size = 1;
      for (int s : shape) {
        size *= s;
      }
      float[] w = new float[size];
      fill(w, init, std, fanIn, fanOut);
      p = new Param(name, shape, w, sparse, embedding);
    }
    params.put(name, p);
    return p;
  }

  private void fill(float[] w, Init init, double std, int fanIn, int fanOut) {
    switch (init) {
      case ZERO -> {}
      case ONE -> java.util.Arrays.fill(w, 1f);
      case XAVIER_UNIFORM -> {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) ((random.nextDouble() * 2 - 1) * a);
        }
      }
      case NORMAL -> {
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (gaussian() * std);
        }
      }
    }
  }

  private double gaussian() {
    // Box–Muller on the store's own stream keeps initialisation a pure function of the seed.
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A child random stream for dropout masks, derived deterministically from the seed. */
  public SplittableRandom splitRandom() {
    return origin != null ? origin.splitRandomForReplica() : random.split();
  }

  private SplittableRandom splitRandomForReplica() {
    return random.split();
  }

  public List<Param> all() {
    return Collections.unmodifiableList(new ArrayList<>(params.values()));
  }

  public Param get(String name) {
    return params.get(name);
  }

  public long parameterCount() {
    long n = 0;
    for (Param p : params.values()) {
      n += p.size();
    }
    return n;
  }
}
