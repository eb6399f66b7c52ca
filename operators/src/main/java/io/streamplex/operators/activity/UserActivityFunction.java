package io.streamplex.operators.activity;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.UserActivity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by user id, keeps each user's behaviour summary in keyed state (RocksDB in production) and
 * emits the updated {@link UserActivity} on every event.
 *
 * <p><b>Determinism.</b> Every output field except {@code updated_time} is a function of the user's
 * events in arrival order only: no wall clock, no hash-map iteration order ({@code counts} follows
 * {@link BehaviorType} order). Replaying the same input, or restoring from a checkpoint and
 * replaying the rest, gives equal outputs. {@code updated_time} is the operator's processing time
 * when it emitted the update, kept for latency measurement.
 *
 * <p><b>Blank user ids.</b> The decode stage routes events with a blank user id to dead letters
 * before they get here. If one arrives anyway (its key is {@code ""}, see {@link
 * UserActivityJob#userKey}), it touches no state, produces no main output, is counted in the
 * {@value #BLANK_USER_ID_METRIC} metric and is emitted on the {@link #BLANK_USER_ID} side output,
 * so it is never dropped silently.
 */
public class UserActivityFunction
    extends KeyedProcessFunction<String, BehaviorEvent, UserActivity> {

  private static final long serialVersionUID = 1L;

  /** Fixed operator uid: the keyed state is found by it on restore. Never change it. */
  public static final String UID = "user-activity";

  /** Name of the keyed state; part of the checkpoint format, like {@link #UID}. */
  public static final String STATE_NAME = "user-activity";

  /** Metric counting events that arrived with a blank user id. */
  public static final String BLANK_USER_ID_METRIC = "blankUserIdEvents";

  /** Events with a null or blank user id, untouched. */
  public static final OutputTag<BehaviorEvent> BLANK_USER_ID =
      new OutputTag<>("blank-user-id", TypeInformation.of(BehaviorEvent.class));

  private final int lastItemsCapacity;

  private transient ValueState<UserActivityState> state;
  private transient Counter blankUserIds;

  /**
   * @param lastItemsCapacity how many of each user's newest item ids to keep (N)
   */
  public UserActivityFunction(int lastItemsCapacity) {
    if (lastItemsCapacity < 1) {
      throw new IllegalArgumentException(
          "last-items capacity must be at least 1, got " + lastItemsCapacity);
    }
    this.lastItemsCapacity = lastItemsCapacity;
  }

  /** Type information of the state: a Flink POJO, never a Kryo generic type. */
  public static TypeInformation<UserActivityState> stateType() {
    return TypeInformation.of(UserActivityState.class);
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, stateType()));
    blankUserIds = getRuntimeContext().getMetricGroup().counter(BLANK_USER_ID_METRIC);
  }

  @Override
  public void processElement(BehaviorEvent event, Context ctx, Collector<UserActivity> out)
      throws Exception {
    String userId = ctx.getCurrentKey();
    if (userId == null || userId.isBlank()) {
      blankUserIds.inc();
      ctx.output(BLANK_USER_ID, event);
      return;
    }
    UserActivityState current = state.value();
    if (current == null) {
      current = new UserActivityState();
    }
    long eventTime = event.getEventTime().toEpochMilli();
    current.record(event.getBehaviorType(), event.getItemId(), eventTime, lastItemsCapacity);
    state.update(current);
    out.collect(
        toActivity(
            userId, current, lastItemsCapacity, event, ctx.timerService().currentProcessingTime()));
  }

  /** The output record for a user's state right after {@code trigger} was recorded. */
  static UserActivity toActivity(
      String userId,
      UserActivityState s,
      int capacity,
      BehaviorEvent trigger,
      long processingTimeMillis) {
    BehaviorType[] types = BehaviorType.values();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < s.counts.length && i < types.length; i++) {
      if (s.counts[i] > 0) {
        counts.put(types[i].name(), s.counts[i]);
      }
    }
    return UserActivity.newBuilder()
        .setUserId(userId)
        .setTotalCount(s.total)
        .setCounts(counts)
        .setLastItems(s.newestFirst())
        .setLastItemsCapacity(capacity)
        .setFirstEventTime(Instant.ofEpochMilli(s.firstEventTime))
        .setLastEventTime(Instant.ofEpochMilli(s.lastEventTime))
        .setEventTime(trigger.getEventTime())
        .setEventId(trigger.getEventId())
        .setUpdatedTime(Instant.ofEpochMilli(processingTimeMillis))
        .build();
  }
}
