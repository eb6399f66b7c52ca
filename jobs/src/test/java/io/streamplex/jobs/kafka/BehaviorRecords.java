package io.streamplex.jobs.kafka;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.BehaviorType;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.UserActivity;
import io.streamplex.schema.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Behaviour events for end-to-end tests of the user-activity pipeline: {@code events} good records
 * over {@code users} users, with one garbage record after every 100th, and what the pipeline's
 * committed output must then be.
 */
public record BehaviorRecords(
    List<ProducerRecord<byte[], byte[]>> records, Map<String, Long> perUser, int garbage) {

  public static BehaviorRecords of(String topic, int events, int users) {
    AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<String, Long> perUser = new HashMap<>();
    int garbage = 0;
    for (int i = 0; i < events; i++) {
      String user = "u" + (i % users);
      perUser.merge(user, 1L, Long::sum);
      BehaviorEvent e =
          BehaviorEvent.newBuilder()
              .setEventId("e" + i)
              .setUserId(user)
              .setItemId("i" + (i % 11))
              .setBehaviorType(BehaviorType.CLICK)
              .setValue(null)
              .setEventTime(Instant.ofEpochMilli(1_000L + i))
              .setSource("end-to-end-test")
              .build();
      records.add(
          new ProducerRecord<>(topic, user.getBytes(StandardCharsets.UTF_8), codec.encode(e)));
      if (i % 100 == 50) {
        records.add(new ProducerRecord<>(topic, null, "not avro".getBytes(StandardCharsets.UTF_8)));
        garbage++;
      }
    }
    return new BehaviorRecords(records, perUser, garbage);
  }

  public int events() {
    return records.size() - garbage;
  }

  /**
   * Problems with committed pipeline output, or an empty list: one update per good event, each
   * user's last count equal to their number of events, and one BAD_HEADER dead letter per garbage
   * record.
   */
  public List<String> check(
      List<ConsumerRecord<byte[], byte[]>> activity, List<ConsumerRecord<byte[], byte[]>> dead)
      throws io.streamplex.schema.codec.DecodeException {
    List<String> problems = new ArrayList<>();
    if (activity.size() != events()) {
      problems.add(activity.size() + " user-activity updates, expected " + events());
    }
    AvroCodec<UserActivity> activityCodec = AvroCodec.of(UserActivity.class);
    Map<String, Long> last = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : activity) {
      UserActivity a = activityCodec.decode(r.value());
      last.merge(a.getUserId(), a.getTotalCount(), Math::max);
    }
    if (!last.equals(perUser)) {
      problems.add("last counts per user " + last + ", expected " + perUser);
    }
    if (dead.size() != garbage) {
      problems.add(dead.size() + " dead letters, expected " + garbage);
    }
    AvroCodec<DeadLetter> deadCodec = AvroCodec.of(DeadLetter.class);
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      String type = deadCodec.decode(r.value()).getErrorType().toString();
      if (!type.equals("BAD_HEADER")) {
        problems.add("dead letter of type " + type + ", expected BAD_HEADER");
      }
    }
    return problems;
  }
}
