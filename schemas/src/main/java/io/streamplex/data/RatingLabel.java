package io.streamplex.data;

import java.util.Optional;

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
}
