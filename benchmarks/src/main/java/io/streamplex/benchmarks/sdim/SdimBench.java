package io.streamplex.benchmarks.sdim;

import io.streamplex.ctr.sdim.BucketAggregates;
import io.streamplex.ctr.sdim.Normalisation;
import io.streamplex.ctr.sdim.SdimEncoder;
import io.streamplex.ctr.sdim.SeededGaussian;
import io.streamplex.ctr.sdim.SimHashProjection;
import io.streamplex.ctr.sdim.TargetAttention;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one candidate's interest vector at sequence length L: SDIM from the user's precomputed
 * bucket state (what the scorer does: hash the candidate, gather m buckets, normalise, average)
 * against target attention over the full sequence. Both write into the same-sized output; each
 * invocation takes the next of {@value #CANDIDATES} candidates so neither hits one cached answer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class SdimBench {

  static final int CANDIDATES = 64;
  static final long SEED = 20260101L;

  @Param({"100", "1000", "10000"})
  public int length;

  @Param({"32"})
  public int dim;

  @Param({"8"})
  public int numHashes;

  @Param({"4"})
  public int bits;

  @Param({"COUNT"})
  public Normalisation normalisation;

  private float[] sequence;
  private float[] candidates;
  private float[] scores;
  private float[] out;
  private SdimEncoder encoder;
  private SdimEncoder.Workspace workspace;
  private BucketAggregates state;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SeededGaussian g = new SeededGaussian(SEED);
    sequence = new float[length * dim];
    g.fill(sequence, 0, sequence.length);
    candidates = new float[CANDIDATES * dim];
    g.fill(candidates, 0, candidates.length);
    scores = new float[length];
    out = new float[dim];
    encoder = new SdimEncoder(new SimHashProjection(dim, numHashes, bits, SEED), normalisation);
    workspace = encoder.workspace();
    // the BSE side: the sequence is hashed once, when the behaviours arrive, not per candidate
    state = encoder.emptyAggregates();
    for (int i = 0; i < length; i++) {
      encoder.add(state, sequence, i * dim, workspace);
    }
  }

  private int nextCandidateOffset() {
    next = (next + 1) & (CANDIDATES - 1);
    return next * dim;
  }

  @Benchmark
  public float[] sdim() {
    encoder.interest(state, candidates, nextCandidateOffset(), workspace, out, 0);
    return out;
  }

  @Benchmark
  public float[] targetAttention() {
    TargetAttention.interest(
        sequence, length, dim, candidates, nextCandidateOffset(), scores, out, 0);
    return out;
  }
}
