package io.streamplex.schema.codec;

/** Bytes that are not a valid single-object-encoded record of the expected type. */
public final class DecodeException extends Exception {

  /** The ways bytes can fail to decode; the name goes into a dead letter's error type. */
  public enum ErrorType {
    /** No value at all. */
    EMPTY,
    /** Too short, or not starting with the single-object marker {@code C3 01}. */
    BAD_HEADER,
    /** A valid header whose fingerprint names no schema this reader knows. */
    UNKNOWN_SCHEMA,
    /** A known schema, but the body does not decode with it (truncated, corrupt). */
    MALFORMED_BODY
  }

  private final ErrorType errorType;

  public DecodeException(ErrorType errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public DecodeException(ErrorType errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  public ErrorType errorType() {
    return errorType;
  }
}
