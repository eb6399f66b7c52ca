package io.streamplex.operators.bse;

import io.streamplex.operators.activity.UserActivityJob;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Impression;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wiring of the BSE operators, with fixed uids. */
public final class BseJob {

  private BseJob() {}

  /** BSE state per user from behaviours; dead letters on {@link BseRuntime#DEAD_LETTERS}. */
  public static SingleOutputStreamOperator<BseUpdate> bse(
      DataStream<BehaviorEvent> behaviours, BseConfig config, ItemEmbeddings embeddings) {
    return behaviours
        .keyBy(new UserActivityJob.UserKey())
        .process(new BseFunction(config, embeddings))
        .uid(BseFunction.UID)
        .name("bse");
  }

  /** Per-candidate SDIM interest vectors: impressions joined to their user's BSE state. */
  public static SingleOutputStreamOperator<CandidateInterest> interests(
      DataStream<BehaviorEvent> behaviours,
      DataStream<Impression> impressions,
      BseConfig config,
      ItemEmbeddings embeddings) {
    return behaviours
        .keyBy(new UserActivityJob.UserKey())
        .connect(impressions.keyBy(new ImpressionUserKey()))
        .process(new BseInterestFunction(config, embeddings))
        .uid(BseInterestFunction.UID)
        .name("bse-interest");
  }

  /** Same key space as {@link UserActivityJob.UserKey}: a null user id keys as blank. */
  public static final class ImpressionUserKey implements KeySelector<Impression, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Impression impression) {
      return impression.getUserId() == null ? "" : impression.getUserId();
    }
  }
}
