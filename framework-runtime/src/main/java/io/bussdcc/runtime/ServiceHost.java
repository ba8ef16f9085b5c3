package io.bussdcc.runtime;

import io.bussdcc.api.Message;
import java.util.Set;

/** What the {@link ServiceSupervisor} needs of the runtime it runs in. */
interface ServiceHost {

    /** Emits a lifecycle or failure report as the runtime. */
    void report(Message message);

    /** A critical service failed: shut down if the runtime is set to. */
    void criticalFailure(String reason);

    /**
     * Waits for the event handlers running on other threads but {@code skip} when service
     * {@code name} has left dispatch, so that its {@code stop} never overlaps its {@code handle}.
     */
    void awaitHandlers(String name, Set<Thread> skip);
}
