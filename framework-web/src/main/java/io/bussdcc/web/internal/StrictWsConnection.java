package io.bussdcc.web.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.concurrency.limits.LimitException;
import io.helidon.common.socket.SocketContext;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsCloseException;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upgraded WebSocket connection: reads the client's frames through {@link ClientFrames}
 * (strict RFC 6455) and hands them to a Helidon {@link WsListener}, which sends through this
 * {@link WsSession}. Replaces Helidon's own connection, which lets several protocol errors
 * through; the listener contract is Helidon's.
 */
final class StrictWsConnection implements ServerConnection, WsSession {

    private static final System.Logger LOG = System.getLogger(StrictWsConnection.class.getName());
    /** How long a close we sent waits for the client's before the connection counts as idle. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ConnectionContext ctx;
    private final HttpPrologue prologue;
    private final Headers upgradeHeaders;
    private final WsListener listener;
    private final ClientFrames frames;
    private final ReentrantLock sendLock = new ReentrantLock();
    private boolean sendingFragments;
    private volatile long closeSentAt;
    private volatile boolean closeSent;
    private volatile Thread thread;
    private volatile boolean canRun = true;
    private volatile boolean reading;
    private volatile long lastFrame = System.nanoTime();

    StrictWsConnection(ConnectionContext ctx, HttpPrologue prologue, Headers upgradeHeaders, WsListener listener,
            int maxFrameLength) {
        this.ctx = ctx;
        this.prologue = prologue;
        this.upgradeHeaders = upgradeHeaders;
        this.listener = listener;
        DataReader reader = ctx.dataReader();
        this.frames = new ClientFrames(new ClientFrames.Source() {
            @Override
            public int read() {
                return reader.read() & 0xFF;
            }

            @Override
            public byte[] read(int n) {
                return reader.readBytes(n);
            }
        }, maxFrameLength);
    }

    @Override
    public void handle(Limit limit) {
        thread = Thread.currentThread();
        try {
            limit.invoke(() -> listener.onOpen(this));
        } catch (LimitException e) {
            close(WsCloseCodes.TRY_AGAIN_LATER, "too many concurrent requests");
            return;
        } catch (CloseConnectionException e) {
            throw e;
        } catch (Exception e) {
            close(WsCloseCodes.UNEXPECTED_CONDITION, "the server failed to open the connection");
            return;
        }
        while (canRun) {
            ClientFrames.Event event;
            reading = true;
            try {
                event = frames.next();
            } catch (DataReader.InsufficientDataAvailableException e) {
                throw new CloseConnectionException("the client ended the stream", e);
            } catch (ClientFrames.Violation v) {
                close(v.closeCode(), v.getMessage());
                try {
                    listener.onError(this, new WsCloseException(v.getMessage(), v.closeCode()));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "WebSocket listener " + listener.getClass().getName()
                            + " failed in onError: " + e, e);
                }
                throw new CloseConnectionException("WebSocket protocol error: " + v.getMessage());
            } finally {
                reading = false;
            }
            lastFrame = System.nanoTime();
            boolean more;
            try {
                more = limit.invoke(() -> dispatch(event));
            } catch (LimitException e) {
                close(WsCloseCodes.TRY_AGAIN_LATER, "too many concurrent requests");
                return;
            } catch (CloseConnectionException e) {
                throw e;
            } catch (Exception e) {
                listener.onError(this, e);
                close(WsCloseCodes.UNEXPECTED_CONDITION, "the server failed to handle a frame");
                return;
            }
            if (!more) {
                return;
            }
            lastFrame = System.nanoTime();
        }
        close(WsCloseCodes.GOING_AWAY, "the server is closing the connection");
    }

    /** Hands one event to the listener; false when the connection is done (the client closed). */
    private boolean dispatch(ClientFrames.Event event) {
        switch (event) {
            case ClientFrames.Close c -> {
                listener.onClose(this, c.code(), c.reason());
                close(WsCloseCodes.NORMAL_CLOSE, "normal"); // does nothing when ours went first
                return false;
            }
            case ClientFrames.Ping p -> listener.onPing(this, BufferData.create(p.payload()));
            case ClientFrames.Pong p -> listener.onPong(this, BufferData.create(p.payload()));
            // After our close the client's data is read (to stay in step) but not handed on (RFC 6455 5.5.1).
            case ClientFrames.Text t -> {
                if (!closeSent) {
                    listener.onMessage(this, t.text(), t.last());
                }
            }
            case ClientFrames.Binary b -> {
                if (!closeSent) {
                    listener.onMessage(this, BufferData.create(b.data()), b.last());
                }
            }
        }
        return true;
    }

    // ---- WsSession -----------------------------------------------------------------------

    @Override
    public WsSession send(String text, boolean last) {
        return sendData(ClientFrames.TEXT, text.getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public WsSession send(BufferData data, boolean last) {
        byte[] bytes = new byte[data.available()];
        data.read(bytes);
        return sendData(ClientFrames.BINARY, bytes, last);
    }

    private WsSession sendData(int opcode, byte[] payload, boolean last) {
        sendLock.lock();
        try {
            if (closeSent) {
                return this; // RFC 6455 5.5.1: no data after the close
            }
            int used = sendingFragments ? ClientFrames.CONTINUATION : opcode;
            sendingFragments = !last;
            write(last, used, payload);
            return this;
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public WsSession ping(BufferData data) {
        return control(ClientFrames.PING, data);
    }

    @Override
    public WsSession pong(BufferData data) {
        return control(ClientFrames.PONG, data);
    }

    private WsSession control(int opcode, BufferData data) {
        byte[] payload = new byte[data.available()];
        data.read(payload);
        if (payload.length > 125) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes, not " + payload.length);
        }
        sendLock.lock();
        try {
            if (!closeSent) {
                write(true, opcode, payload);
            }
            return this;
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public WsSession close(int code, String reason) {
        sendLock.lock();
        try {
            if (closeSent) {
                return this;
            }
            closeSent = true;
            closeSentAt = System.nanoTime();
            byte[] text = reasonBytes(reason);
            byte[] payload = new byte[2 + text.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            write(true, ClientFrames.CLOSE, payload);
            return this;
        } finally {
            sendLock.unlock();
        }
    }

    /** The reason's UTF-8 bytes, cut at a character boundary to fit a control frame (123 bytes). */
    static byte[] reasonBytes(String reason) {
        byte[] bytes = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return bytes;
        }
        int end = 123;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character: cut before that character starts
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    @Override
    public WsSession terminate() {
        close(WsCloseCodes.NORMAL_CLOSE, "terminated");
        throw new CloseConnectionException("WebSocket terminated by the server");
    }

    @Override
    public Optional<String> subProtocol() {
        return upgradeHeaders.first(WsUpgrader.PROTOCOL);
    }

    @Override
    public SocketContext socketContext() {
        return ctx;
    }

    @Override
    public HttpPrologue prologue() {
        return prologue;
    }

    private void write(boolean fin, int opcode, byte[] payload) {
        int length = payload.length;
        BufferData frame = BufferData.create(length + 10);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame.write(length);
        } else if (length < 65536) {
            frame.write(126);
            frame.write(length >>> 8);
            frame.write(length & 0xFF);
        } else {
            frame.write(127);
            for (int i = 56; i >= 0; i -= 8) {
                frame.write((int) ((long) length >>> i) & 0xFF);
            }
        }
        frame.write(payload);
        try {
            ctx.dataWriter().writeNow(frame);
        } catch (SocketWriterException | UncheckedIOException e) {
            throw new ServerConnectionException("failed to write a WebSocket frame", e);
        }
    }

    // ---- ServerConnection ----------------------------------------------------------------

    @Override
    public Duration idleTime() {
        long now = System.nanoTime();
        if (closeSent && now - closeSentAt > CLOSE_WAIT.toNanos()) {
            return Duration.ofDays(1); // the client never answered our close: let the server's reaper end it
        }
        return Duration.ofNanos(now - lastFrame);
    }

    @Override
    public void close(boolean interrupt) {
        canRun = false;
        Thread t = thread;
        if (t != null && (interrupt || reading)) {
            t.interrupt();
        }
    }
}
