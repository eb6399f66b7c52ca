package io.streamplex.operators.activity;

import io.streamplex.operators.flink.StreamplexOptions;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.UserActivity;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The user-activity pipeline between a source of behaviour events and a sink of {@link
 * UserActivity} updates, so that the {@code jobs} module can put Kafka (or files) around it.
 *
 * <pre>{@code
 * DataStream<BehaviorEvent> behaviors = env.fromSource(kafkaSource, watermarks, "behaviors");
 * SingleOutputStreamOperator<UserActivity> activity = UserActivityJob.userActivity(behaviors, 20);
 * activity.sinkTo(kafkaSink).uid("user-activity-sink");
 * activity.getSideOutput(UserActivityFunction.BLANK_USER_ID).sinkTo(deadLetters);
 * }</pre>
 */
public final class UserActivityJob {

  /** Name shown for the keyed operator in the web UI and metrics. */
  public static final String OPERATOR_NAME = "user-activity";

  private UserActivityJob() {}

  /**
   * The user id an event is keyed by; a null id becomes {@code ""}, because a null key would fail
   * the whole job in {@code keyBy} instead of reaching {@link UserActivityFunction}'s blank-id
   * rule.
   */
  public static String userKey(BehaviorEvent event) {
    String id = event.getUserId();
    return id == null ? "" : id;
  }

  /** Wires {@code behaviors} → keyBy(user id) → {@link UserActivityFunction}. */
  public static SingleOutputStreamOperator<UserActivity> userActivity(
      DataStream<BehaviorEvent> behaviors, int lastItemsCapacity) {
    return behaviors
        .keyBy(new UserKey(), Types.STRING)
        .process(
            new UserActivityFunction(lastItemsCapacity), TypeInformation.of(UserActivity.class))
        .uid(UserActivityFunction.UID)
        .name(OPERATOR_NAME);
  }

  /**
   * As {@link #userActivity(DataStream, int)}, N from {@link
   * StreamplexOptions#ACTIVITY_LAST_ITEMS}.
   */
  public static SingleOutputStreamOperator<UserActivity> userActivity(
      DataStream<BehaviorEvent> behaviors, ReadableConfig options) {
    return userActivity(behaviors, options.get(StreamplexOptions.ACTIVITY_LAST_ITEMS));
  }

  /** {@link #userKey} as a serializable key selector. */
  public static final class UserKey implements KeySelector<BehaviorEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(BehaviorEvent event) {
      return userKey(event);
    }
  }
}
