package io.streamplex.operators.bse;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.codec.AvroCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side shared by {@link BseFunction} and {@link BseInterestFunction}: the keyed state
 * (one {@link BseState} value per user, with TTL), the metrics and the dead-letter side output. One
 * instance per function instance, made in {@code open}.
 */
public final class BseRuntime {

  /** Name of the keyed state; part of the checkpoint format. Never change it. */
  public static final String STATE_NAME = "bse";

  public static final String STAGE = "bse";

  /** Behaviours rejected by a documented rule (negative or too-late event time). */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("bse-dead-letters", TypeInformation.of(DeadLetter.class));

  public static final String UNKNOWN_ITEM_METRIC = "bseUnknownItemBehaviors";
  public static final String NEGATIVE_TIMESTAMP_METRIC = "bseNegativeTimestampBehaviors";
  public static final String OUT_OF_ORDER_METRIC = "bseOutOfOrderBehaviors";
  public static final String LATE_METRIC = "bseLateBehaviors";
  public static final String EVICTED_METRIC = "bseEvictedBehaviors";
  public static final String REBUILD_METRIC = "bseEmbeddingRebuilds";
  public static final String REBUILD_DROPPED_METRIC = "bseRebuildDroppedItems";
  public static final String UNKNOWN_CANDIDATE_METRIC = "bseUnknownCandidates";
  public static final String BLANK_USER_METRIC = "bseBlankUserBehaviors";

  private static final AvroCodec<BehaviorEvent> CODEC = AvroCodec.of(BehaviorEvent.class);

  final Counter unknownItems;
  final Counter negativeTimestamps;
  final Counter outOfOrder;
  final Counter late;
  final Counter evicted;
  final Counter rebuilds;
  final Counter rebuildDropped;
  final Counter unknownCandidates;
  final Counter blankUsers;

  private final BseCore core;
  private final ValueState<BseState> state;

  /** Call from a keyed function's {@code open}; a scorer that owns the BSE state uses this too. */
  public BseRuntime(RuntimeContext context, BseCore core) {
    this.core = core;
    this.state = context.getState(descriptor(core.config()));
    MetricGroup metrics = context.getMetricGroup();
    unknownItems = metrics.counter(UNKNOWN_ITEM_METRIC);
    negativeTimestamps = metrics.counter(NEGATIVE_TIMESTAMP_METRIC);
    outOfOrder = metrics.counter(OUT_OF_ORDER_METRIC);
    late = metrics.counter(LATE_METRIC);
    evicted = metrics.counter(EVICTED_METRIC);
    rebuilds = metrics.counter(REBUILD_METRIC);
    rebuildDropped = metrics.counter(REBUILD_DROPPED_METRIC);
    unknownCandidates = metrics.counter(UNKNOWN_CANDIDATE_METRIC);
    blankUsers = metrics.counter(BLANK_USER_METRIC);
  }

  public static TypeInformation<BseState> stateType() {
    return TypeInformation.of(BseState.class);
  }

  /**
   * The state descriptor. TTL counts processing time since the last write (a behaviour), so a user
   * who only receives impressions still expires; expired state is never returned, and RocksDB drops
   * it in compaction.
   */
  public static ValueStateDescriptor<BseState> descriptor(BseConfig config) {
    ValueStateDescriptor<BseState> d = new ValueStateDescriptor<>(STATE_NAME, stateType());
    if (!config.ttl().isZero()) {
      d.enableTimeToLive(
          StateTtlConfig.newBuilder(config.ttl())
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
    }
    return d;
  }

  /** The user's state of the current embedding version, rebuilt (and stored) if it was stale. */
  public BseState current() throws IOException {
    BseState s = state.value();
    if (s != null && core.isStale(s)) {
      rebuilds.inc();
      rebuildDropped.inc(core.rebuild(s));
      state.update(s);
    }
    return s;
  }

  /**
   * Applies one behaviour of the current key's user.
   *
   * @return the updated state, or null when the behaviour changed nothing
   */
  public BseState onBehaviour(
      BehaviorEvent event, long processingTime, Consumer<DeadLetter> deadLetters)
      throws IOException {
    if (event.getUserId() == null || event.getUserId().isBlank()) {
      // the decode stage dead-letters these first; one that slips through must not pool users
      blankUsers.inc();
      deadLetters.accept(deadLetter(event, "BLANK_USER_ID", "user_id is blank", processingTime));
      return null;
    }
    BseState s = current();
    boolean fresh = s == null;
    if (fresh) {
      s = core.newState();
    }
    long time = event.getEventTime().toEpochMilli();
    BseCore.Outcome outcome = core.add(s, event.getItemId(), time);
    switch (outcome) {
      case UNKNOWN_ITEM -> unknownItems.inc();
      case NEGATIVE_TIMESTAMP -> {
        negativeTimestamps.inc();
        deadLetters.accept(
            deadLetter(
                event,
                "NEGATIVE_TIMESTAMP",
                "event_time " + time + " is negative",
                processingTime));
      }
      case LATE -> {
        late.inc();
        deadLetters.accept(
            deadLetter(
                event,
                "LATE",
                "event_time "
                    + time
                    + " is older than the user's newest "
                    + s.newestTime
                    + " minus the window "
                    + core.config().window(),
                processingTime));
      }
      case ADDED_OUT_OF_ORDER -> outOfOrder.inc();
      case ADDED -> {}
    }
    if (!outcome.changedState()) {
      return null;
    }
    evicted.inc(core.lastEvicted());
    state.update(s);
    return s;
  }

  private static DeadLetter deadLetter(
      BehaviorEvent event, String errorType, String reason, long processingTime) {
    return DeadLetter.newBuilder()
        .setSourceTopic("behaviors")
        .setPartition(-1)
        .setOffset(-1)
        .setStage(STAGE)
        .setErrorType(errorType)
        .setReason(reason + " (event " + event.getEventId() + ", user " + event.getUserId() + ")")
        .setRawKey(null)
        .setRawValue(ByteBuffer.wrap(CODEC.encode(event)))
        .setRecordTime(Instant.ofEpochMilli(Math.max(event.getEventTime().toEpochMilli(), 0)))
        .setFailedTime(Instant.ofEpochMilli(processingTime))
        .build();
  }
}
