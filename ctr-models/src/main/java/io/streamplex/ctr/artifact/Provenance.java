package io.streamplex.ctr.artifact;

import io.streamplex.ctr.models.CtrModel;
import java.time.Instant;
import java.util.Map;

/**
 * Where a model artifact came from, so a score can be traced to its training run.
 *
 * @param data dataset name or path
 * @param split how train/validation/test were drawn (e.g. "random 80/10/10")
 * @param seed the split and initialisation seed
 * @param metrics e.g. test AUC and log loss
 * @param codeVersion the Streamplex version that trained the model
 * @param createdAt ISO-8601 instant the artifact was written
 */
public record Provenance(
    String data,
    String split,
    long seed,
    Map<String, Double> metrics,
    String codeVersion,
    String createdAt) {

  public Provenance {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** Provenance stamped with this code's version and the current time. */
  public static Provenance of(String data, String split, long seed, Map<String, Double> metrics) {
    return new Provenance(
        data, split, seed, metrics, currentCodeVersion(), Instant.now().toString());
  }

  /** The jar's Implementation-Version, or "dev" when run from classes. */
  public static String currentCodeVersion() {
    String v = CtrModel.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
