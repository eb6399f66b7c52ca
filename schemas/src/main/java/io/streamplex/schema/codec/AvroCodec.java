package io.streamplex.schema.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding ({@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer
 * schema, then the binary body) for one generated record class. Every topic carries this format, so
 * any client decodes it from the {@code .avsc} files alone.
 *
 * <p>Decoding accepts the current schema and any older writer schema registered with {@link
 * #withWriterSchema(Schema)}, resolving it to the current one; that is how a reader on a newer
 * schema reads records written before a field was added. Failures are {@link DecodeException}s
 * whose {@link DecodeException#errorType()} says which of the three ways the bytes were wrong.
 *
 * <p>Instances are thread-safe: Avro's encoder and decoder keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    this.schema = SpecificData.get().getSchema(type);
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  /** A codec for a generated class such as {@code BehaviorEvent.class}. */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  /** Also accept records written with an older (or newer) version of this schema. */
  public AvroCodec<T> withWriterSchema(Schema writerSchema) {
    decoder.addSchema(writerSchema);
    return this;
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  /** The 8-byte fingerprint that follows the {@code C3 01} marker, as a long. */
  public long fingerprint() {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record.
   *
   * @throws DecodeException naming what was wrong with the bytes
   */
  public T decode(byte[] bytes) throws DecodeException {
    if (bytes == null) {
      throw new DecodeException(DecodeException.ErrorType.EMPTY, "record value is null");
    }
    if (bytes.length < 10) {
      throw new DecodeException(
          DecodeException.ErrorType.BAD_HEADER,
          "record is "
              + bytes.length
              + " bytes, shorter than the 10-byte single-object header (C3 01 + fingerprint)");
    }
    if ((bytes[0] & 0xFF) != 0xC3 || (bytes[1] & 0xFF) != 0x01) {
      throw new DecodeException(
          DecodeException.ErrorType.BAD_HEADER,
          String.format(
              "record starts with %02X %02X, not the Avro single-object marker C3 01",
              bytes[0] & 0xFF, bytes[1] & 0xFF));
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new DecodeException(
          DecodeException.ErrorType.UNKNOWN_SCHEMA,
          "no known "
              + type.getSimpleName()
              + " schema has fingerprint "
              + fingerprintHex(bytes)
              + " (expected "
              + String.format("%016x", fingerprint())
              + ")",
          e);
    } catch (BadHeaderException e) {
      throw new DecodeException(DecodeException.ErrorType.BAD_HEADER, e.getMessage(), e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new DecodeException(
          DecodeException.ErrorType.MALFORMED_BODY,
          type.getSimpleName() + " body does not decode: " + e,
          e);
    } catch (RuntimeException e) {
      throw new DecodeException(
          DecodeException.ErrorType.MALFORMED_BODY,
          type.getSimpleName() + " body does not decode: " + e,
          e);
    }
  }

  /** The writer fingerprint of single-object bytes as hex, in the order the bytes carry it. */
  static String fingerprintHex(byte[] bytes) {
    long fp = 0;
    for (int i = 0; i < 8; i++) {
      fp |= (bytes[2 + i] & 0xFFL) << (8 * i);
    }
    return String.format("%016x", fp);
  }
}
