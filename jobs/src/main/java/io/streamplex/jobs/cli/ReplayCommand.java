package io.streamplex.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamplex.data.BehaviorLog;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.DatasetSource;
import io.streamplex.data.Examples;
import io.streamplex.data.ReadReport;
import io.streamplex.jobs.replay.Replayer;
import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Feedback;
import io.streamplex.schema.Impression;
import io.streamplex.schema.TrainingExample;
import io.streamplex.schema.codec.AvroCodec;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays a dataset into Kafka as Avro: behaviour datasets to the behaviours topic; CTR datasets as
 * impressions, each followed by its feedback.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replay a dataset into a Kafka topic as Avro single-object records.")
public final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatasetOptions datasets;

  @Option(
      names = "--dataset",
      required = true,
      description =
          "Dataset name: movielens-100k, movielens-latest-small, taobao, criteo-10k,"
              + " avazu-10k, frappe.")
  String dataset;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--behaviors-topic",
      defaultValue = "behaviors",
      description = "(default: ${DEFAULT-VALUE})")
  String behaviorsTopic;

  @Option(
      names = "--impressions-topic",
      defaultValue = "impressions",
      description = "(default: ${DEFAULT-VALUE})")
  String impressionsTopic;

  @Option(
      names = "--feedback-topic",
      defaultValue = "feedback",
      description = "(default: ${DEFAULT-VALUE})")
  String feedbackTopic;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Records per second; 0 for as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Send at most this many source records; 0 for all.")
  long limit;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(names = "--json", description = "End with one JSON line of counts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (rate < 0) {
      throw new UserException("--rate must be 0 or more, not " + rate);
    }
    if (limit < 0) {
      throw new UserException("--limit must be 0 or more, not " + limit);
    }
    DatasetSource source = datasets.resolve(dataset);
    PrintWriter err = spec.commandLine().getErr();
    ObjectNode summary = new ObjectMapper().createObjectNode();
    summary.put("dataset", dataset);
    ReadReport report;
    try (Replayer replayer = new Replayer(bootstrap, rate)) {
      if (source.hasBehaviors()) {
        BehaviorLog log = source.behaviors();
        report = log.report();
        List<BehaviorEvent> events = cap(log.events());
        AvroCodec<BehaviorEvent> codec = AvroCodec.of(BehaviorEvent.class);
        try (ProgressBar bar = bar("replay " + dataset, events.size())) {
          for (BehaviorEvent e : events) {
            replayer.send(behaviorsTopic, e.getUserId(), e, codec);
            step(bar);
          }
        }
        summary.put("behaviors", events.size());
        summary.put("behaviors_topic", behaviorsTopic);
      } else {
        CtrDataset ctr = source.ctr();
        report = ctr.report();
        List<TrainingExample> examples = cap(ctr.examples());
        AvroCodec<Impression> impressions = AvroCodec.of(Impression.class);
        AvroCodec<Feedback> feedback = AvroCodec.of(Feedback.class);
        try (ProgressBar bar = bar("replay " + dataset, examples.size())) {
          for (TrainingExample e : examples) {
            replayer.send(
                impressionsTopic,
                e.getUserId(),
                Examples.toImpression(e, ctr.fields()),
                impressions);
            replayer.send(feedbackTopic, e.getUserId(), Examples.toFeedback(e), feedback);
            step(bar);
          }
        }
        summary.put("impressions", examples.size());
        summary.put("feedback", examples.size());
        summary.put("impressions_topic", impressionsTopic);
        summary.put("feedback_topic", feedbackTopic);
      }
      replayer.flush();
      summary.put("sent", replayer.sent());
      summary.put("acknowledged", replayer.acknowledged());
      double secs = Math.max(1e-9, replayer.elapsed().toNanos() / 1e9);
      summary.put("seconds", Math.round(secs * 1000) / 1000.0);
      summary.put("records_per_second", Math.round(replayer.sent() / secs));
    } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
      throw new UserException("cannot send to Kafka at " + bootstrap + ": " + e.getMessage(), e);
    }
    summary.put("lines_read", report.linesRead());
    summary.put("malformed_lines", report.malformedCount());
    err.println(report.summary());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(summary);
    } else {
      out.printf(
          "replayed %s: %d records sent, %d acknowledged in %.1f s (%d records/s); %d malformed lines%n",
          dataset,
          summary.get("sent").asLong(),
          summary.get("acknowledged").asLong(),
          summary.get("seconds").asDouble(),
          summary.get("records_per_second").asLong(),
          report.malformedCount());
    }
    out.flush();
    return 0;
  }

  private <T> List<T> cap(List<T> all) {
    return limit > 0 && limit < all.size() ? all.subList(0, (int) limit) : all;
  }

  private ProgressBar bar(String task, long total) {
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII);
    if (noProgress) {
      b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(s -> {}));
    }
    return b.build();
  }

  private static void step(ProgressBar bar) {
    bar.step();
  }
}
