package io.streamplex.data;

import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.List;
import java.util.Map;

/** Builds and converts {@link TrainingExample}s the way every dataset reader does. */
public final class Examples {
  private Examples() {}

  /**
   * A labelled example as read from a file: nothing has scored it, so {@code model_version} and
   * {@code score} are 0, and the label arrives at the event time.
   */
  public static TrainingExample labelled(
      String requestId,
      String userId,
      String itemId,
      long eventTimeMillis,
      List<Feature> features,
      boolean label) {
    return TrainingExample.newBuilder()
        .setRequestId(requestId)
        .setUserId(userId)
        .setItemId(itemId)
        .setEventTime(java.time.Instant.ofEpochMilli(eventTimeMillis))
        .setModelVersion(0L)
        .setScore(0.0)
        .setFeatures(features)
        .setEmbeddingRows(Map.of())
        .setEmbeddings(Map.of())
        .setLabel(label)
        .setLabelTime(java.time.Instant.ofEpochMilli(eventTimeMillis))
        .build();
  }
}
