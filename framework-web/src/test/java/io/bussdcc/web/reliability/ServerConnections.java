package io.bussdcc.web.reliability;

import io.bussdcc.web.WebInterface;
import java.lang.reflect.Field;
import java.util.List;

/**
 * The server's own objects of the WebSocket connections a running {@link WebInterface} holds
 * now, read by reflection (the test runs inside the module): so that a leak test can hold them
 * weakly and see them collected, instead of judging a heap figure.
 */
final class ServerConnections {

    private ServerConnections() {}

    /** The interface's connection objects ({@code EventConnection}) now. */
    static List<Object> of(WebInterface web) throws ReflectiveOperationException {
        Object running = read(web, "running");
        Object hub = read(running, "hub");
        return List.of((Object[]) read(hub, "connections"));
    }

    /** The sender thread of one connection object. */
    static Thread sender(Object connection) throws ReflectiveOperationException {
        return (Thread) read(connection, "sender");
    }

    private static Object read(Object owner, String field) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(field);
        f.setAccessible(true);
        Object value = f.get(owner);
        if (value == null) {
            throw new AssertionError(owner.getClass().getSimpleName() + "." + field + " is null");
        }
        return value;
    }
}
