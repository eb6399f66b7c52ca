package io.streamplex.ctr.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamplex.ctr.retrieval.RetrievalStrategies.Kind;
import io.streamplex.embeddings.graph.BipartiteGraph;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on a planted-community log: GraphHash, whose clusters recover the communities, must
 * retrieve far better than modulo hashing with exactly as many rows, which mixes communities.
 */
class GraphHashRetrievalTest {

  private static final int DIM = 16;
  private static ImplicitSplit split;
  private static RetrievalStrategies.GraphHashChoice choice;
  private static RetrievalEvaluator evaluator;

  @BeforeAll
  static void data() {
    PlantedCommunities data = PlantedCommunities.generate(8, 320, 160, 15, 0.9, 17);
    split = ImplicitSplit.perUserRandom(data.users(), data.items(), 0.8, 0.1, 3);
    choice = RetrievalStrategies.chooseGraphHash(split, List.of(0.5, 1.0, 2.0, 4.0), 0.75, 3);
    evaluator = new RetrievalEvaluator(split, 20);
  }

  private static BprTrainer.Result train(Kind kind, long seed) {
    return train(kind, seed, new ArrayList<>());
  }

  private static BprTrainer.Result train(Kind kind, long seed, List<float[]> weightsOut) {
    var pair = RetrievalStrategies.build(kind, split, choice.map(), DIM, seed);
    MfBpr model =
        MfBpr.forSplit(
            split, pair, new MfBpr.Config(2, MfBpr.Optimizer.ADAM, 0.01f, 1e-4f, 0.1f, seed));
    BprTrainer.Result r =
        BprTrainer.fit(model, split, new BprTrainer.Config(256, 80, 5, 4, seed), evaluator, null);
    // early stopping hands back the best validation epoch's tables, not the last epoch's
    assertEquals(r.validation(), evaluator.evaluate(model, RetrievalEvaluator.Part.VALIDATION));
    assertTrue(r.bestEpoch() <= r.epochs());
    weightsOut.addAll(model.snapshot());
    return r;
  }

  @Test
  void theMapIsBuiltFromTrainingInteractionsOnlyAndMeetsTheRowTarget() {
    BipartiteGraph g = RetrievalStrategies.trainingGraph(split);
    assertEquals(split.trainInteractions(), g.interactions());
    assertTrue(choice.reduction() >= 0.75, "reduction " + choice.reduction());
    var modulo = RetrievalStrategies.build(Kind.MODULO, split, choice.map(), DIM, 3);
    var graph = RetrievalStrategies.build(Kind.GRAPHHASH, split, choice.map(), DIM, 3);
    var dbl = RetrievalStrategies.build(Kind.DOUBLEGRAPHHASH, split, choice.map(), DIM, 3);
    assertEquals(graph.userRows(), modulo.userRows());
    assertEquals(graph.itemRows(), modulo.itemRows());
    assertEquals(graph.userRows(), dbl.userRows());
    assertEquals(1 + choice.userClusters(), graph.userRows());
  }

  @Test
  void graphHashRecallBeatsModuloHashingAtEqualRows() {
    Map<Kind, BprTrainer.Result> r = new EnumMap<>(Kind.class);
    for (Kind k : List.of(Kind.MODULO, Kind.GRAPHHASH)) {
      r.put(k, train(k, 5));
    }
    double graph = r.get(Kind.GRAPHHASH).test().recall();
    double modulo = r.get(Kind.MODULO).test().recall();
    assertTrue(
        graph > modulo + 0.3,
        "GraphHash Recall@20 " + graph + " should beat modulo hashing's " + modulo + " by 0.3");
    // the clusters recover the 8 planted communities, so most held-out items are found
    assertTrue(graph > 0.6, "GraphHash Recall@20 " + graph);
  }

  @Test
  void theSameSeedGivesTheSameModelAndMetrics() {
    List<float[]> a = new ArrayList<>();
    List<float[]> b = new ArrayList<>();
    List<float[]> c = new ArrayList<>();
    BprTrainer.Result first = train(Kind.DOUBLEGRAPHHASH, 9, a);
    BprTrainer.Result second = train(Kind.DOUBLEGRAPHHASH, 9, b);
    BprTrainer.Result other = train(Kind.DOUBLEGRAPHHASH, 10, c);
    assertEquals(a.size(), b.size());
    for (int t = 0; t < a.size(); t++) {
      assertArrayEquals(a.get(t), b.get(t));
    }
    assertEquals(first.bestEpoch(), second.bestEpoch());
    assertEquals(first.test(), second.test());
    assertNotEquals(a.get(0)[0], c.get(0)[0]);
  }

  @Test
  void snapshotRestoresEveryTable() {
    var pair = RetrievalStrategies.build(Kind.COLLISIONLESS, split, choice.map(), DIM, 1);
    MfBpr model =
        MfBpr.forSplit(
            split, pair, new MfBpr.Config(1, MfBpr.Optimizer.ADAGRAD, 0.1f, 0f, 0.1f, 1));
    List<float[]> before = model.snapshot();
    model.step(
        new int[] {0, 1},
        new int[] {split.train(0)[0], split.train(1)[0]},
        new int[] {split.items() - 1, split.items() - 2},
        2);
    List<float[]> stepped = model.snapshot();
    assertTrue(
        !java.util.Arrays.equals(before.get(0), stepped.get(0)), "the step should move user rows");
    model.restore(before);
    List<float[]> after = model.snapshot();
    for (int t = 0; t < before.size(); t++) {
      assertArrayEquals(before.get(t), after.get(t));
    }
  }
}
