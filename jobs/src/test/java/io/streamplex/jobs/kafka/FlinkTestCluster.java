package io.streamplex.jobs.kafka;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** MiniClusters for the Kafka tests. */
final class FlinkTestCluster {

  private FlinkTestCluster() {}

  /**
   * One TaskManager with two slots: the default single slot would leave a parallelism-2 job waiting
   * five minutes for resources.
   */
  static MiniClusterExtension twoSlots(Configuration conf) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(conf)
            .build());
  }
}
