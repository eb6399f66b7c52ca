package io.streamplex.benchmarks.compress;

import io.streamplex.ctr.compress.Calibration;
import io.streamplex.ctr.compress.DnnCompression;
import io.streamplex.ctr.compress.LowRankCompressor;
import io.streamplex.ctr.data.DatasetFields;
import io.streamplex.ctr.data.EmbeddingSchema;
import io.streamplex.ctr.data.EncodedData;
import io.streamplex.ctr.data.FieldSpec;
import io.streamplex.ctr.data.Splits;
import io.streamplex.ctr.eval.CtrBench;
import io.streamplex.ctr.models.CtrModel;
import io.streamplex.ctr.models.ModelConfig;
import io.streamplex.ctr.train.Trainer;
import io.streamplex.data.CtrDataset;
import io.streamplex.data.Datasets;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Inference of AutoInt+ (DNN 400-400-400) on MovieLens-100K examples, original against its
 * AFM-compressed form, in the same run: the whole model forward (embedding lookup, interacting
 * layers, DNN, heads) for a batch of 1 or 256 examples. The setup trains the original briefly on a
 * slice of the training split (timing does not depend on how well the weights fit, only on the
 * shapes) and calibrates on that slice.
 *
 * <p>{@code layers} names the compressed hidden layers with their rank: "0+1+2/16" (the default)
 * compresses all three, 3.8× fewer parameters in the whole model; "1+2/64" is the paper's demo
 * (layers 2 and 3 of 3).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class CompressedInferenceBench {

  private static final int SLICE = 8192;

  @Param({"1", "256"})
  public int batch;

  @Param({"0+1+2/16"})
  public String layers;

  private CtrModel original;
  private CtrModel compressed;
  private EncodedData data;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    io.streamplex.data.DatasetSource ds = Datasets.get("movielens-100k");
    if (!ds.available()) {
      throw new IllegalStateException(
          "movielens-100k is not staged under <streamplex.shared.dir>/datasets; cannot benchmark");
    }
    CtrDataset ml = ds.ctr();
    ModelConfig config = CtrBench.loadConfig("autoint-plus");
    config.maxEpochs = 1;
    config.batchSize = 256;
    Splits.Split s = Splits.random(ml.examples(), config.seed, 0.8, 0.1);
    List<FieldSpec> fields = DatasetFields.of(ml, FieldSpec.Transform.MIN_MAX);
    EmbeddingSchema schema = EmbeddingSchema.fit(fields, s.train());
    data = EncodedData.encode(schema, s.train().subList(0, SLICE));
    EncodedData valid = EncodedData.encode(schema, s.valid());
    original = new Trainer(config).fit(data, valid).model();

    String[] spec = layers.split("/");
    int rank = Integer.parseInt(spec[1]);
    List<Integer> hidden = Arrays.stream(spec[0].split("\\+")).map(Integer::valueOf).toList();
    Map<Integer, Calibration> cal = DnnCompression.calibrate(original, data, hidden, SLICE);
    Map<Integer, LowRankCompressor.RankRule> rules = new TreeMap<>();
    for (int h : hidden) {
      rules.put(h, LowRankCompressor.RankRule.ofRank(rank));
    }
    compressed = DnnCompression.compress(original, cal, rules).model();
  }

  private int from() {
    int f = next;
    next = next + batch + batch > SLICE ? 0 : next + batch;
    return f;
  }

  @Benchmark
  public float original() {
    return original.forward(data, null, from(), batch, false)[0];
  }

  @Benchmark
  public float compressed() {
    return compressed.forward(data, null, from(), batch, false)[0];
  }
}
