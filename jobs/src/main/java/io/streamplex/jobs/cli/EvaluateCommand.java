package io.streamplex.jobs.cli;

import io.streamplex.ctr.eval.CtrBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Trains and evaluates CTR models on a dataset over several seeds, with the same tuning grid for
 * every model: the offline benchmark of {@link CtrBench}, from the command line.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Train models on a dataset's CTR view and report test AUC and logloss per seed.",
      "Usage: evaluate DATASET CONFIG... [--seeds 1,2,3] [--split random|time|given]"
          + " [--l2 0,1e-6,1e-5] [--rare N] [--numeric minmax|log2|none] [--threads N]"
          + " [--max-epochs N] [--json]",
      "CONFIG is a bundled model (lr, fm, dnn, autoint, autoint-plus) or a JSON file."
    })
public final class EvaluateCommand implements Callable<Integer> {

  /** Passed to {@link CtrBench} as they are: its own options follow the dataset and configs. */
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (args.size() < 2) {
      throw new UserException("evaluate needs a DATASET and at least one model CONFIG");
    }
    try {
      CtrBench.main(args.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    return 0;
  }
}
