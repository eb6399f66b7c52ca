package io.streamplex.ctr.data;

/**
 * Maps one field's categorical values to embedding rows. A field may look up several chunks
 * (Unified Embedding's k_f), each in a named table that other fields may share; the chunk vectors
 * are concatenated (or summed, see {@link #summed()}). A collisionless vocabulary is the one-chunk
 * case; hashed, Unified Embedding and GraphHash strategies implement the same contract.
 */
public interface RowMapper {

  /** Number of chunks concatenated for this field. */
  int chunks();

  /** Name of the table chunk c looks up in. */
  String table(int chunk);

  /** Number of rows of that table. */
  int tableRows(int chunk);

  /** The row of a present value in chunk c's table. Unknown values must map somewhere valid. */
  int row(String value, int chunk);

  /** The row used when the field is absent from an example. */
  int missingRow(int chunk);

  /**
   * Whether the chunk vectors are summed (DoubleGraphHash) rather than concatenated; summed chunks
   * are each the field's full width.
   */
  default boolean summed() {
    return false;
  }

  /**
   * Sees a split's examples before {@link EncodedData#encode} reads their rows, for mappers whose
   * rows depend on other fields (GraphHash's NEIGHBOURS policy places an unseen ID by the IDs it
   * interacted with). Most mappers ignore it.
   */
  default void observe(java.util.List<io.streamplex.schema.TrainingExample> examples) {}
}
