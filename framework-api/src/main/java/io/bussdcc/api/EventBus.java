package io.bussdcc.api;

/**
 * Delivers events to the handlers subscribed to their message type.
 *
 * <p>Delivery is synchronous, on the publishing thread, and thread-safe. A subscription to a
 * supertype or interface receives every subtype. An event published while another is being
 * delivered on the same thread (a handler emitting) is queued and delivered after the current
 * one has reached all its handlers: cascades are breadth-first and never grow the stack.
 */
public interface EventBus {

    /** Delivers {@code event} to every matching subscription. */
    void publish(Event<?> event);

    /**
     * Subscribes {@code handler} to events whose payload is an instance of {@code type}.
     *
     * @return the subscription, to cancel it
     */
    <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler);
}
