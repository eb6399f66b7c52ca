package io.streamplex.embeddings.spec;

import io.streamplex.embeddings.graph.BipartiteGraph;
import io.streamplex.embeddings.hash.CanonicalValue;
import io.streamplex.embeddings.strategy.Vocabulary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the data-driven strategies need from the training split: value counts per categorical field
 * (multi-valued fields split by their separator) for collisionless and frequency, and the user–item
 * interactions of each graph for GraphHash. Feed it training records only: the vocabulary and the
 * graph must not see validation or test data.
 */
public final class FieldStatistics {

  private final FeatureSpec spec;
  private final Map<String, Vocabulary.Builder> counts = new LinkedHashMap<>();
  private final Map<String, BipartiteGraph.Builder> graphs = new LinkedHashMap<>();
  private final Map<String, Pattern> separators = new LinkedHashMap<>();

  public FieldStatistics(FeatureSpec spec) {
    this.spec = spec;
    for (FeatureSpec.Field f : spec.fields()) {
      if (f.type() != FeatureSpec.FieldType.NUMERIC) {
        counts.put(f.name(), Vocabulary.builder());
      }
      if (f.type() == FeatureSpec.FieldType.MULTI_VALUED) {
        separators.put(f.name(), Pattern.compile(Pattern.quote(f.separator())));
      }
    }
    for (FeatureSpec.Graph g : spec.graphs().values()) {
      graphs.put(g.name(), BipartiteGraph.builder());
    }
  }

  /** Counts one record, given as a lookup from field name to its raw string value. */
  public FieldStatistics observe(Function<String, String> record) {
    for (FeatureSpec.Field f : spec.fields()) {
      Vocabulary.Builder b = counts.get(f.name());
      if (b == null) {
        continue;
      }
      String v = record.apply(f.name());
      if (f.type() == FeatureSpec.FieldType.MULTI_VALUED && !CanonicalValue.isMissing(v)) {
        for (String part : separators.get(f.name()).split(v, -1)) {
          b.add(part);
        }
      } else {
        b.add(v);
      }
    }
    for (FeatureSpec.Graph g : spec.graphs().values()) {
      graphs.get(g.name()).add(record.apply(g.userField()), record.apply(g.itemField()));
    }
    return this;
  }

  public FieldStatistics observe(Map<String, String> record) {
    return observe(record::get);
  }

  public Vocabulary vocabulary(String field, long minCount) {
    Vocabulary.Builder b = counts.get(field);
    if (b == null) {
      throw new IllegalArgumentException("field '" + field + "' has no value counts");
    }
    return b.build(minCount);
  }

  public BipartiteGraph graph(String name, boolean binaryWeights) {
    return graphs.get(name).build(binaryWeights);
  }
}
