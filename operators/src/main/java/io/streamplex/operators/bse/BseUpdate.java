package io.streamplex.operators.bse;

/** Emitted by {@link BseFunction} for every behaviour that changed a user's BSE state. */
public class BseUpdate {
  public String userId;
  public String eventId;
  public int windowSize;
  public long embeddingVersion;

  /** {@link BseCore#checksum} of the whole state after this behaviour. */
  public long stateChecksum;

  public BseUpdate() {}

  BseUpdate(String userId, String eventId, BseState s) {
    this.userId = userId;
    this.eventId = eventId;
    this.windowSize = s.ringSize;
    this.embeddingVersion = s.embeddingVersion;
    this.stateChecksum = BseCore.checksum(s);
  }

  @Override
  public String toString() {
    return "BseUpdate["
        + userId
        + " "
        + eventId
        + " size="
        + windowSize
        + " v="
        + embeddingVersion
        + " checksum="
        + Long.toHexString(stateChecksum)
        + "]";
  }
}
