package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EncodedData;
import java.util.List;

/**
 * Separately trained models scored together: ŷ = σ(mean of the members' logits). Each member keeps
 * its own training, early stopping and L2, so an ensemble gets no tuning its members did not get as
 * models of their own. Members must read the same encoding of an example (the same fields and
 * vocabularies): {@code CtrBench} encodes every member's split with one protocol, and {@code
 * ModelArtifact.loadEnsemble} refuses members whose saved schemas differ.
 */
public final class Ensemble {

  private final List<CtrModel> members;

  public Ensemble(List<CtrModel> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    this.members = List.copyOf(members);
  }

  public List<CtrModel> members() {
    return members;
  }

  public long parameterCount() {
    return members.stream().mapToLong(CtrModel::parameterCount).sum();
  }

  /** The mean of the members' logits for every example of data, in order. */
  public float[] logits(EncodedData data) {
    return meanLogits(members.stream().map(m -> m.logits(data)).toList());
  }

  /** Click probabilities for every example of data, in order. */
  public float[] predict(EncodedData data) {
    return CtrModel.sigmoid(logits(data));
  }

  /** Element-wise mean of equally long logit arrays, summed in double. */
  public static float[] meanLogits(List<float[]> logits) {
    int n = logits.get(0).length;
    for (float[] l : logits) {
      if (l.length != n) {
        throw new IllegalArgumentException(
            "logit arrays differ in length: " + l.length + " vs " + n);
      }
    }
    float[] out = new float[n];
    for (int e = 0; e < n; e++) {
      double z = 0;
      for (float[] l : logits) {
        z += l[e];
      }
      out[e] = (float) (z / logits.size());
    }
    return out;
  }
}
