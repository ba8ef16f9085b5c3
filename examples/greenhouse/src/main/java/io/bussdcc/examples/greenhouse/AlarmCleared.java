package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/**
 * A sensor that was in alarm is back within bounds.
 *
 * @param sensor the sensor's device id
 * @param value  the reading that brought it back
 */
@MessageType("greenhouse:AlarmCleared")
public record AlarmCleared(String sensor, double value) implements Message {}
