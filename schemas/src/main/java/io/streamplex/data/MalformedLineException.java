package io.streamplex.data;

/**
 * Thrown by a line parser to reject one line; {@link Lines} catches it, records it in the {@link
 * ReadReport} and goes on with the next line. The message is the reason, kept short and stable so
 * that counts per reason are meaningful (e.g. "expected 4 fields", "rating not a number").
 */
public final class MalformedLineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedLineException(String reason) {
    super(reason, null, false, false);
  }
}
