package io.streamplex.ctr.artifact;

import java.io.IOException;

/** A model artifact that cannot be loaded: corrupt, tampered with, or not matching its config. */
public final class ArtifactException extends IOException {
  public ArtifactException(String message) {
    super(message);
  }

  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
