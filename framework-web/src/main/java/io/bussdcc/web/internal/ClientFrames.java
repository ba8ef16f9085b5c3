package io.bussdcc.web.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a client's WebSocket frames strictly by RFC 6455 and turns them into what a listener
 * sees: text pieces (valid UTF-8, even when a character spans frames), binary pieces, pings,
 * pongs and the close. Every rule broken is a {@link Violation} carrying the close code the RFC
 * asks for; the caller sends it and ends the connection (docs/web.md, "Protocol conformance").
 * Not thread-safe: one reader per connection, on its reading thread.
 */
public final class ClientFrames {

    /** Where frame bytes come from; both calls block until the bytes are there or the stream ends. */
    public interface Source {
        /** The next byte, 0..255. */
        int read();

        /** The next {@code n} bytes. */
        byte[] read(int n);
    }

    /** What a frame means to the listener. */
    public sealed interface Event {}

    /** A piece of a text message, every character in it whole; {@code last} ends the message. */
    public record Text(String text, boolean last) implements Event {}

    /** A piece of a binary message. */
    public record Binary(byte[] data, boolean last) implements Event {}

    /** A Ping with its payload (at most 125 bytes). */
    public record Ping(byte[] payload) implements Event {}

    /** A Pong with its payload. */
    public record Pong(byte[] payload) implements Event {}

    /** The client's close: its status code ({@code 1005} when it sent none) and reason. */
    public record Close(int code, String reason) implements Event {}

    /** A broken rule, with the close code to answer it with. */
    public static final class Violation extends RuntimeException {
        private final int closeCode;

        Violation(int closeCode, String message) {
            super(message, null, false, false);
            this.closeCode = closeCode;
        }

        /** 1002 (protocol error), 1007 (invalid UTF-8) or 1009 (too big). */
        public int closeCode() {
            return closeCode;
        }
    }

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** The close code for a status that is not there (RFC 6455 7.1.5); never sent. */
    public static final int NO_STATUS = 1005;

    private final Source in;
    private final int maxFrameLength;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The opcode of the fragmented message under way, or -1. */
    private int open = -1;
    /** The bytes of a character cut by the end of the last text frame (at most 3). */
    private byte[] carry = new byte[0];

    /** Reads from {@code in}; a frame whose payload exceeds {@code maxFrameLength} bytes is refused (1009). */
    public ClientFrames(Source in, int maxFrameLength) {
        this.in = in;
        this.maxFrameLength = maxFrameLength;
    }

    /** The next event, after reading exactly one frame. */
    public Event next() {
        int b0 = in.read();
        int b1 = in.read();
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw new Violation(1002, "reserved bits set (RSV " + ((b0 >> 4) & 7) + ") without a negotiated extension");
        }
        boolean control = opcode >= 0x8;
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING
                && opcode != PONG) {
            throw new Violation(1002, "reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if ((b1 & 0x80) == 0) {
            throw new Violation(1002, "a client frame must be masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            byte[] l = in.read(2);
            length = ((l[0] & 0xFFL) << 8) | (l[1] & 0xFFL);
        } else if (length == 127) {
            byte[] l = in.read(8);
            length = 0;
            for (byte b : l) {
                length = (length << 8) | (b & 0xFFL);
            }
            if (length < 0) {
                throw new Violation(1002, "a 64-bit payload length with its most significant bit set");
            }
        }
        if (control) {
            if (!fin) {
                throw new Violation(1002, "a control frame may not be fragmented");
            }
            if (length > 125) {
                throw new Violation(1002, "a control frame may carry at most 125 bytes, not " + length);
            }
        } else if (length > maxFrameLength) {
            throw new Violation(1009, "a frame may carry at most " + maxFrameLength + " bytes, not " + length);
        }
        if (!control) {
            if (opcode == CONTINUATION && open < 0) {
                throw new Violation(1002, "a continuation frame without a message to continue");
            }
            if (opcode != CONTINUATION && open >= 0) {
                throw new Violation(1002, "a new data frame inside a fragmented message (expected a continuation)");
            }
        }
        byte[] mask = in.read(4);
        byte[] payload = length == 0 ? new byte[0] : in.read((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return switch (opcode) {
            case PING -> new Ping(payload);
            case PONG -> new Pong(payload);
            case CLOSE -> close(payload);
            default -> data(opcode == CONTINUATION ? open : opcode, payload, fin);
        };
    }

    private Event data(int type, byte[] payload, boolean fin) {
        open = fin ? -1 : type;
        if (type == BINARY) {
            return new Binary(payload, fin);
        }
        return new Text(text(payload, fin), fin);
    }

    /** Decodes a text frame's payload, keeping a character cut at its end for the next frame. */
    private String text(byte[] payload, boolean fin) {
        ByteBuffer bytes;
        if (carry.length == 0) {
            bytes = ByteBuffer.wrap(payload);
        } else {
            bytes = ByteBuffer.allocate(carry.length + payload.length).put(carry).put(payload).flip();
        }
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = utf8.decode(bytes, chars, fin);
        if (result.isError()) {
            utf8.reset();
            throw new Violation(1007, "a text message is not valid UTF-8");
        }
        if (fin) {
            if (bytes.hasRemaining() || utf8.flush(chars).isError()) {
                utf8.reset();
                throw new Violation(1007, "a text message ends inside a UTF-8 sequence");
            }
            utf8.reset();
            carry = new byte[0];
        } else {
            carry = new byte[bytes.remaining()];
            bytes.get(carry);
        }
        return chars.flip().toString();
    }

    private static Close close(byte[] payload) {
        if (payload.length == 0) {
            return new Close(NO_STATUS, "");
        }
        if (payload.length == 1) {
            throw new Violation(1002, "a close frame with a 1-byte payload (a status code takes 2)");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!sendableCloseCode(code)) {
            throw new Violation(1002, "close code " + code + " may not be sent");
        }
        String reason;
        try {
            reason = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Violation(1007, "the close reason is not valid UTF-8");
        }
        return new Close(code, reason);
    }

    /** The close codes an endpoint may send (RFC 6455 7.4.1, 7.4.2 and the IANA registry). */
    public static boolean sendableCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
