package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 cases of the kind the Autobahn suite runs, with frames written by hand: each bad
 * frame gets the close code the RFC asks for, then the end of the stream. See docs/web.md for
 * which of these Helidon handles and which the interface adds.
 */
class WebSocketConformanceTest {

    /** Opens a connection, sends {@code bad}, and returns the close code the server sent (-1 none, -2 no close frame). */
    private static int closeCodeAfter(WebFixture f, Send bad) throws Exception {
        try (FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            assertTrue(s.readText().contains("\"op\":\"hello\""));
            bad.send(s);
            for (int i = 0; i < 20; i++) {
                FrameSocket.Frame frame;
                try {
                    frame = s.read();
                } catch (IOException e) {
                    return -2; // reset without a close frame
                }
                if (frame == null) {
                    return -2;
                }
                if (frame.opcode() == 0x8) {
                    assertTrue(s.endsStream(), "the stream ends after the close frame");
                    return frame.closeCode();
                }
            }
            return -3;
        }
    }

    @FunctionalInterface
    interface Send {
        void send(FrameSocket s) throws IOException;
    }

    private static byte[] close(int code) {
        return new byte[] {(byte) (code >> 8), (byte) code};
    }

    @Test
    void reservedBitsAndUnmaskedFramesAreProtocolErrors() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(1002, closeCodeAfter(f, s -> s.sendRaw(0x80 | 0x40 | 0x1, "{}".getBytes(StandardCharsets.UTF_8))),
                    "RSV1 without an extension");
            assertEquals(1002, closeCodeAfter(f, s -> {
                s.socket.getOutputStream().write(new byte[] {(byte) 0x81, 0x02, '{', '}'}); // no mask
                s.socket.getOutputStream().flush();
            }), "an unmasked client frame");
        }
    }

    @Test
    void aContinuationWithoutAStartIsAProtocolError() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(1002, closeCodeAfter(f, s -> s.send(0x0, "{}".getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void anOversizedControlFrameIsAProtocolError() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(1002, closeCodeAfter(f, s -> s.send(0x9, new byte[126])));
        }
    }

    @Test
    void closeCodesThatMayNotBeSentAreProtocolErrors() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
                assertEquals(1002, closeCodeAfter(f, s -> s.send(0x8, close(code))), "close code " + code);
            }
            for (int code : new int[] {1000, 1001, 1003, 1007, 1011, 3000, 4999}) {
                assertEquals(1000, closeCodeAfter(f, s -> s.send(0x8, close(code))), "close code " + code + " is answered normally");
            }
        }
    }

    @Test
    void aFrameOverTheLimitIsTooBig() throws Exception {
        try (WebFixture f = WebFixture.start(WebInterface.builder().maxFrameSize(1000))) {
            assertEquals(1009, closeCodeAfter(f, s -> s.send(0x1, new byte[1001])));
        }
    }
}
