package io.bussdcc.kafka;

import java.util.Optional;

/**
 * What the shipper is doing, as it also writes it into the runtime's state below
 * {@code kafka.shipper} (see docs/kafka.md).
 *
 * @param state      {@code waiting-for-device}, {@code connecting}, {@code shipping},
 *                   {@code caught-up}, {@code broker-unreachable}, {@code failed} or {@code stopped}
 * @param message    a sentence for people: what is wrong and what to do, or what it does
 * @param device     the device id the records are keyed by, when known
 * @param topic      the topic
 * @param shipped    the lines acknowledged by the topic since this shipper started
 * @param lagEvents  the lines in the log not acknowledged yet; -1 until first measured (one status interval after the start)
 * @param lagSeconds how far the last acknowledged line's time is behind the newest event; 0 when caught up
 * @param checkpoint the acknowledged position, {@code segment@offset}, empty before the first
 * @param retries    how often sending failed and the shipper went back to the checkpoint
 */
public record ShipperStatus(String state, String message, Optional<String> device, String topic, long shipped,
        long lagEvents, double lagSeconds, String checkpoint, long retries) {}
