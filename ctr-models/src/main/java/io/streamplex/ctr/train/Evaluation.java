package io.streamplex.ctr.train;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.metrics.Metrics;
import io.streamplex.ctr.models.CtrModel;

/** AUC and log loss of a model on a data set. */
public record Evaluation(double auc, double logloss, int examples) {

  public static Evaluation of(CtrModel model, EncodedData data) {
    return ofLogits(model.logits(data), data.labels, data.size);
  }

  /**
   * AUC and log loss of σ(z) for the first n logits, exactly as {@link #of} scores a model (AUC on
   * the probabilities, so float ties of σ count as ties); z is left unchanged.
   */
  public static Evaluation ofLogits(float[] z, boolean[] labels, int n) {
    float[] p = CtrModel.sigmoid(java.util.Arrays.copyOf(z, n));
    return new Evaluation(Metrics.auc(p, labels, n), Metrics.logloss(p, labels, n), n);
  }
}
