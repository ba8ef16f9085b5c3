package io.bussdcc.replay;

import io.bussdcc.api.Message;
import java.util.Set;

/**
 * Marks a component — process, interface, service, device or sink — that derives certain
 * message types again when it runs in a replay, instead of leaving them to the recording.
 *
 * <p>By default a replay suppresses everything components emit: the recorded copies of what
 * they emitted live are the truth, and dispatching fresh copies would double them. A
 * component that implements this interface takes over the types it names:
 * <ul>
 *   <li>recorded events whose payload is an instance of one of those types are dropped from
 *       the replayed stream (whoever emitted them live), and</li>
 *   <li>this component's own emits of those types are dispatched (stamped with virtual time).</li>
 * </ul>
 * Its emits of other types are still suppressed. Only types the program knows can be taken
 * over: records the source could not resolve stay {@link io.bussdcc.api.RawMessage}s and are
 * always replayed as recorded.
 *
 * <pre>{@code
 * final class AlarmRaiser implements Process, ReplayAware {
 *     public Set<Class<? extends Message>> rederives() { return Set.of(Alarm.class); }
 *     ...
 * }
 * }</pre>
 */
public interface ReplayAware {

    /** The message types this component derives during a replay; read when it is added. */
    Set<Class<? extends Message>> rederives();
}
