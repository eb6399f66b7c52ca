package io.streamplex.ctr.train;

import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.metrics.Metrics;
import io.streamplex.ctr.models.CtrModel;

/** AUC and log loss of a model on a data set. */
public record Evaluation(double auc, double logloss, int examples) {

  public static Evaluation of(CtrModel model, EncodedData data) {
    float[] p = model.predict(data);
    return new Evaluation(
        Metrics.auc(p, data.labels, data.size),
        Metrics.logloss(p, data.labels, data.size),
        data.size);
  }
}
