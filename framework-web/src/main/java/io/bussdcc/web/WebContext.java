package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.StateStore;
import io.bussdcc.codec.EventCodec;
import io.helidon.webserver.http.ServerRequest;

/**
 * What routes — a {@link WebInterface} subclass's or a {@link io.bussdcc.web.spi.WebPlugin}'s —
 * see of the runtime and of the interface serving them. Safe to use from any request thread.
 */
public interface WebContext {

    /** The runtime context of the web interface: emit, state, services, devices, clock. */
    Context context();

    /** Emits {@code message} into the runtime, as the web interface. */
    default void emit(Message message) {
        context().emit(message);
    }

    /** The runtime's state store. */
    default StateStore state() {
        return context().state();
    }

    /** The runtime's message types. */
    default MessageTypeRegistry messageTypes() {
        return context().messageTypes();
    }

    /** The codec the interface writes events with (JSON), for routes that return messages. */
    EventCodec codec();

    /**
     * Whether {@code request} may perform control actions: true when no token is configured,
     * or when it carries {@code Authorization: Bearer <token>}. Use it to guard a route that
     * changes the system.
     */
    boolean authorized(ServerRequest request);

    /** The host the interface listens on. */
    String host();

    /** The port the interface listens on, or {@code -1} before it listens. */
    int port();
}
