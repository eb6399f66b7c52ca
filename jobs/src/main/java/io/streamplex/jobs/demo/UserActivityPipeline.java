package io.streamplex.jobs.demo;

import io.streamplex.jobs.kafka.StreamplexTopics;
import io.streamplex.jobs.kafka.TopicsConfig;
import io.streamplex.operators.activity.UserActivityJob;
import io.streamplex.operators.decode.DecodeFunction;
import io.streamplex.operators.decode.Validators;
import io.streamplex.operators.kafka.AvroRecordSerializationSchema;
import io.streamplex.operators.kafka.KafkaSinks;
import io.streamplex.operators.kafka.KafkaSources;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.UserActivity;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo's job: Kafka {@code behaviors} → decode (bad bytes to {@code dead-letters}) → per-user
 * activity in keyed RocksDB state → Kafka {@code user-activity}, exactly-once end to end.
 */
public final class UserActivityPipeline {

  public static final String JOB_NAME = "streamplex-user-activity";

  private UserActivityPipeline() {}

  /** Adds the pipeline to {@code env}; {@code options} holds the Streamplex options. */
  public static void build(
      StreamExecutionEnvironment env,
      String bootstrapServers,
      TopicsConfig topics,
      ReadableConfig options,
      String transactionalIdPrefix) {
    String behaviors = topics.name(StreamplexTopics.BEHAVIORS);
    SingleOutputStreamOperator<BehaviorEvent> decoded =
        env.fromSource(
                KafkaSources.raw(bootstrapServers, JOB_NAME, List.of(behaviors)).build(),
                WatermarkStrategy.noWatermarks(),
                "kafka: " + behaviors)
            .uid("source-behaviors")
            .process(new DecodeFunction<>(BehaviorEvent.class, Validators.behaviorEvent()))
            .name("decode behaviors")
            .uid("decode-behaviors");
    UserActivityJob.userActivity(decoded, options)
        .sinkTo(
            KafkaSinks.exactlyOnce(
                bootstrapServers,
                new AvroRecordSerializationSchema<>(
                    topics.name(StreamplexTopics.USER_ACTIVITY),
                    UserActivity.class,
                    UserActivity::getUserId),
                transactionalIdPrefix + "-activity"))
        .name("kafka: " + topics.name(StreamplexTopics.USER_ACTIVITY))
        .uid("sink-user-activity");
    decoded
        .getSideOutput(DecodeFunction.DEAD_LETTERS)
        .sinkTo(
            KafkaSinks.exactlyOnce(
                bootstrapServers,
                new AvroRecordSerializationSchema<>(
                    topics.name(StreamplexTopics.DEAD_LETTERS),
                    DeadLetter.class,
                    DeadLetter::getSourceTopic),
                transactionalIdPrefix + "-dead-letters"))
        .name("kafka: " + topics.name(StreamplexTopics.DEAD_LETTERS))
        .uid("sink-dead-letters");
  }
}
