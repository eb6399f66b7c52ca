package io.streamplex.data;

import io.streamplex.schema.Candidate;
import io.streamplex.schema.Feature;
import io.streamplex.schema.Feedback;
import io.streamplex.schema.Impression;
import io.streamplex.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds labelled {@link TrainingExample}s the way every dataset reader does, and turns them back
 * into the event model so that a CTR dataset (Criteo, Avazu, Frappe, MovieLens) can be replayed as
 * impressions with labels: {@link #toImpression} gives a one-candidate {@link Impression} and
 * {@link #toFeedback} its {@link Feedback}; {@link #fromImpression} reassembles the example.
 */
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
    return labelled(requestId, userId, itemId, eventTimeMillis, features, label, eventTimeMillis);
  }

  /** A labelled example whose label arrived at {@code labelTimeMillis}. */
  public static TrainingExample labelled(
      String requestId,
      String userId,
      String itemId,
      long eventTimeMillis,
      List<Feature> features,
      boolean label,
      long labelTimeMillis) {
    // Built field by field: newBuilder(other) deep-copies through Avro's class loading, which
    // needs the trusted-packages flag on the JVM.
    return TrainingExample.newBuilder()
        .setRequestId(requestId)
        .setUserId(userId)
        .setItemId(itemId)
        .setEventTime(Instant.ofEpochMilli(eventTimeMillis))
        .setModelVersion(0L)
        .setScore(0.0)
        .setFeatures(features)
        .setEmbeddingRows(Map.of())
        .setEmbeddings(Map.of())
        .setLabel(label)
        .setLabelTime(Instant.ofEpochMilli(labelTimeMillis))
        .build();
  }

  /**
   * The impression that {@code example} answers: one candidate holding the ITEM-side fields, user
   * features the USER-side ones, context the CONTEXT-side ones and any field not in {@code fields}.
   * Request id, user, item and event time are the example's; the source is the request id up to its
   * first ':' (the dataset name, for examples read by this package).
   */
  public static Impression toImpression(TrainingExample example, List<FieldSpec> fields) {
    Map<String, FieldSpec.Side> side = new HashMap<>();
    for (FieldSpec f : fields) {
      side.put(f.name(), f.side());
    }
    List<Feature> user = new ArrayList<>();
    List<Feature> context = new ArrayList<>();
    List<Feature> item = new ArrayList<>();
    for (Feature f : example.getFeatures()) {
      switch (side.getOrDefault(f.getName(), FieldSpec.Side.CONTEXT)) {
        case USER -> user.add(f);
        case ITEM -> item.add(f);
        case CONTEXT -> context.add(f);
      }
    }
    String requestId = example.getRequestId();
    int colon = requestId.indexOf(':');
    return Impression.newBuilder()
        .setRequestId(requestId)
        .setUserId(example.getUserId())
        .setEventTime(example.getEventTime())
        .setUserFeatures(user)
        .setContext(context)
        .setCandidates(
            List.of(
                Candidate.newBuilder().setItemId(example.getItemId()).setFeatures(item).build()))
        .setSource(colon < 0 ? "" : requestId.substring(0, colon))
        .build();
  }

  /**
   * The label of {@code example} as the feedback event that arrives after its impression, at the
   * label time (or the event time when the example has none).
   *
   * @throws IllegalArgumentException when the example has no label
   */
  public static Feedback toFeedback(TrainingExample example) {
    if (example.getLabel() == null) {
      throw new IllegalArgumentException(
          "example " + example.getRequestId() + " has no label, so it has no feedback");
    }
    Instant at = example.getLabelTime() != null ? example.getLabelTime() : example.getEventTime();
    return Feedback.newBuilder()
        .setRequestId(example.getRequestId())
        .setUserId(example.getUserId())
        .setItemId(example.getItemId())
        .setClicked(example.getLabel())
        .setValue(null)
        .setEventTime(at)
        .build();
  }

  /**
   * The unlabelled example a scorer logs for {@code candidate} of {@code impression}: the fields in
   * {@code fields} order taken from the user features, context and candidate features (a field
   * found in none of them is missing).
   */
  public static TrainingExample fromImpression(
      Impression impression, Candidate candidate, List<FieldSpec> fields) {
    Map<String, Feature> byName = new HashMap<>();
    for (List<Feature> part :
        List.of(impression.getUserFeatures(), impression.getContext(), candidate.getFeatures())) {
      for (Feature f : part) {
        byName.put(f.getName(), f);
      }
    }
    List<Feature> features = new ArrayList<>(fields.size());
    for (FieldSpec spec : fields) {
      Feature f = byName.get(spec.name());
      features.add(f != null ? f : Features.missing(spec.name()));
    }
    return TrainingExample.newBuilder()
        .setRequestId(impression.getRequestId())
        .setUserId(impression.getUserId())
        .setItemId(candidate.getItemId())
        .setEventTime(impression.getEventTime())
        .setModelVersion(0L)
        .setScore(0.0)
        .setFeatures(features)
        .setEmbeddingRows(Map.of())
        .setEmbeddings(Map.of())
        .setLabel(null)
        .setLabelTime(null)
        .build();
  }
}
