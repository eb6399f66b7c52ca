package io.streamplex.data;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.Feature;
import io.streamplex.schema.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The CTR label rule for star ratings, as in AutoInt and DCN-V2 on MovieLens: a rating of 4 or more
 * is a click (true), 2 or less is not (false), anything in between (3, and on half-star scales 2.5
 * and 3.5) is dropped because it is neither a clear like nor a clear dislike.
 */
public final class RatingLabel {
  private RatingLabel() {}

  public static final double POSITIVE_AT_LEAST = 4.0;
  public static final double NEGATIVE_AT_MOST = 2.0;

  /** The label for {@code rating}, or empty when the rule drops it. */
  public static Optional<Boolean> of(double rating) {
    if (rating >= POSITIVE_AT_LEAST) {
      return Optional.of(Boolean.TRUE);
    }
    if (rating <= NEGATIVE_AT_MOST) {
      return Optional.of(Boolean.FALSE);
    }
    return Optional.empty();
  }

  /** The {@link ReadReport#filtered} reason for a dropped rating. */
  public static String droppedReason(double rating) {
    return "neutral rating " + rating + " dropped by label rule";
  }

  /**
   * The CTR view of rating events: each event whose rating the rule keeps becomes an example whose
   * request id is the event id. {@code features} returns null for an event whose user or item has
   * no side information; such events are counted in the report as filtered, as are dropped ratings.
   */
  public static CtrDataset ctrView(
      String name,
      List<FieldSpec> fields,
      List<BehaviorEvent> ratings,
      ReadReport readReport,
      Function<BehaviorEvent, List<Feature>> features) {
    ReadReport r = new ReadReport();
    r.addAll(readReport);
    List<TrainingExample> out = new ArrayList<>();
    for (BehaviorEvent e : ratings) {
      double rating = e.getValue();
      Optional<Boolean> label = of(rating);
      if (label.isEmpty()) {
        r.filtered(droppedReason(rating));
        continue;
      }
      List<Feature> f = features.apply(e);
      if (f == null) {
        r.filtered("user or item without side information");
        continue;
      }
      out.add(
          Examples.labelled(
              e.getEventId(),
              e.getUserId(),
              e.getItemId(),
              e.getEventTime().toEpochMilli(),
              f,
              label.get()));
    }
    return new CtrDataset(name, fields, out, r);
  }
}
