package io.bussdcc.kafka;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.spi.SinkProvider;

/**
 * Provides the {@link KafkaSink} as sink {@code kafka}, off unless {@code sink.kafka.enabled=true}.
 * Keys below {@code sink.kafka.}: {@code bootstrap} and {@code topic} (required), {@code device},
 * {@code log}, {@code checkpoint}, {@code settle}, {@code stop-timeout}, {@code status-interval},
 * {@code max-in-flight}, and {@code producer.*} for any Kafka producer setting; docs/kafka.md
 * describes each.
 */
public final class KafkaSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public boolean enabledByDefault() {
        return false;
    }

    @Override
    public EventSink create(Config config) {
        KafkaSink.Builder b;
        try {
            b = KafkaSink.builder(config.require("bootstrap"), config.require("topic"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf("topic") + ": " + e.getMessage(), e);
        }
        config.get("device").ifPresent(d -> set(config, "device", () -> b.device(d)));
        config.getPath("log").ifPresent(b::log);
        config.getPath("checkpoint").ifPresent(b::checkpoint);
        if (config.get("settle").isPresent()) {
            set(config, "settle", () -> b.settle(config.getDuration("settle", null)));
        }
        if (config.get("stop-timeout").isPresent()) {
            set(config, "stop-timeout", () -> b.stopTimeout(config.getDuration("stop-timeout", null)));
        }
        if (config.get("status-interval").isPresent()) {
            set(config, "status-interval", () -> b.statusInterval(config.getDuration("status-interval", null)));
        }
        if (config.get("max-in-flight").isPresent()) {
            set(config, "max-in-flight", () -> b.maxInFlight(config.getInt("max-in-flight", 0)));
        }
        Config producer = config.section("producer");
        for (String key : producer.keys()) {
            b.producer(key, producer.get(key).orElseThrow());
        }
        return b.build();
    }

    private static void set(Config config, String key, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf(key) + ": " + e.getMessage(), e);
        }
    }
}
