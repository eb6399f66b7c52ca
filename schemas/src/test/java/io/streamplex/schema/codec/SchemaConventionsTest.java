package io.streamplex.schema.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** Every topic schema is documented, in one namespace, and carries times as timestamp-millis. */
class SchemaConventionsTest {

  @Test
  void everyFieldIsDocumentedInOneNamespace() {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Class<?> type : SchemaCatalog.standard().types()) {
      walk(SpecificData.get().getSchema(type), seen, problems);
    }
    assertTrue(seen.size() >= 10, "walked " + seen);
    assertEquals(List.of(), problems);
  }

  private static void walk(Schema s, Set<String> seen, List<String> problems) {
    switch (s.getType()) {
      case UNION -> s.getTypes().forEach(t -> walk(t, seen, problems));
      case ARRAY -> walk(s.getElementType(), seen, problems);
      case MAP -> walk(s.getValueType(), seen, problems);
      case RECORD, ENUM -> {
        if (!seen.add(s.getFullName())) {
          return;
        }
        if (!"io.streamplex.schema".equals(s.getNamespace())) {
          problems.add(s.getFullName() + ": namespace is not io.streamplex.schema");
        }
        if (s.getDoc() == null || s.getDoc().isBlank()) {
          problems.add(s.getFullName() + ": no doc");
        }
        if (s.getType() == Schema.Type.RECORD) {
          for (Schema.Field f : s.getFields()) {
            if (f.doc() == null || f.doc().isBlank()) {
              problems.add(s.getName() + "." + f.name() + ": no doc");
            }
            boolean named = f.name().endsWith("_time");
            Schema ft = f.schema();
            if (ft.isUnion()) {
              ft = ft.getTypes().get(ft.getTypes().size() - 1);
            }
            if (named
                && (ft.getLogicalType() == null
                    || !"timestamp-millis".equals(ft.getLogicalType().getName()))) {
              problems.add(s.getName() + "." + f.name() + ": a time without timestamp-millis");
            }
            walk(f.schema(), seen, problems);
          }
        }
      }
      default -> {}
    }
  }
}
