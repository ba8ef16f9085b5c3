package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;

/**
 * Hears what a replay does besides replaying: the source's bad records, the replay run's own
 * lifecycle and failure reports, and the emits the replay rules suppressed. None of these
 * reach the runtime's sinks (see {@link ReplayRuntime}); this is where a UI, a debugger or a
 * test sees them.
 *
 * <p>Methods run on the thread that caused them — usually the replay thread — and must be
 * quick. A listener that throws is logged and otherwise ignored.
 */
public interface ReplayListener {

    /** A record the source could not read as written. */
    default void problem(SourceProblem problem) {}

    /**
     * Something the runtime itself emitted during the replay: its lifecycle
     * ({@code RuntimeBooting} … {@code RuntimeShutdown}, with the replay's shutdown reason) and
     * its failure reports ({@code ProcessError}, {@code ServiceError}, {@code SinkHandlerError},
     * {@code EventSubscriberError}, …), stamped with virtual time.
     */
    default void runtimeEvent(Event<?> event) {}

    /** A message a component emitted that the replay did not dispatch, stamped with virtual time. */
    default void suppressed(Origin origin, Event<?> event) {}

    /** The replay has finished; {@code progress.finishReason()} says why. */
    default void finished(ReplayProgress progress) {}
}
