package io.streamplex.data;

/**
 * One input field of a CTR view: its name, how a model should read it, and which side of an {@link
 * io.streamplex.schema.Impression} it belongs to when an example is replayed as events.
 */
public record FieldSpec(String name, Kind kind, Side side) {
  /** How a model reads the field. */
  public enum Kind {
    /** One categorical value (embedding lookup). */
    CATEGORICAL,
    /** Any number of categorical values, averaged (e.g. genres). */
    MULTI_VALUED,
    /** One number in {@code Feature.number}. */
    NUMERIC
  }

  /** Where the field sits in an impression. */
  public enum Side {
    /** {@code Impression.user_features}. */
    USER,
    /** {@code Candidate.features}: it describes the item being scored. */
    ITEM,
    /** {@code Impression.context}: shared by every candidate of the request. */
    CONTEXT
  }

  public static FieldSpec categorical(String name, Side side) {
    return new FieldSpec(name, Kind.CATEGORICAL, side);
  }

  public static FieldSpec multi(String name, Side side) {
    return new FieldSpec(name, Kind.MULTI_VALUED, side);
  }

  public static FieldSpec numeric(String name, Side side) {
    return new FieldSpec(name, Kind.NUMERIC, side);
  }
}
