package io.bussdcc.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client that writes frames by hand — any opcode, reserved bits, lengths — and
 * reads the server's frames one by one on the calling thread, for protocol and hostile-client
 * tests. Nothing is answered automatically (not even a Ping).
 */
final class FrameSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One frame from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 when it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** The status line and headers of the handshake's answer. */
    final String handshake;

    private FrameSocket(Socket socket, String path, String host, String extraHeaders) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        this.handshake = head.toString();
    }

    /** Opens {@code path} on the web interface; {@link #upgraded()} says whether the server agreed. */
    static FrameSocket open(WebInterface web, String path) throws IOException {
        return open(web, path, "127.0.0.1:" + web.port(), "");
    }

    static FrameSocket open(WebInterface web, String path, String host, String extraHeaders) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", web.port()), 5000);
        s.setSoTimeout(10_000);
        try {
            return new FrameSocket(s, path, host, extraHeaders);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    boolean upgraded() {
        return handshake.startsWith("HTTP/1.1 101");
    }

    /** Writes one masked frame; {@code first} is the whole first byte (FIN, RSV bits and opcode). */
    void sendRaw(int first, byte[] payload) throws IOException {
        sendTogether(frame(first, payload));
    }

    /**
     * Writes several frames with one write, so they reach the server before anything it does in
     * answer to the first (a close, say) can shut the connection under the later ones.
     */
    void sendTogether(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.write(frame);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** One masked frame as bytes; {@code first} is the whole first byte (FIN, RSV bits and opcode). */
    static byte[] frame(int first, byte[] payload) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(first);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 56; i >= 0; i -= 8) {
                frame.write((int) ((long) payload.length >>> i));
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** A final frame of {@code opcode}. */
    void send(int opcode, byte[] payload) throws IOException {
        sendRaw(0x80 | opcode, payload);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame, or {@code null} at the end of the stream; waits at most the socket's timeout (10 s). */
    Frame read() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        try {
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        } catch (EOFException e) {
            return null;
        }
    }

    /** The next frame that is not a text message (events, hello) — a control frame — or null at the end. */
    Frame readControl() throws IOException {
        for (int i = 0; i < 10_000; i++) {
            Frame f = read();
            if (f == null || f.opcode() >= 0x8) {
                return f;
            }
        }
        throw new IOException("10,000 data frames and no control frame");
    }

    /** The next text message's text (skipping control frames), or null at the end. */
    String readText() throws IOException {
        for (int i = 0; i < 10_000; i++) {
            Frame f = read();
            if (f == null) {
                return null;
            }
            if (f.opcode() == 0x1) {
                return f.text();
            }
        }
        throw new IOException("10,000 control frames and no text");
    }

    /** Whether the server ends the stream (after any frames) within the socket's timeout. */
    boolean endsStream() throws IOException {
        try {
            for (int i = 0; i < 10_000; i++) {
                if (read() == null) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Drops the connection without a close frame. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
