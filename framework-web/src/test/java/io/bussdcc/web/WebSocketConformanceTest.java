package io.bussdcc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 cases of the kind the Autobahn suite runs (its case numbers in the comments), with
 * frames written by hand: each bad frame gets the close code the RFC asks for, then the end of
 * the stream; each good one is handled. See docs/web.md, "Protocol conformance".
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
            for (int rsv : new int[] {0x40, 0x20, 0x10, 0x70}) { // Autobahn 3.1–3.7
                for (int opcode : new int[] {0x1, 0x2, 0x9, 0xA, 0x8}) {
                    byte[] payload = opcode == 0x8 ? close(1000) : "{}".getBytes(StandardCharsets.UTF_8);
                    assertEquals(1002, closeCodeAfter(f, s -> s.sendRaw(0x80 | rsv | opcode, payload)),
                            "RSV bits " + Integer.toHexString(rsv) + " on opcode " + opcode + " without an extension");
                }
            }
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

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A {@code ping} request whose id is {@code id}, as UTF-8: its answer echoes the id. */
    private static byte[] pingRequest(byte[] id) {
        return concat(utf8("{\"op\":\"ping\",\"id\":\""), id, utf8("\"}"));
    }

    @Test
    void reservedOpcodesAreProtocolErrors() throws Exception { // Autobahn 4.1.1–4.2.5
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            for (int opcode : new int[] {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
                assertEquals(1002, closeCodeAfter(f, s -> s.send(opcode, utf8("reserved"))), "opcode 0x" + Integer.toHexString(opcode));
                assertEquals(1002, closeCodeAfter(f, s -> s.send(opcode, new byte[0])), "empty opcode 0x" + Integer.toHexString(opcode));
            }
        }
    }

    @Test
    void invalidUtf8InATextMessageIsInconsistentData() throws Exception { // Autobahn 6.3, 6.6–6.21 (a sample)
        String[] invalid = {
            "ce babb f0 80 80 80", // an overlong 4-byte form inside valid text (6.3.1)
            "c0 af", "e0 80 af", "f0 80 80 af", // overlong '/'
            "ed a0 80", "ed bf bf", "ed a0 80 ed b0 80", // UTF-16 surrogates, alone and paired
            "f4 90 80 80", "f7 bf bf bf", // above U+10FFFF
            "80", "bf", "80 bf 80", // lone continuation bytes
            "c0", "e0 80", "f0 80 80", // a sequence cut by the end of the message
            "fe", "ff", "fe fe ff ff", // bytes that never occur
            "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64", // 6.3.2
        };
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            for (String hex : invalid) {
                byte[] bad = hex(hex);
                assertEquals(1007, closeCodeAfter(f, s -> s.send(0x1, pingRequest(bad))), "one frame with " + hex);
                // the same text, one byte per frame (6.4, 6.2 for the valid case below)
                assertEquals(1007, closeCodeAfter(f, s -> {
                    byte[] all = pingRequest(bad);
                    byte[][] frames = new byte[all.length][];
                    for (int i = 0; i < all.length; i++) {
                        frames[i] = FrameSocket.frame((i == all.length - 1 ? 0x80 : 0) | (i == 0 ? 0x1 : 0x0), new byte[] {all[i]});
                    }
                    s.sendTogether(frames); // one write: the server fails fast, at the first bad byte
                }), "one byte per frame with " + hex);
            }
            // a text that ends inside a character, before a valid end
            assertEquals(1007, closeCodeAfter(f, s -> s.send(0x1, hex("ceba cf"))));
        }
    }

    @Test
    void validUtf8IsDecodedEvenWhenACharacterSpansFrames() throws Exception { // Autobahn 6.2.1–6.2.4, 6.5
        String id = "κόσμε 𝄞 \u0000\u007f\u0080\u07ff\u0800\uffff \udbff\udfff";
        try (WebFixture f = WebFixture.start(WebInterface.builder());
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            s.readText(); // hello
            byte[] all = pingRequest(utf8(id.replace("\u0000", "\\u0000")));
            for (int i = 0; i < all.length; i++) {
                s.sendRaw((i == all.length - 1 ? 0x80 : 0) | (i == 0 ? 0x1 : 0x0), new byte[] {all[i]});
            }
            String answer = s.readText();
            assertTrue(answer.contains("\"op\":\"pong\"") && answer.contains(id.replace("\u0000", "\\u0000")), answer);
            s.send(0x1, all); // and in one frame
            answer = s.readText();
            assertTrue(answer.contains("\"op\":\"pong\"") && answer.contains(id.replace("\u0000", "\\u0000")), answer);
        }
    }

    @Test
    void controlFramesMayNeitherBeFragmentedNorExceed125Bytes() throws Exception { // Autobahn 2.5, 5.1, 5.2
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            for (int opcode : new int[] {0x8, 0x9, 0xA}) {
                String name = "opcode 0x" + Integer.toHexString(opcode);
                assertEquals(1002, closeCodeAfter(f, s -> s.sendRaw(opcode, new byte[0])), "fragmented " + name);
                assertEquals(1002, closeCodeAfter(f, s -> s.sendRaw(opcode, close(1000))), "fragmented " + name + " with a payload");
                byte[] big = new byte[126];
                big[0] = 0x03;
                big[1] = (byte) 0xE8; // 1000 followed by 124 bytes of reason
                assertEquals(1002, closeCodeAfter(f, s -> s.send(opcode, big)), "126 bytes in " + name);
            }
        }
    }

    @Test
    void pingsAreAnsweredInOrderAndPongsIgnored() throws Exception { // Autobahn 2.1–2.4, 2.7, 2.8, 2.10
        try (WebFixture f = WebFixture.start(WebInterface.builder());
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            s.readText(); // hello
            s.send(0xA, utf8("unsolicited"));
            s.send(0xA, new byte[0]);
            byte[] full = new byte[125];
            for (int i = 0; i < full.length; i++) {
                full[i] = (byte) (0xFE - i);
            }
            s.send(0x9, full);
            assertEquals(HexFormat.of().formatHex(full), HexFormat.of().formatHex(s.readControl().payload()), "125-byte ping");
            s.send(0x9, new byte[0]);
            FrameSocket.Frame empty = s.readControl();
            assertEquals(0xA, empty.opcode());
            assertEquals(0, empty.payload().length);
            for (int i = 0; i < 10; i++) {
                s.send(0x9, utf8("ping " + i));
            }
            for (int i = 0; i < 10; i++) {
                FrameSocket.Frame pong = s.readControl();
                assertEquals(0xA, pong.opcode());
                assertEquals("ping " + i, pong.text());
            }
            s.sendText("{\"op\":\"ping\",\"id\":7}");
            assertTrue(s.readText().contains("\"op\":\"pong\""), "still answering after unsolicited pongs");
        }
    }

    @Test
    void fragmentsMustContinueTheirMessageButControlFramesMayInterleave() throws Exception { // Autobahn 5.3–5.20
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            byte[] request = utf8("{\"op\":\"ping\",\"id\":\"frag\"}");
            byte[] head = java.util.Arrays.copyOf(request, 10);
            byte[] rest = java.util.Arrays.copyOfRange(request, 10, request.length);
            assertEquals(1002, closeCodeAfter(f, s -> {
                s.sendRaw(0x1, head);
                s.send(0x1, rest); // a new text frame, not a continuation
            }), "a new text message inside a fragmented one");
            assertEquals(1002, closeCodeAfter(f, s -> {
                s.sendRaw(0x1, head);
                s.send(0x2, rest);
            }), "a binary frame inside a fragmented text message");
            assertEquals(1002, closeCodeAfter(f, s -> {
                s.send(0x1, request);
                s.send(0x0, rest); // continues nothing: the message was final
            }), "a continuation after a final frame");
            try (FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
                s.readText(); // hello
                s.sendRaw(0x1, head);
                s.send(0x9, utf8("between"));
                s.sendRaw(0x0, new byte[0]); // an empty continuation
                s.send(0x0, rest);
                FrameSocket.Frame pong = s.read();
                assertEquals(0xA, pong.opcode(), "the ping between the fragments is answered first");
                assertEquals("between", pong.text());
                assertTrue(s.readText().contains("\"id\":\"frag\""), "the fragmented message is handled");
            }
        }
    }

    @Test
    void badClosePayloadsAreRefused() throws Exception { // Autobahn 7.3.1–7.3.6, 7.5.1, 7.7, 7.9
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(1002, closeCodeAfter(f, s -> s.send(0x8, new byte[] {0x03})), "a 1-byte close payload");
            assertEquals(1007, closeCodeAfter(f, s -> s.send(0x8, concat(close(1000), hex("ceba e1bd b9cf 83ce bcce b5ed a080 6564 6974 6564")))),
                    "a reason that is not UTF-8");
            assertEquals(1000, closeCodeAfter(f, s -> s.send(0x8, new byte[0])), "an empty close is answered normally");
            assertEquals(1000, closeCodeAfter(f, s -> s.send(0x8, concat(close(1000), utf8("x".repeat(123))))),
                    "a 123-byte reason is the most that fits");
            assertEquals(1000, closeCodeAfter(f, s -> s.send(0x8, concat(close(1001), utf8("κόσμε")))), "a UTF-8 reason");
        }
    }

    @Test
    void nothingAfterTheClientsCloseIsHandled() throws Exception { // Autobahn 7.1.1–7.1.6
        try (WebFixture f = WebFixture.start(WebInterface.builder());
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            s.readText(); // hello
            s.sendTogether( // one write: the server may shut the socket as soon as it has answered the close
                    FrameSocket.frame(0x88, close(1000)),
                    FrameSocket.frame(0x81, utf8("{\"op\":\"ping\",\"id\":1}")),
                    FrameSocket.frame(0x89, utf8("after close")));
            FrameSocket.Frame frame = s.read();
            assertEquals(0x8, frame.opcode(), "the close is answered and nothing else is");
            assertEquals(1000, frame.closeCode());
            assertTrue(s.endsStream());
        }
    }

    @Test
    void aLengthWithItsTopBitSetIsAProtocolError() throws Exception { // RFC 6455 5.2
        try (WebFixture f = WebFixture.start(WebInterface.builder())) {
            assertEquals(1002, closeCodeAfter(f, s -> {
                OutputStream out = s.socket.getOutputStream();
                out.write(new byte[] {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4});
                out.flush();
            }));
        }
    }

    @Test
    void afterTheServersCloseDataIsDroppedAndAClientThatNeverClosesIsCut() throws Exception { // RFC 6455 5.5.1, 7.1.1
        try (WebFixture f = WebFixture.start(WebInterface.builder().token("s3cret").idleTimeout(java.time.Duration.ofSeconds(1))
                .allowFromWeb(io.bussdcc.testing.TestMessages.SetLevel.class));
                FrameSocket s = FrameSocket.open(f.web, "/ws?types=nothing:Matches")) {
            s.readText(); // hello
            String guess = "{\"op\":\"emit\",\"type\":\"test:SetLevel\",\"data\":{\"level\":1},\"token\":\"guess\"}";
            for (int i = 0; i < 5; i++) {
                s.sendText(guess);
            }
            FrameSocket.Frame close = s.readControl();
            assertEquals(0x8, close.opcode());
            assertEquals(1008, close.closeCode(), "closed after five wrong tokens");
            // keep talking (but never close): no answer, and the server ends the socket all the same
            s.socket.setSoTimeout(200);
            boolean ended = false;
            for (int i = 0; i < 100 && !ended; i++) { // at most 20 s
                try {
                    s.sendText("{\"op\":\"ping\",\"id\":" + i + "}");
                    s.send(0x9, utf8("still here"));
                    FrameSocket.Frame frame = s.read();
                    if (frame == null) {
                        ended = true;
                    } else {
                        throw new AssertionError("a frame after the server's close: opcode " + frame.opcode() + " " + frame.text());
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // nothing sent: as it should be
                } catch (IOException e) {
                    ended = true; // reset
                }
            }
            assertTrue(ended, "the server kept the socket of a client that never answered its close");
        }
    }
}
