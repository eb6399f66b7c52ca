package io.streamplex.operators.bse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Memory per user: {@link BseConfig#stateBytes} equals what Flink actually writes to RocksDB. */
class BseStateSizeTest {

  @ParameterizedTest
  @CsvSource({"16,4,3,100,8", "32,8,4,1000,10", "64,48,3,200,12", "16,2,4,10,5"})
  void formulaMatchesTheSerializedStateOfAFullRing(int d, int m, int tau, int n, int idBytes)
      throws Exception {
    BseConfig config = BseConfig.of(d, m, tau, 1L, n);
    BseCore core = new BseCore(config, HashedItemEmbeddings.unbounded(2L, 1L, d));
    BseState s = core.newState();
    Random rnd = new Random(1);
    for (int i = 0; i < n + 5; i++) {
      StringBuilder id = new StringBuilder();
      for (int c = 0; c < idBytes; c++) {
        id.append((char) ('a' + rnd.nextInt(26)));
      }
      core.add(s, id.toString(), i);
    }
    TypeSerializer<BseState> serializer =
        BseRuntime.stateType().createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(s, out);
    System.out.printf(
        "BSE state per user: d=%d m=%d τ=%d N=%d ids of %d bytes → %d bytes%n",
        d, m, tau, n, idBytes, out.length());
    assertEquals(config.stateBytes(idBytes), out.length());
  }
}
