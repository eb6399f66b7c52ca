package io.streamplex.benchmarks.embeddings;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.graph.GraphClustering;
import io.streamplex.embeddings.graph.GraphHashMap;
import io.streamplex.embeddings.graph.Side;
import io.streamplex.embeddings.strategy.Collisionless;
import io.streamplex.embeddings.strategy.DoubleGraphHash;
import io.streamplex.embeddings.strategy.EmbeddingStrategy;
import io.streamplex.embeddings.strategy.FieldEmbedder;
import io.streamplex.embeddings.strategy.GraphHash;
import io.streamplex.embeddings.strategy.HashingTrick;
import io.streamplex.embeddings.strategy.UnifiedEmbedding;
import io.streamplex.embeddings.strategy.UnseenPolicy;
import io.streamplex.embeddings.strategy.Vocabulary;
import io.streamplex.embeddings.table.DenseEmbeddingTable;
import io.streamplex.embeddings.table.EmbeddingTable;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one field embedding (value → rows → gathered vector, width 16) per strategy, over 4,096
 * distinct 6–7 character IDs. Collisionless is the baseline: a hash-map lookup and one row copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class LookupBench {

  @Param({"collisionless", "hashing", "unified", "graphhash", "doublegraphhash"})
  String strategy;

  private EmbeddingStrategy s;
  private EmbeddingTable[] tables;
  private String[] values;
  private final int[] rows = new int[4];
  private final float[] out = new float[16];
  private int next;

  @Setup
  public void setup() {
    int n = 4096;
    values = new String[n];
    Vocabulary.Builder vocab = Vocabulary.builder();
    BipartiteGraph.Builder graph = BipartiteGraph.builder();
    SplittableRandom r = new SplittableRandom(1);
    for (int k = 0; k < n; k++) {
      values[k] = "id" + (100_000 + k);
      vocab.add(values[k]);
      graph.add(values[k], "item" + r.nextInt(200));
    }
    BipartiteGraph g = graph.build(false);
    GraphClustering.Config config = GraphClustering.Config.leiden(4, 1);
    GraphHashMap map = GraphHashMap.of(g, config, GraphClustering.cluster(g, config, null));
    s =
        switch (strategy) {
          case "collisionless" -> new Collisionless("f", vocab.build(1), 16);
          case "hashing" -> new HashingTrick("f", 1024, 16, 7);
          case "unified" -> new UnifiedEmbedding("ue", 2, 512, 8, 7).addFeature("f", 2);
          case "graphhash" -> new GraphHash("f", map, Side.USER, UnseenPolicy.HASH, 0, 16, 7);
          default ->
              new DoubleGraphHash(new GraphHash("f", map, Side.USER, UnseenPolicy.HASH, 0, 16, 7));
        };
    var spec = s.tables().get(0);
    DenseEmbeddingTable t =
        new DenseEmbeddingTable(spec.id(), spec.rows(), spec.dim()).initNormal(3, 0.01f);
    tables = FieldEmbedder.resolve(s, Map.of(spec.id(), t));
  }

  @Benchmark
  public float embed() {
    String v = values[next++ & 4095];
    s.rows(v, rows, 0);
    FieldEmbedder.forward(s, tables, rows, 0, out, 0);
    return out[0];
  }
}
