package io.streamplex.ctr.sdim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.layers.GradCheck;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backward pass of every trained sequence module (target attention, mean pooling, SDIM with
 * each normalisation) against central finite differences of loss = ⟨r, interest⟩, for the behaviour
 * embeddings and the candidate. SDIM's signatures are computed once and held fixed, as in training
 * (the hash is piecewise constant).
 */
class SequenceInterestGradientTest {

  static final int D = 6;
  static final int M = 4;
  static final int TAU = 2;
  static final int LENGTH = 30;

  private static void check(SequenceModule module, Normalisation norm) {
    check(module, norm, 0f);
  }

  private static void check(SequenceModule module, Normalisation norm, float beta) {
    Random rnd = new Random(7);
    float[] seq = GradCheck.gaussian(rnd, LENGTH * D, 1.0);
    float[] cand = GradCheck.gaussian(rnd, D, 1.0);
    float[] r = GradCheck.gaussian(rnd, D, 1.0);
    SimHashProjection p = new SimHashProjection(D, M, TAU, 5L);
    int[] sigs = new int[LENGTH * M];
    int[] one = new int[M];
    for (int i = 0; i < LENGTH; i++) {
      p.signatures(seq, i * D, new float[p.projectionLength()], one);
      System.arraycopy(one, 0, sigs, i * M, M);
    }
    int[] candSig = p.signatures(cand);
    SequenceInterest si = new SequenceInterest(module, norm, D, M, LENGTH, beta);
    float[] out = new float[D];
    java.util.function.Supplier<Double> loss =
        () -> {
          si.forward(seq, sigs, LENGTH, cand, 0, candSig, out, 0);
          return GradCheck.weighted(out, r, D);
        };
    float[] dSeq = new float[LENGTH * D];
    float[] dCand = new float[D];
    si.backward(seq, sigs, LENGTH, cand, 0, candSig, r, 0, dSeq, dCand, 0);
    int checked = GradCheck.compare(module + " sequence", seq, dSeq, loss, rnd, 60);
    checked += GradCheck.compare(module + " candidate", cand, dCand, loss, rnd, D);
    assertTrue(checked > 40, "checked " + checked);
    double sum = 0;
    for (float g : dSeq) {
      sum += Math.abs(g);
    }
    assertTrue(sum > 1e-3, "some gradient reaches the behaviours");
  }

  @org.junit.jupiter.api.Test
  void targetAttention() {
    check(SequenceModule.TARGET_ATTENTION, Normalisation.L2);
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void meanPooling(Normalisation norm) {
    check(SequenceModule.MEAN, norm);
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void meanPoolingIsTheSequenceSumNormalisedAsOneBucket(Normalisation norm) {
    Random rnd = new Random(13);
    float[] seq = GradCheck.gaussian(rnd, LENGTH * D, 1.0);
    float[] mean = new float[D];
    MeanPooling.pool(seq, LENGTH, D, mean, 0);
    double norm2 = 0;
    for (float v : mean) {
      norm2 += v * v;
    }
    float[] got = new float[D];
    new SequenceInterest(SequenceModule.MEAN, norm, D, 1, LENGTH)
        .forward(seq, new int[0], LENGTH, new float[D], 0, new int[0], got, 0);
    for (int k = 0; k < D; k++) {
      double expected =
          switch (norm) {
            case COUNT -> mean[k];
            case NONE -> mean[k] * LENGTH;
            case L2 -> mean[k] / Math.sqrt(norm2);
          };
      assertEquals(expected, got[k], 1e-5, norm + " component " + k);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(floats = {1f, 5f})
  void angularTargetAttention(float beta) {
    check(SequenceModule.TARGET_ATTENTION, Normalisation.L2, beta);
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void sdim(Normalisation norm) {
    check(SequenceModule.SDIM, norm);
  }

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void sdimTrainingPathEqualsTheBucketStateOfBse(Normalisation norm) {
    // the trainer gathers the candidate's buckets from the sequence; BSE keeps all buckets
    // incrementally: both must give the same interest
    Random rnd = new Random(11);
    float[] seq = GradCheck.gaussian(rnd, LENGTH * D, 1.0);
    float[] cand = GradCheck.gaussian(rnd, D, 1.0);
    SdimEncoder enc = new SdimEncoder(new SimHashProjection(D, M, TAU, 9L), norm);
    SdimEncoder.Workspace ws = enc.workspace();
    BucketAggregates state = enc.emptyAggregates();
    int[] sigs = new int[LENGTH * M];
    for (int i = 0; i < LENGTH; i++) {
      enc.add(state, seq, i * D, ws);
      System.arraycopy(ws.signatures(), 0, sigs, i * M, M);
    }
    float[] expected = new float[D];
    enc.interest(state, cand, 0, ws, expected, 0);
    float[] got = new float[D];
    new SequenceInterest(SequenceModule.SDIM, norm, D, M, LENGTH)
        .forward(seq, sigs, LENGTH, cand, 0, enc.projection().signatures(cand), got, 0);
    assertArrayEquals(expected, got, 1e-5f);
  }

  @ParameterizedTest
  @EnumSource(
      value = SequenceModule.class,
      names = {"MEAN", "TARGET_ATTENTION", "SDIM"})
  void anEmptySequenceGivesZerosAndNoGradient(SequenceModule module) {
    SequenceInterest si = new SequenceInterest(module, Normalisation.L2, D, M, LENGTH);
    float[] out = {1, 1, 1, 1, 1, 1};
    float[] cand = {1, 2, 3, 4, 5, 6};
    si.forward(new float[0], new int[0], 0, cand, 0, new int[M], out, 0);
    assertArrayEquals(new float[D], out);
    float[] dCand = new float[D];
    si.backward(new float[0], new int[0], 0, cand, 0, new int[M], cand, 0, new float[0], dCand, 0);
    assertEquals(0f, dCand[0]);
  }
}
