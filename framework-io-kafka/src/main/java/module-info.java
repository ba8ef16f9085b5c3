/**
 * Apache Kafka for a fleet: {@link io.bussdcc.kafka.KafkaSink} ships the local JSONL log to a
 * topic, store-and-forward, with a checkpoint; {@link io.bussdcc.kafka.KafkaSource} replays one
 * device, several or all from it. A plugin: kafka-clients has no module descriptor (it is the
 * automatic module {@code kafka.clients}), so this module and its dependencies are loaded from
 * a plugin folder ({@code framework-io-kafka/target/plugin}, see docs/kafka.md), not linked
 * into the image.
 *
 * @uses io.bussdcc.api.spi.MessageTypeProvider
 * @provides io.bussdcc.api.spi.SinkProvider
 * @provides io.bussdcc.api.spi.SourceProvider
 */
module io.bussdcc.kafka {
    requires transitive io.bussdcc.api;
    requires io.bussdcc.codec;
    requires kafka.clients;
    requires java.logging; // to quieten Kafka's own logging

    exports io.bussdcc.kafka;

    uses io.bussdcc.api.spi.MessageTypeProvider;

    provides io.bussdcc.api.spi.SinkProvider with io.bussdcc.kafka.KafkaSinkProvider;
    provides io.bussdcc.api.spi.SourceProvider with io.bussdcc.kafka.KafkaSourceProvider;
}
