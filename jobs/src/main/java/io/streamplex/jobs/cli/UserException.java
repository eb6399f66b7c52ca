package io.streamplex.jobs.cli;

/** A problem with what the user asked for (a bad path, an unknown name); its message says which. */
public final class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
