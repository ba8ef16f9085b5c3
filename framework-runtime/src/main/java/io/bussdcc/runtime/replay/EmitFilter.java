package io.bussdcc.runtime.replay;

import io.bussdcc.api.Message;

/**
 * Decides whether a message emitted through a context is dispatched at all; the runtime's own
 * reports (lifecycle and failures, {@code EventSubscriberError} included) pass it as
 * {@link Emitter.Role#RUNTIME}. A live runtime has none; a replay uses one to keep its own
 * lifecycle and the events its processes derive from being recorded twice (docs/replay.md).
 */
@FunctionalInterface
public interface EmitFilter {

    /** Whether {@code message}, emitted by {@code emitter}, is dispatched. */
    boolean admit(Emitter emitter, Message message);
}
