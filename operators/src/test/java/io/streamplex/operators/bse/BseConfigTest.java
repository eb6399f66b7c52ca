package io.streamplex.operators.bse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.sdim.BucketAggregates;
import io.streamplex.ctr.sdim.Normalisation;
import io.streamplex.ctr.sdim.SdimEncoder;
import io.streamplex.ctr.sdim.SequenceInterest;
import io.streamplex.ctr.sdim.SequenceModule;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BseConfigTest {

  static final int D = 8;

  @ParameterizedTest
  @EnumSource(Normalisation.class)
  void aModelsSdimFieldAndItsBseGiveTheSameInterest(Normalisation norm) {
    ModelConfig.Sequence seq = new ModelConfig.Sequence();
    seq.module = SequenceModule.SDIM;
    seq.m = 5;
    seq.tau = 3;
    seq.hashSeed = 99;
    seq.length = 40;
    seq.normalisation = norm;
    BseConfig config = BseConfig.forModel(seq, D);
    assertEquals(norm, config.normalisation());
    assertEquals(40, config.windowCount());

    Random rnd = new Random(3);
    int length = 30;
    float[] sequence = new float[length * D];
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = (float) rnd.nextGaussian();
    }
    float[] candidate = new float[D];
    for (int k = 0; k < D; k++) {
      candidate[k] = (float) rnd.nextGaussian();
    }
    SdimEncoder encoder = config.encoder();
    SdimEncoder.Workspace ws = encoder.workspace();
    BucketAggregates state = encoder.emptyAggregates();
    int[] sigs = new int[length * seq.m];
    for (int i = 0; i < length; i++) {
      encoder.add(state, sequence, i * D, ws);
      System.arraycopy(ws.signatures(), 0, sigs, i * seq.m, seq.m);
    }
    float[] served = new float[D];
    encoder.interest(state, candidate, 0, ws, served, 0);
    // what the trained model's field computes: same R (m, τ, seed) and same normalisation
    float[] trained = new float[D];
    new SequenceInterest(SequenceModule.SDIM, seq.normalisation, D, seq.m, seq.length)
        .forward(
            sequence,
            sigs,
            length,
            candidate,
            0,
            new io.streamplex.ctr.sdim.SimHashProjection(D, seq.m, seq.tau, seq.hashSeed)
                .signatures(candidate),
            trained,
            0);
    assertArrayEquals(trained, served, 1e-5f);
    double norm2 = 0;
    for (float v : served) {
      norm2 += v * v;
    }
    assertTrue(norm2 > 0, "the candidate's buckets are not all empty");
  }

  @ParameterizedTest
  @EnumSource(
      value = SequenceModule.class,
      names = {"NONE", "MEAN", "TARGET_ATTENTION"})
  void aModelWithoutAnSdimFieldIsRefused(SequenceModule module) {
    ModelConfig.Sequence seq = new ModelConfig.Sequence();
    seq.module = module;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BseConfig.forModel(seq, D));
    assertTrue(e.getMessage().contains(module.name()), e.getMessage());
  }
}
