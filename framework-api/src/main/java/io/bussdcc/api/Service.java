package io.bussdcc.api;

import java.time.Duration;

/**
 * Supervised, time-driven work: {@link #start}, then {@link #tick} every {@link #interval()},
 * then {@link #stop}.
 *
 * <p>In a live runtime each service ticks on its own platform thread; in a replay it ticks on
 * the replay thread at exact virtual instants. Either way all waiting goes through the
 * runtime's {@link Clock}, so never sleep inside a service: return from {@code tick} and let
 * the supervisor call again.
 *
 * <p>Failure policy: a tick that throws emits {@link io.bussdcc.api.message.ServiceError}.
 * A {@linkplain #critical() critical} service then emits
 * {@link io.bussdcc.api.message.ServiceFailure} and (by default) shuts the runtime down; a
 * service that {@linkplain #restartOnFailure() restarts} emits
 * {@link io.bussdcc.api.message.ServiceRestart} and goes on after a growing back-off; any other
 * service stops.
 */
public interface Service {

    /** The service's unique name. */
    String name();

    /** Time between the starts of two ticks; must be positive. One second unless overridden. */
    default Duration interval() {
        return Duration.ofSeconds(1);
    }

    /** Whether the service starts at boot. Can be changed at run time with {@link ServiceControl}. */
    default boolean enabledAtBoot() {
        return true;
    }

    /** Whether a failing tick is retried (after a back-off) rather than stopping the service. */
    default boolean restartOnFailure() {
        return true;
    }

    /** Whether a failure of this service is a failure of the whole system. */
    default boolean critical() {
        return false;
    }

    /**
     * Called when the service starts, before its first tick, on the thread that starts it (the
     * boot thread at boot). The service receives events only once this has returned.
     */
    default void start(Context ctx) throws Exception {}

    /** One unit of periodic work. */
    default void tick(Context ctx) throws Exception {}

    /** Called when the service stops. */
    default void stop(Context ctx) throws Exception {}

    /** Called for every event while the service runs (the event-driven side). */
    default void handle(Context ctx, Event<?> event) throws Exception {}
}
