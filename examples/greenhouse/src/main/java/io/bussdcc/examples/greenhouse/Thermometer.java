package io.bussdcc.examples.greenhouse;

/** Something that measures temperature: what {@link SensorPollingService} reads. */
public interface Thermometer {

    /** The sensor's device id, written into every reading. */
    String id();

    /** Whether it can be read now. */
    boolean online();

    /**
     * Measures now.
     *
     * @return degrees Celsius
     * @throws IllegalStateException if it is not online
     */
    double read();
}
