package io.bussdcc.kafka;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.spi.SourceProvider;
import java.util.List;

/**
 * Provides the {@link KafkaSource} as source {@code kafka} for locations
 * {@code kafka://HOST:PORT/TOPIC?device=…&from=…&to=…} ({@link KafkaLocation}). Keys below
 * {@code source.kafka.}: {@code from}, {@code to}, {@code device} (comma-separated; added to
 * the location's), {@code timeout}, and {@code consumer.*} for any Kafka consumer setting.
 */
public final class KafkaSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public boolean canRead(String location) {
        return KafkaLocation.isKafka(location);
    }

    @Override
    public EventSource create(String location, Config config) {
        KafkaLocation where = KafkaLocation.parse(location);
        KafkaSource.Builder b = KafkaSource.builder(where);
        config.get("device").ifPresent(d -> b.devices(List.of(d.split(","))
                .stream().map(String::strip).filter(s -> !s.isEmpty()).toList()));
        try {
            config.get("from").ifPresent(t -> b.from(Times.parse(t)));
            config.get("to").ifPresent(t -> b.to(Times.parse(t)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("source.kafka from/to: " + e.getMessage(), e);
        }
        if (config.get("timeout").isPresent()) {
            b.timeout(config.getDuration("timeout", null));
        }
        Config consumer = config.section("consumer");
        for (String key : consumer.keys()) {
            b.consumer(key, consumer.get(key).orElseThrow());
        }
        return b.build();
    }
}
