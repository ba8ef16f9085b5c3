package io.bussdcc.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The frame codec alone: UTF-8 across frame boundaries and the frame-level rules. */
class ClientFramesTest {

    /** {@code data} as one text message of frames cut at {@code cuts} (each mod the length), masked as a client must. */
    private static byte[] textFrames(byte[] data, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>();
        for (int c : cuts) {
            points.add(data.length == 0 ? 0 : Math.floorMod(c, data.length + 1));
        }
        points.add(data.length);
        points.sort(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i < points.size(); i++) {
            int to = points.get(i);
            boolean last = i == points.size() - 1;
            out.write((last ? 0x80 : 0) | (i == 0 ? ClientFrames.TEXT : ClientFrames.CONTINUATION));
            int n = to - from;
            if (n < 126) {
                out.write(0x80 | n);
            } else {
                out.write(0x80 | 126);
                out.write(n >> 8);
                out.write(n);
            }
            byte[] mask = {(byte) (i * 7 + 1), (byte) 0x5A, (byte) 0xC3, (byte) i};
            out.writeBytes(mask);
            for (int k = from; k < to; k++) {
                out.write(data[k] ^ mask[(k - from) & 3]);
            }
            from = to;
        }
        return out.toByteArray();
    }

    private static ClientFrames reader(byte[] wire) {
        ByteBuffer in = ByteBuffer.wrap(wire);
        return new ClientFrames(new ClientFrames.Source() {
            @Override
            public int read() {
                return in.get() & 0xFF;
            }

            @Override
            public byte[] read(int n) {
                byte[] b = new byte[n];
                in.get(b);
                return b;
            }
        }, 1 << 20);
    }

    /** The whole text message, or the violation's close code as a string. */
    private static String readMessage(byte[] wire) {
        ClientFrames frames = reader(wire);
        StringBuilder text = new StringBuilder();
        try {
            while (true) {
                ClientFrames.Text t = (ClientFrames.Text) frames.next();
                text.append(t.text());
                if (t.last()) {
                    return text.toString();
                }
            }
        } catch (ClientFrames.Violation v) {
            return "closed " + v.closeCode();
        }
    }

    private static String strictDecode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "closed 1007";
        }
    }

    private static final Gen<List<Integer>> CUTS = Generate.range(0, 6)
            .flatMap(n -> Generate.intArrays(Generate.constant(n), Generate.range(0, 10_000)))
            .map(a -> java.util.Arrays.stream(a).boxed().toList());

    @Test
    void anyTextCutAnywhereIntoFramesReadsBackWhole() {
        Gen<String> texts = Generate.intArrays(Generate.range(0, 40), Generate.range(0, 0x10FFFF))
                .map(cps -> new String(java.util.Arrays.stream(cps).filter(cp -> cp < 0xD800 || cp > 0xDFFF).toArray(), 0,
                        (int) java.util.Arrays.stream(cps).filter(cp -> cp < 0xD800 || cp > 0xDFFF).count()));
        qt().withFixedSeed(6455L).withExamples(500).forAll(texts, CUTS).checkAssert((text, cuts) ->
                assertEquals(text, readMessage(textFrames(text.getBytes(StandardCharsets.UTF_8), cuts))));
    }

    @Test
    void anyBytesCutAnywhereAreAcceptedExactlyWhenTheWholeIsStrictUtf8() {
        // bytes weighted towards UTF-8's interesting ones: ASCII, continuations, lead bytes, never-valid ones
        Gen<byte[]> data = Generate.range(0, 12).flatMap(n -> Generate.intArrays(Generate.constant(n), Generate.range(0, 18)))
                .map(idx -> {
                    List<Integer> all = List.of(0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                            0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF);
                    byte[] b = new byte[idx.length];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) (int) all.get(idx[i]);
                    }
                    return b;
                });
        qt().withFixedSeed(3629L).withExamples(3000).forAll(data, CUTS).checkAssert((b, cuts) ->
                assertEquals(strictDecode(b), readMessage(textFrames(b, cuts)), java.util.HexFormat.of().formatHex(b)));
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItsPayloadIsRead() {
        byte[] header = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        ClientFrames.Violation v = assertThrows(ClientFrames.Violation.class, () -> reader(header).next());
        assertEquals(1009, v.closeCode());
    }

    @Test
    void aLongCloseReasonIsCutAtACharacterBoundary() {
        byte[] cut = StrictWsConnection.reasonBytes("é".repeat(100)); // 200 bytes
        assertEquals(122, cut.length);
        assertEquals("é".repeat(61), new String(cut, StandardCharsets.UTF_8));
        assertEquals(123, StrictWsConnection.reasonBytes("x".repeat(200)).length);
    }
}
