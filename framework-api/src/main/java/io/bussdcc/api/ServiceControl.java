package io.bussdcc.api;

import java.util.List;
import java.util.Optional;

/**
 * Run-time control of supervised services. Every method that acts on a service throws
 * {@link java.util.NoSuchElementException} when there is none by that name.
 */
public interface ServiceControl {

    /** Every service, in registration order. */
    List<ServiceInfo> list();

    /** The service called {@code name}, if any. */
    Optional<ServiceInfo> info(String name);

    /**
     * Starts the service if it is not running.
     *
     * @throws IllegalStateException if it is disabled, or the runtime is not running
     */
    void start(String name);

    /** Stops the service if it runs, waiting for its current tick to end. */
    void stop(String name);

    /** Allows the service to run (does not start it). */
    void enable(String name);

    /** Stops the service if it runs and keeps it from starting. */
    void disable(String name);
}
