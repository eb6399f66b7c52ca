package io.streamplex.operators.decode;

import io.streamplex.operators.kafka.RawRecord;
import io.streamplex.schema.DeadLetter;
import io.streamplex.schema.codec.AvroCodec;
import io.streamplex.schema.codec.DecodeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes {@link RawRecord}s with {@link AvroCodec}, validates them, and emits the good ones. Every
 * record that fails goes to the {@link #DEAD_LETTERS} side output with its coordinates, the error
 * type, a reason and its raw bytes, so bad input neither stops the job nor disappears.
 *
 * <p>Metrics on the operator: {@code decoded}, {@code deadLetters}, and {@code deadLetters} under
 * the group {@code errorType=<TYPE>} for each error type ({@link DecodeException.ErrorType} names,
 * {@value DeadLetters#INVALID}, {@value DeadLetters#VALIDATOR_FAILED}).
 */
public class DecodeFunction<T extends SpecificRecordBase> extends ProcessFunction<RawRecord, T>
    implements ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  /** Side output carrying every record this function rejected. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  public static final String METRIC_DECODED = "decoded";
  public static final String METRIC_DEAD_LETTERS = "deadLetters";
  public static final String METRIC_GROUP_ERROR_TYPE = "errorType";

  private final Class<T> type;
  private final RecordValidator<? super T> validator;
  // Avro schemas go over the wire as JSON: the parsed form is rebuilt in open().
  private final List<String> olderWriterSchemas;

  private transient AvroCodec<T> codec;
  private transient Counter decoded;
  private transient Counter deadLetters;
  private transient Map<String, Counter> deadLettersByType;
  private transient MetricGroup metrics;

  public DecodeFunction(Class<T> type) {
    this(type, RecordValidator.none());
  }

  public DecodeFunction(Class<T> type, RecordValidator<? super T> validator) {
    this(type, validator, List.of());
  }

  /**
   * @param olderWriterSchemas earlier (or later) versions of {@code type}'s schema that producers
   *     may still write; their records are resolved to the current schema
   */
  public DecodeFunction(
      Class<T> type, RecordValidator<? super T> validator, List<Schema> olderWriterSchemas) {
    this.type = Objects.requireNonNull(type, "type");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.olderWriterSchemas = new ArrayList<>();
    for (Schema schema : olderWriterSchemas) {
      this.olderWriterSchemas.add(schema.toString());
    }
  }

  @Override
  public void open(OpenContext openContext) {
    codec = AvroCodec.of(type);
    for (String json : olderWriterSchemas) {
      codec.withWriterSchema(new Schema.Parser().parse(json));
    }
    metrics = getRuntimeContext().getMetricGroup();
    decoded = metrics.counter(METRIC_DECODED);
    deadLetters = metrics.counter(METRIC_DEAD_LETTERS);
    deadLettersByType = new HashMap<>();
    // Registered up front so that dashboards show a zero, not a missing series.
    for (DecodeException.ErrorType errorType : DecodeException.ErrorType.values()) {
      counterFor(errorType.name());
    }
    counterFor(DeadLetters.INVALID);
    counterFor(DeadLetters.VALIDATOR_FAILED);
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    T record;
    try {
      record = codec.decode(raw.value);
    } catch (DecodeException e) {
      reject(ctx, raw, DeadLetters.STAGE_DECODE, e.errorType().name(), e.getMessage());
      return;
    }
    List<String> problems;
    try {
      problems = validator.problems(record);
    } catch (RuntimeException e) {
      reject(
          ctx,
          raw,
          DeadLetters.STAGE_VALIDATE,
          DeadLetters.VALIDATOR_FAILED,
          "validator of " + type.getSimpleName() + " threw " + e);
      return;
    }
    if (!problems.isEmpty()) {
      reject(
          ctx,
          raw,
          DeadLetters.STAGE_VALIDATE,
          DeadLetters.INVALID,
          type.getSimpleName() + " is invalid: " + String.join("; ", problems));
      return;
    }
    decoded.inc();
    out.collect(record);
  }

  private void reject(Context ctx, RawRecord raw, String stage, String errorType, String reason) {
    deadLetters.inc();
    counterFor(errorType).inc();
    ctx.output(
        DEAD_LETTERS, DeadLetters.of(raw, stage, errorType, reason, System.currentTimeMillis()));
  }

  private Counter counterFor(String errorType) {
    return deadLettersByType.computeIfAbsent(
        errorType, t -> metrics.addGroup(METRIC_GROUP_ERROR_TYPE, t).counter(METRIC_DEAD_LETTERS));
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(type);
  }
}
