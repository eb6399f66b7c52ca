package io.streamplex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  @Test
  void unknownNameListsTheKnownOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Datasets.get("movielens-1m"));
    assertTrue(e.getMessage().contains("'movielens-1m'"), e.getMessage());
    for (String known : Datasets.names()) {
      assertTrue(e.getMessage().contains(known), e.getMessage());
    }
  }

  @Test
  void everyNameIsRegisteredWithWhatItOffers() {
    assertTrue(
        Datasets.names()
            .containsAll(
                java.util.List.of(
                    "movielens-100k",
                    "movielens-latest-small",
                    "taobao",
                    "criteo-10k",
                    "avazu-10k",
                    "frappe",
                    "synthetic")));
    assertTrue(Datasets.get("taobao").hasBehaviors());
    assertTrue(!Datasets.get("taobao").hasCtr());
    assertTrue(
        Datasets.get("movielens-100k").hasCtr() && Datasets.get("movielens-100k").hasBehaviors());
    var e =
        assertThrows(
            UnsupportedOperationException.class, () -> Datasets.get("criteo-10k").behaviors());
    assertTrue(e.getMessage().contains("criteo-10k"), e.getMessage());
  }

  @Test
  void syntheticNeedsNoDatasetsFolder() throws IOException {
    var source = Datasets.synthetic(SyntheticGenerator.Config.defaults(5).withSize(10, 50, 100));
    assertTrue(source.available());
    var events = source.behaviors().events();
    assertTrue(
        events.size() >= 500 && events.size() <= 1000, "10 users x 50..100: " + events.size());
    assertEquals(source.ctr().examples(), source.ctr().examples());
  }

  @Test
  void registryReadsFromTheStagedFolder() throws IOException {
    DatasetAssumptions.assumeDataset("avazu-ctr-first10k");
    assertEquals(9_999, Datasets.get("avazu-10k").ctr().size());
  }
}
