package io.bussdcc.kafka;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kafka logs through SLF4J, which the plugin folder binds to {@code java.util.logging}: every
 * client prints its whole configuration at INFO, and during an outage a warning per reconnect.
 * The shipper and the source say what matters themselves, so {@code org.apache.kafka} is set to
 * SEVERE — unless a logging configuration gave it a level already.
 */
final class KafkaLogging {

    // Held: java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

    private KafkaLogging() {}

    static void quieten() {
        synchronized (KAFKA) {
            if (KAFKA.getLevel() == null) {
                KAFKA.setLevel(Level.SEVERE);
            }
        }
    }
}
