package io.streamplex.ctr.models;

import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.SequenceData;
import io.streamplex.ctr.layers.FieldEmbedding;
import io.streamplex.ctr.layers.Param;
import io.streamplex.ctr.sdim.SequenceInterest;
import io.streamplex.ctr.sdim.SequenceModule;
import io.streamplex.ctr.sdim.SimHashProjection;
import io.streamplex.embeddings.kernels.Kernels;
import java.util.Arrays;

/**
 * The sequence input of a model: appends one field, the user's interest for the candidate (SDIM,
 * target attention or mean pooling over the last L behaviours), to the field embeddings, so the
 * blocks see fields + 1 vectors. The candidate is the item field's embedding; behaviours are rows
 * of the same table, so the backward pass adds into the candidate's field gradient and straight
 * into the table rows of the behaviours.
 *
 * <p>SDIM signatures come from the current table: every row used in a batch is hashed once per
 * forward pass (the weights change only between passes), so a behaviour repeated across examples is
 * not hashed again.
 */
final class SequenceField {

  private final SequenceModule module;
  private final int fields;
  private final int width;
  private final int itemField;
  private final int maxLength;
  private final Param table;
  private final SimHashProjection projection;
  private final SequenceInterest interest;
  private final float[] combined;
  private final float[] dFields;
  private final float[] seq;
  private final float[] dSeq;
  private final int[] seqSigs;
  private final int[] candSig;
  private final float[] proj;
  private final int[] rowSigs;
  private final int[] rowStamp;
  private int stamp;
  private float[] emb;
  private EncodedData data;
  private int[] index;
  private int from;

  SequenceField(
      ModelConfig.Sequence c,
      EmbeddingSchema schema,
      FieldEmbedding embedding,
      int width,
      int maxBatch) {
    if (c.length < 1) {
      throw new IllegalArgumentException("sequence length L must be at least 1, got " + c.length);
    }
    this.module = c.module;
    this.fields = schema.fieldCount();
    this.width = width;
    this.itemField = SequenceData.itemField(schema, c.itemField);
    this.maxLength = c.length;
    this.table = embedding.table(schema.tableOf(itemField, 0));
    this.projection =
        c.module == SequenceModule.SDIM
            ? new SimHashProjection(width, c.m, c.tau, c.hashSeed)
            : null;
    int m = projection != null ? c.m : 1;
    this.interest =
        new SequenceInterest(
            c.module,
            c.module == SequenceModule.MEAN ? c.poolingNormalisation : c.normalisation,
            width,
            m,
            maxLength,
            c.attentionCosineBeta);
    this.combined = new float[maxBatch * (fields + 1) * width];
    this.dFields = new float[maxBatch * fields * width];
    this.seq = new float[maxLength * width];
    this.dSeq = new float[maxLength * width];
    this.seqSigs = new int[maxLength * m];
    this.candSig = new int[m];
    this.proj = new float[projection != null ? projection.projectionLength() : 0];
    this.rowSigs = projection != null ? new int[table.rows() * m] : null;
    this.rowStamp = projection != null ? new int[table.rows()] : null;
  }

  /** Fields the blocks see. */
  int outFields() {
    return fields + 1;
  }

  /** The field embeddings with the interest appended per example: batch × (fields+1) × width. */
  float[] forward(float[] emb, EncodedData data, int[] index, int from, int batch) {
    SequenceData s = data.sequences();
    if (s == null) {
      throw new IllegalArgumentException(
          "model has a " + module + " sequence field but the data carries no behaviour sequences");
    }
    this.emb = emb;
    this.data = data;
    this.index = index;
    this.from = from;
    if (++stamp == 0 && rowStamp != null) {
      Arrays.fill(rowStamp, 0);
      stamp = 1;
    }
    int fw = fields * width;
    for (int b = 0; b < batch; b++) {
      System.arraycopy(emb, b * fw, combined, b * (fw + width), fw);
      int length = load(s, example(b), b);
      int cOff = (b * fields + itemField) * width;
      interest.forward(seq, seqSigs, length, emb, cOff, candSig, combined, b * (fw + width) + fw);
    }
    return combined;
  }

  /**
   * Splits dCombined into the field gradient (returned, batch × fields × width), with the
   * candidate's share added to the item field, and adds the behaviours' share into the table.
   */
  float[] backward(float[] dCombined, int batch) {
    SequenceData s = data.sequences();
    int fw = fields * width;
    int[] rows = s.rows();
    for (int b = 0; b < batch; b++) {
      System.arraycopy(dCombined, b * (fw + width), dFields, b * fw, fw);
      int e = example(b);
      int length = load(s, e, b);
      int cOff = (b * fields + itemField) * width;
      interest.backward(
          seq,
          seqSigs,
          length,
          emb,
          cOff,
          candSig,
          dCombined,
          b * (fw + width) + fw,
          dSeq,
          dFields,
          cOff);
      int start = s.from(e, maxLength);
      for (int i = 0; i < length; i++) {
        int row = rows[start + i];
        table.touch(row);
        Kernels.axpy(1f, dSeq, i * width, table.g, row * width, width);
      }
    }
    return dFields;
  }

  private int example(int b) {
    return index == null ? from + b : index[from + b];
  }

  /**
   * Gathers example e's (batch position b) last L behaviour vectors into the scratch and, for SDIM,
   * their signatures and the candidate's.
   */
  private int load(SequenceData s, int e, int b) {
    int start = s.from(e, maxLength);
    int length = s.end(e) - start;
    int[] rows = s.rows();
    float[] w = table.w;
    for (int i = 0; i < length; i++) {
      System.arraycopy(w, rows[start + i] * width, seq, i * width, width);
    }
    if (projection != null) {
      int m = candSig.length;
      for (int i = 0; i < length; i++) {
        int row = rows[start + i];
        if (rowStamp[row] != stamp) {
          projection.signatures(w, row * width, proj, candSig);
          System.arraycopy(candSig, 0, rowSigs, row * m, m);
          rowStamp[row] = stamp;
        }
        System.arraycopy(rowSigs, row * m, seqSigs, i * m, m);
      }
      projection.signatures(emb, (b * fields + itemField) * width, proj, candSig);
    }
    return length;
  }
}
