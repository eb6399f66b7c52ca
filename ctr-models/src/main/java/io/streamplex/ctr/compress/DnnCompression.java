package io.streamplex.ctr.compress;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.layers.Layer;
import io.streamplex.ctr.layers.Linear;
import io.streamplex.ctr.layers.LowRankLinear;
import io.streamplex.ctr.layers.Mlp;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.layers.Sequential;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Low-rank compression of a model's DNN hidden layers (AFM on an MLP, as the paper's demo that
 * compresses layers 2 and 3 of 400-400-400): one pass over calibration data collects each chosen
 * layer's output statistics, then each layer becomes a {@link LowRankLinear} without activation
 * between its factors. The result is a new model with {@code dnn.ranks} set in its config; every
 * other parameter (embeddings, attention, heads) is copied unchanged.
 */
public final class DnnCompression {

  private DnnCompression() {}

  /** What happened to one hidden layer (index as in {@code dnn.<i>.linear}). */
  public record LayerReport(
      int layer, int in, int out, int rank, double retainedVariance, long before, long after) {}

  public record Result(CtrModel model, List<LayerReport> layers) {

    /** Parameters of the compressed layers before and after. */
    public long compressedPartBefore() {
      return layers.stream().mapToLong(LayerReport::before).sum();
    }

    public long compressedPartAfter() {
      return layers.stream().mapToLong(LayerReport::after).sum();
    }
  }

  /** The full-rank hidden Linear layers of the model's DNN, by hidden-layer index. */
  static List<Linear> hiddenLinears(CtrModel model) {
    Layer net =
        model
            .dnnNet()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model " + model.config().displayName() + " has no dnn block to compress"));
    Mlp mlp = (Mlp) ((Sequential) net).layers().get(0);
    List<Linear> out = new ArrayList<>();
    for (Layer l : mlp.layers()) {
      if (l instanceof LowRankLinear) {
        throw new IllegalArgumentException("the DNN is already compressed");
      }
      if (l instanceof Linear lin) {
        out.add(lin);
      }
    }
    return out;
  }

  /**
   * Runs up to maxExamples examples of data (in order) through the model in inference mode and
   * calibrates the outputs of the given hidden layers.
   */
  public static Map<Integer, Calibration> calibrate(
      CtrModel model, EncodedData data, List<Integer> layers, int maxExamples) {
    List<Linear> linears = hiddenLinears(model);
    Map<Integer, Calibration> cal = new TreeMap<>();
    for (int i : layers) {
      if (i < 0 || i >= linears.size()) {
        throw new IllegalArgumentException(
            "no hidden layer " + i + " (the DNN has " + linears.size() + ")");
      }
      cal.put(i, new Calibration(linears.get(i).outDim()));
    }
    int n = Math.min(maxExamples, data.size);
    for (int from = 0; from < n; from += model.maxBatch()) {
      int batch = Math.min(model.maxBatch(), n - from);
      model.forward(data, null, from, batch, false);
      for (Map.Entry<Integer, Calibration> e : cal.entrySet()) {
        e.getValue().add(linears.get(e.getKey()).output(), batch);
      }
    }
    return cal;
  }

  /** Copies every tensor of {@code from} into the same-named tensor of {@code to}, if any. */
  public static void copyParams(CtrModel from, CtrModel to) {
    copyParams(from, to, java.util.Set.of());
  }

  /** As {@link #copyParams(CtrModel, CtrModel)}, leaving the named tensors of {@code to} alone. */
  static void copyParams(CtrModel from, CtrModel to, java.util.Set<String> except) {
    Map<String, Param> old = new HashMap<>();
    for (Param p : from.params()) {
      old.put(p.name, p);
    }
    for (Param p : to.params()) {
      Param o = except.contains(p.name) ? null : old.get(p.name);
      if (o != null) {
        if (o.w.length != p.w.length) {
          throw new IllegalStateException(
              p.name + ": " + o.w.length + " values in the original, " + p.w.length + " now");
        }
        System.arraycopy(o.w, 0, p.w, 0, p.w.length);
      }
    }
  }

  /** Compresses the calibrated layers by their rules into a new model. */
  public static Result compress(
      CtrModel model,
      Map<Integer, Calibration> calibrations,
      Map<Integer, LowRankCompressor.RankRule> rules) {
    List<Linear> linears = hiddenLinears(model);
    ModelConfig.Dnn dnn = model.config().dnn;
    int[] ranks = new int[dnn.hidden.length];
    Map<Integer, LowRankCompressor.Factors> factors = new TreeMap<>();
    List<LayerReport> reports = new ArrayList<>();
    for (Map.Entry<Integer, LowRankCompressor.RankRule> e : rules.entrySet()) {
      int i = e.getKey();
      Calibration cal = calibrations.get(i);
      if (cal == null) {
        throw new IllegalArgumentException("hidden layer " + i + " was not calibrated");
      }
      Linear lin = linears.get(i);
      LowRankCompressor.Factors f =
          LowRankCompressor.compress(
              lin.weight().w,
              lin.bias() == null ? null : lin.bias().w,
              lin.outDim(),
              lin.inDim(),
              cal,
              e.getValue());
      factors.put(i, f);
      ranks[i] = f.rank();
      long before = (long) lin.inDim() * lin.outDim() + (lin.bias() == null ? 0 : lin.outDim());
      reports.add(
          new LayerReport(
              i,
              lin.inDim(),
              lin.outDim(),
              f.rank(),
              f.retainedVariance(),
              before,
              f.parameterCount()));
    }
    ModelConfig c = model.config().copy();
    c.dnn.ranks = ranks;
    CtrModel compressed = CtrModel.create(c, model.schema(), model.maxBatch());
    copyParams(model, compressed);
    Mlp mlp = (Mlp) ((Sequential) compressed.dnnNet().orElseThrow()).layers().get(0);
    List<LowRankLinear> lows = new ArrayList<>();
    for (Layer l : mlp.layers()) {
      if (l instanceof LowRankLinear lr) {
        lows.add(lr);
      }
    }
    int j = 0;
    for (LowRankCompressor.Factors f : factors.values()) {
      LowRankLinear lr = lows.get(j++);
      System.arraycopy(f.w1(), 0, lr.first().weight().w, 0, f.w1().length);
      System.arraycopy(f.b1(), 0, lr.first().bias().w, 0, f.b1().length);
      System.arraycopy(f.w2(), 0, lr.second().weight().w, 0, f.w2().length);
      System.arraycopy(f.b2(), 0, lr.second().bias().w, 0, f.b2().length);
    }
    return new Result(compressed, reports);
  }
}
