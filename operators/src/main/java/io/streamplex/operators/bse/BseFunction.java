package io.streamplex.operators.bse;

import io.streamplex.schema.BehaviorEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Behavior Sequence Encoding (SDIM's BSE) as a keyed function on behaviours keyed by user: keeps
 * each user's SDIM bucket sums over a bounded window in keyed (RocksDB) state and emits a {@link
 * BseUpdate} for every behaviour that changed it. Bad input follows the rules on {@link BseCore};
 * rejected behaviours go to {@link BseRuntime#DEAD_LETTERS}.
 */
public class BseFunction extends KeyedProcessFunction<String, BehaviorEvent, BseUpdate> {

  private static final long serialVersionUID = 1L;

  /** Fixed operator uid: the keyed state is found by it on restore. Never change it. */
  public static final String UID = "bse";

  private final BseCore core;
  private transient BseRuntime runtime;

  public BseFunction(BseConfig config, ItemEmbeddings embeddings) {
    this.core = new BseCore(config, embeddings);
  }

  @Override
  public void open(OpenContext openContext) {
    runtime = new BseRuntime(getRuntimeContext(), core);
  }

  /** Metrics and state access, for tests in this package. */
  BseRuntime runtime() {
    return runtime;
  }

  @Override
  public void processElement(BehaviorEvent event, Context ctx, Collector<BseUpdate> out)
      throws Exception {
    BseState s =
        runtime.onBehaviour(
            event,
            ctx.timerService().currentProcessingTime(),
            dl -> ctx.output(BseRuntime.DEAD_LETTERS, dl));
    if (s != null) {
      out.collect(new BseUpdate(ctx.getCurrentKey(), event.getEventId(), s));
    }
  }
}
