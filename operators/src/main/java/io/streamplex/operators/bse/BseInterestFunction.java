package io.streamplex.operators.bse;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Candidate;
import io.streamplex.schema.Impression;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Behaviours and impressions connected and keyed by user: behaviours update the user's BSE state
 * exactly as {@link BseFunction} does; an impression reads that state <em>once</em> and emits one
 * {@link CandidateInterest} per candidate, in candidate order. Per-candidate cost is m·τ·d to hash
 * plus m·d to gather, independent of the user's sequence length.
 *
 * <p>An impression sees the behaviours that reached this operator before it (arrival order on the
 * keyed stream), the usual point-in-time semantics of a streaming join without buffering.
 */
public class BseInterestFunction
    extends KeyedCoProcessFunction<String, BehaviorEvent, Impression, CandidateInterest> {

  private static final long serialVersionUID = 1L;

  /** Fixed operator uid. Never change it. */
  public static final String UID = "bse-interest";

  private final BseCore core;
  private transient BseRuntime runtime;

  public BseInterestFunction(BseConfig config, ItemEmbeddings embeddings) {
    this.core = new BseCore(config, embeddings);
  }

  @Override
  public void open(OpenContext openContext) {
    runtime = new BseRuntime(getRuntimeContext(), core);
  }

  BseRuntime runtime() {
    return runtime;
  }

  @Override
  public void processElement1(BehaviorEvent event, Context ctx, Collector<CandidateInterest> out)
      throws Exception {
    runtime.onBehaviour(
        event,
        ctx.timerService().currentProcessingTime(),
        dl -> ctx.output(BseRuntime.DEAD_LETTERS, dl));
  }

  @Override
  public void processElement2(Impression impression, Context ctx, Collector<CandidateInterest> out)
      throws Exception {
    BseState s = runtime.current();
    List<String> items = new ArrayList<>(impression.getCandidates().size());
    for (Candidate c : impression.getCandidates()) {
      items.add(c.getItemId());
    }
    int d = core.config().dim();
    float[] vectors = new float[items.size() * d];
    boolean[] known = new boolean[items.size()];
    core.interests(s, items, vectors, known);
    for (int i = 0; i < items.size(); i++) {
      CandidateInterest ci = new CandidateInterest();
      ci.requestId = impression.getRequestId();
      ci.userId = ctx.getCurrentKey();
      ci.candidateIndex = i;
      ci.itemId = items.get(i);
      ci.candidateKnown = known[i];
      if (!known[i]) {
        runtime.unknownCandidates.inc();
      }
      ci.interest = java.util.Arrays.copyOfRange(vectors, i * d, (i + 1) * d);
      ci.embeddingVersion = s == null ? core.embeddings().version() : s.embeddingVersion;
      ci.windowSize = s == null ? 0 : s.ringSize;
      out.collect(ci);
    }
  }
}
