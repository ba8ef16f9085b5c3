package io.bussdcc.api;

/**
 * Receives events of one message type (and its subtypes).
 *
 * <p>Handlers run on the emitting thread. A handler that throws never disturbs other handlers:
 * the failure becomes an {@link io.bussdcc.api.message.EventSubscriberError} event.
 *
 * @param <M> the message type subscribed to
 */
@FunctionalInterface
public interface EventHandler<M extends Message> {

    /** Handles one event; whatever it throws is reported, never passed to the emitter. */
    void handle(Event<M> event) throws Exception;
}
