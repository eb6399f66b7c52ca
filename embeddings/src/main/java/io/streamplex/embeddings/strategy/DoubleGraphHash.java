package io.streamplex.embeddings.strategy;

import io.streamplex.embeddings.hash.CanonicalValue;
import java.util.List;

/**
 * DoubleGraphHash: two lookups into the same GraphHash table, the ID's cluster row and a salted
 * hash row in [1, 1 + C), summed. Two IDs of one cluster still differ unless their hashes collide
 * too. A missing value reads the missing row twice. Under the {@link UnseenPolicy#HASH} policy an
 * unseen ID's first lookup is that same hash row (papers.md: the fallback matches DoubleGraphHash's
 * hash half), so it reads one row twice.
 */
public final class DoubleGraphHash implements EmbeddingStrategy {

  private final GraphHash graphHash;

  public DoubleGraphHash(GraphHash graphHash) {
    this.graphHash = graphHash;
  }

  public GraphHash graphHash() {
    return graphHash;
  }

  @Override
  public String field() {
    return graphHash.field();
  }

  @Override
  public String kind() {
    return "doublegraphhash";
  }

  @Override
  public int lookups() {
    return 2;
  }

  @Override
  public void rows(String value, int[] out, int off) {
    graphHash.rows(value, out, off);
    out[off + 1] = CanonicalValue.isMissing(value) ? MISSING_ROW : graphHash.hashRow(value);
  }

  @Override
  public void rows(long value, int[] out, int off) {
    graphHash.rows(value, out, off);
    out[off + 1] = graphHash.hashRow(value);
  }

  @Override
  public String tableId(int lookup) {
    return graphHash.table().id();
  }

  @Override
  public List<TableSpec> tables() {
    return graphHash.tables();
  }

  @Override
  public int lookupDim(int lookup) {
    return graphHash.table().dim();
  }

  @Override
  public Combine combine() {
    return Combine.SUM;
  }
}
