package io.streamplex.operators.kafka;

import java.io.Serializable;
import java.util.function.Function;

/** Picks a record's Kafka key (UTF-8 encoded by the sink); null means no key. */
@FunctionalInterface
public interface KeyExtractor<T> extends Function<T, String>, Serializable {}
