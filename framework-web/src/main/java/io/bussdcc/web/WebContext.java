package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.StateStore;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormData;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

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

    /**
     * Whether the interface has a token, so that a form of one's own needs a {@code _token}
     * password field for {@link #acceptFormPost} (a browser sends no {@code Authorization} header).
     */
    boolean tokenRequired();

    /**
     * Reads a form posted to a route of one's own under the command panel's rules: the
     * server's own (or an allowed) origin and not {@code Sec-Fetch-Site: cross-site} (else
     * 403), {@code application/x-www-form-urlencoded} (else 415), at most 4,096 fields (else
     * 400), the page's {@link io.bussdcc.web.page.Layout#csrfField() CSRF field} (else 403)
     * and, when a token is configured, the token as {@code Authorization: Bearer} or in a
     * {@code _token} field (else 401). A body over {@code maxBodySize} is a 413. See
     * {@code docs/web.md}, "Pages of your own".
     *
     * @return the submitted fields without {@code _csrf} and {@code _token}; empty when the post
     *         was refused, and then {@code response} has been answered with the reason
     */
    Optional<FormData> acceptFormPost(ServerRequest request, ServerResponse response);

    /** The host the interface listens on. */
    String host();

    /** The port the interface listens on, or {@code -1} before it listens. */
    int port();
}
