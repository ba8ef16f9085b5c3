/**
 * An example bussdcc application, written the way a user writes one: a greenhouse with a
 * simulated thermometer ({@link io.bussdcc.examples.greenhouse.SimulatedSensor}, a device), a
 * {@link io.bussdcc.examples.greenhouse.SensorPollingService} that reads it every 100 ms, an
 * {@link io.bussdcc.examples.greenhouse.AlarmProcess} that raises alarms above a threshold and
 * keeps a summary in state, and a dashboard widget. Its own messages are
 * {@link io.bussdcc.examples.greenhouse.SensorReading},
 * {@link io.bussdcc.examples.greenhouse.Alarm} and
 * {@link io.bussdcc.examples.greenhouse.AlarmCleared}.
 */
package io.bussdcc.examples.greenhouse;
