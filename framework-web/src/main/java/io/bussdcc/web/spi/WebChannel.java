package io.bussdcc.web.spi;

/**
 * A plugin's own real-time channel: a WebSocket at {@code /plugins/<plugin>/ws/<name>} beside
 * the event stream, under the same rules as {@code /ws} — same-origin (or allowed origin) only,
 * the frame limit, a bounded send queue per client that drops the oldest text when a client
 * lags — and, when the interface has a token, the token is required to connect
 * ({@code Authorization: Bearer} or {@code ?token=}). Callbacks run on the connection's
 * thread; keep them short.
 */
public interface WebChannel {

    /** The channel's name: lower-case letters, digits and {@code -}. */
    String name();

    /** A client connected. */
    default void onOpen(Session session) {}

    /** A whole text message (fragments joined, at most the frame limit) from {@code session}. */
    void onMessage(Session session, String text);

    /** The client left, or the server is stopping. */
    default void onClose(Session session) {}

    /** One client of a channel. */
    interface Session {

        /** A number unique among this interface's channel sessions. */
        long id();

        /** Queues {@code text} for the client; never blocks (the oldest queued text is dropped when full). */
        void send(String text);

        /** How many texts were dropped for this client because it did not keep up. */
        long dropped();

        /** Closes the connection. */
        void close();
    }
}
