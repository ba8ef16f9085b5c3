package io.bussdcc.runtime.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.Health;
import io.bussdcc.runtime.Runtime;
import java.util.Optional;
import java.util.function.Supplier;

/** A runtime opened through {@link ReplayDoor}, with the hooks a replay driver needs. */
public interface ReplayHandle {

    /** The runtime, for everything an application would do with it. */
    Runtime runtime();

    /**
     * Dispatches an event that already has its time — a recorded one — like an emitted one
     * while the runtime is up; drops it otherwise.
     */
    void publish(Event<?> event);

    /**
     * Adds the replay's own health (its progress, in the counts) to the runtime's
     * {@link io.bussdcc.api.Context#health()}, under {@code key}: what /api/health and
     * /metrics show.
     *
     * @throws IllegalArgumentException if {@code key} is taken (or starts with {@code sink.})
     */
    void reportHealth(String key, Supplier<Health> health);

    /** A shutdown a component requested (or one requested during boot) and not yet carried out. */
    Optional<String> requestedShutdown();

    /**
     * The services' virtual-time driver.
     *
     * @throws IllegalStateException unless opened with {@link ReplayOptions#virtualTimeServices()}
     */
    VirtualTimeServices services();
}
