package io.streamplex.operators.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.UserActivity;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class UserActivityJobTest {

  @Test
  void keyedOperatorHasItsFixedUidAndName() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    DataStream<BehaviorEvent> events =
        env.fromSource(new NumberSequenceSource(0, 9), WatermarkStrategy.noWatermarks(), "numbers")
            .map(i -> UserActivityFunctionTest.event("e" + i, "u", "i", BehaviorType.CLICK, i))
            .returns(BehaviorEvent.class);
    SingleOutputStreamOperator<UserActivity> activity = UserActivityJob.userActivity(events, 3);
    assertEquals(UserActivityFunction.UID, activity.getTransformation().getUid());

    StreamNode node =
        env.getStreamGraph().getStreamNodes().stream()
            .filter(n -> UserActivityFunction.UID.equals(n.getTransformationUID()))
            .findFirst()
            .orElseThrow();
    assertEquals(UserActivityJob.OPERATOR_NAME, node.getOperatorName());
    assertEquals(1, node.getStatePartitioners().length, "keyed by user id");
  }

  @Test
  void aNullUserIdIsKeyedAsBlankInsteadOfFailingTheJob() {
    BehaviorEvent e = UserActivityFunctionTest.event("e", "x", "i", BehaviorType.VIEW, 1);
    e.setUserId(null);
    assertEquals(List.of("", "x"), List.of(UserActivityJob.userKey(e), keyOf("x")));
  }

  private static String keyOf(String user) {
    return UserActivityJob.userKey(
        UserActivityFunctionTest.event("e", user, "i", BehaviorType.VIEW, 1));
  }
}
