package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/**
 * One reading of a greenhouse sensor.
 *
 * @param sensor the sensor's device id
 * @param seq    the reading's number, counting from 1 since the polling service started
 * @param value  the measured value
 * @param unit   the value's unit, e.g. {@code °C}
 * @param note   something worth knowing about this reading, or {@code null}
 */
@MessageType("greenhouse:SensorReading")
public record SensorReading(String sensor, long seq, double value, String unit, String note) implements Message {}
