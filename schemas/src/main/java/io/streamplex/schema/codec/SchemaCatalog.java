package io.streamplex.schema.codec;

import io.streamplex.schema.BehaviorEvent;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.Feedback;
import io.streamplex.schema.Impression;
import io.streamplex.schema.ModelUpdate;
import io.streamplex.schema.ScoredCandidate;
import io.streamplex.schema.TrainingExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every top-level record type that travels on a topic, found by the fingerprint in its
 * single-object header. Lets tools such as {@code inspect} decode a topic without being told its
 * type.
 */
public final class SchemaCatalog {

  private final Map<Long, AvroCodec<? extends SpecificRecord>> byFingerprint =
      new LinkedHashMap<>();

  private SchemaCatalog(List<Class<? extends SpecificRecord>> types) {
    for (Class<? extends SpecificRecord> type : types) {
      register(type);
    }
  }

  /** The catalog of every Streamplex topic record type. */
  public static SchemaCatalog standard() {
    List<Class<? extends SpecificRecord>> types = new ArrayList<>();
    types.add(BehaviorEvent.class);
    types.add(Impression.class);
    types.add(Feedback.class);
    types.add(ScoredCandidate.class);
    types.add(TrainingExample.class);
    types.add(ModelUpdate.class);
    types.add(DeadLetter.class);
    return new SchemaCatalog(types);
  }

  /** Adds a record type (e.g. a feature topic's) to this catalog. */
  public <T extends SpecificRecord> SchemaCatalog register(Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    byFingerprint.put(codec.fingerprint(), codec);
    return this;
  }

  public List<Class<? extends SpecificRecord>> types() {
    List<Class<? extends SpecificRecord>> out = new ArrayList<>();
    byFingerprint.values().forEach(c -> out.add(c.type()));
    return out;
  }

  /** The codec whose schema has the fingerprint carried by these single-object bytes. */
  public Optional<AvroCodec<? extends SpecificRecord>> codecFor(byte[] bytes) {
    if (bytes == null || bytes.length < 10) {
      return Optional.empty();
    }
    long fp = 0;
    for (int i = 0; i < 8; i++) {
      fp |= (bytes[2 + i] & 0xFFL) << (8 * i);
    }
    return Optional.ofNullable(byFingerprint.get(fp));
  }

  /**
   * Decodes bytes of any catalogued type.
   *
   * @throws DecodeException naming the problem, UNKNOWN_SCHEMA when no type matches
   */
  public SpecificRecord decode(byte[] bytes) throws DecodeException {
    Optional<AvroCodec<? extends SpecificRecord>> codec = codecFor(bytes);
    if (codec.isEmpty()) {
      // Let a codec produce the precise header error, or report the unknown fingerprint.
      AvroCodec<? extends SpecificRecord> any = byFingerprint.values().iterator().next();
      any.decode(bytes);
      throw new DecodeException(
          DecodeException.ErrorType.UNKNOWN_SCHEMA,
          "fingerprint " + AvroCodec.fingerprintHex(bytes) + " matches no Streamplex schema");
    }
    return codec.get().decode(bytes);
  }

  /** The record in Avro's JSON encoding, on one line. */
  public static String toJson(SpecificRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out, false);
      new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot render " + record.getSchema().getName(), e);
    }
  }
}
