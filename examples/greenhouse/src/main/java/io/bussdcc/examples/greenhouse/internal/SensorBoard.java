package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.examples.greenhouse.SimulatedSensor;
import io.bussdcc.examples.greenhouse.Thermometer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the device provider and the service provider meet. {@link java.util.ServiceLoader}
 * makes each provider on its own, so the sensor the device provider creates is installed here
 * under its id, and the polling service reads whichever sensor holds that id when it ticks —
 * as a real driver and a real poller would both reach one piece of hardware by its address.
 */
final class SensorBoard {

    private static final Map<String, SimulatedSensor> SENSORS = new ConcurrentHashMap<>();

    private SensorBoard() {}

    /** Installs {@code sensor} under its id, replacing an earlier one (a runtime composed again). */
    static SimulatedSensor install(SimulatedSensor sensor) {
        SENSORS.put(sensor.id(), sensor);
        return sensor;
    }

    /** A thermometer reading the sensor installed under {@code id}, looked up on every use. */
    static Thermometer slot(String id) {
        return new Thermometer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean online() {
                SimulatedSensor sensor = SENSORS.get(id);
                return sensor != null && sensor.online();
            }

            @Override
            public double read() {
                SimulatedSensor sensor = SENSORS.get(id);
                if (sensor == null) {
                    throw new IllegalStateException("no greenhouse sensor '" + id
                            + "' is installed: is device.greenhouse.enabled=false, or device.greenhouse.id different?");
                }
                return sensor.read();
            }
        };
    }
}
