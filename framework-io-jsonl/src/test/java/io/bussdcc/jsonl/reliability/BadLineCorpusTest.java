package io.bussdcc.jsonl.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.jsonl.Greenhouse;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.jsonl.ReadCounts;
import io.bussdcc.jsonl.reliability.BadLines.Case;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-line corpus: each kind of bad line, between two good ones, is reported with its
 * file, its line and the exact reason, skipped, and never stops the reading; names that look
 * like classes never load one.
 */
class BadLineCorpusTest {

    /** A record that holds itself: deep data for a known type. */
    @MessageType("reliability.test:Node")
    public record Node(String name, List<Node> children) implements Message {}

    static final String GOOD_1 = BadLines.goodReading(1, "2026-03-09T23:45:01Z");
    static final String GOOD_3 = BadLines.goodReading(3, "2026-03-09T23:45:03Z");

    @TempDir
    Path root;

    static {
        // Node lives in this test package, which the module does not open: open it to the codec.
        BadLineCorpusTest.class.getModule().addOpens(BadLineCorpusTest.class.getPackageName(),
                io.bussdcc.codec.EventCodec.class.getModule());
    }

    static MessageTypeRegistry registry() {
        return Greenhouse.registry().register(Node.class);
    }

    record Read(List<Event<?>> events, List<SourceProblem> problems, ReadCounts counts) {}

    static Read read(Path location) throws IOException {
        List<SourceProblem> problems = new ArrayList<>();
        ReadCounts counts = new ReadCounts();
        try (Stream<Event<?>> s = JsonlSource.builder(location).registry(registry()).build().open(problems::add, counts)) {
            return new Read(s.toList(), problems, counts);
        }
    }

    /** Writes {@code parts} (text or bytes) into the segment file and returns it. */
    private Path write(Object... parts) throws IOException {
        Path file = root.resolve("2026-03-09/23-40-00.jsonl");
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    private static List<Long> seqs(Read read) {
        return read.events().stream().map(e -> ((SensorReading) e.payload()).seq()).toList();
    }

    static Stream<Case> corpus() {
        return BadLines.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadLineIsReportedWithFileLineAndReasonAndSkipped(Case bad) throws IOException {
        Path file = write(GOOD_1 + "\n", bad.line(), "\n" + GOOD_3 + "\n");
        Read read = read(root);
        assertEquals(List.of(new SourceProblem(file.toString(), 2, bad.reason())), read.problems());
        assertEquals(List.of(1L, 3L), seqs(read), "the good lines around it are delivered");
        assertEquals(1, read.counts().skipped());
    }

    @Test
    void theCorpusHoldsAtLeastThirtyKinds() {
        assertTrue(BadLines.all().size() >= 30, BadLines.all().size() + " kinds");
        assertEquals(BadLines.all().size(), BadLines.all().stream().map(Case::name).distinct().count(), "names are unique");
    }

    @Test
    void aTornLastLineIsReportedAsTorn() throws IOException {
        Path file = write(GOOD_1 + "\n" + GOOD_3 + "\n" + BadLines.GOOD_2.substring(0, 60));
        Read read = read(root);
        assertEquals(List.of(new SourceProblem(file.toString(), 3, "torn last line (the file ends inside a record without a"
                + " newline; its writer was probably interrupted): truncated JSON: Unexpected end-of-input in VALUE_STRING"
                + " (at column 61)")), read.problems());
        assertEquals(List.of(1L, 3L), seqs(read));
    }

    @Test
    void everyKindInOneFileIsReportedAtItsOwnLine() throws IOException {
        List<Object> parts = new ArrayList<>(List.of(GOOD_1 + "\n"));
        List<Case> all = BadLines.all();
        for (Case c : all) {
            parts.add(c.line());
            parts.add("\n");
        }
        parts.add(GOOD_3 + "\n");
        Path file = write(parts.toArray());
        Read read = read(root);
        List<SourceProblem> expected = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            expected.add(new SourceProblem(file.toString(), i + 2, all.get(i).reason()));
        }
        assertEquals(expected, read.problems());
        assertEquals(List.of(1L, 3L), seqs(read));
    }

    // ---- names that look like classes: delivered raw, nothing loaded ------------------------

    /** Type names a reader that loads classes by name would act on. */
    static final List<String> CLASS_LIKE_NAMES = List.of("java.lang:Runtime", "java.lang.Runtime",
            "java.lang.ProcessBuilder", "java.lang:ProcessBuilder", "javax.script.ScriptEngineManager",
            "java.rmi.Naming", "[Ljava.lang.String;", "io.bussdcc.jsonl.reliability.Tripwire",
            "io.bussdcc.jsonl.reliability:Tripwire", "io.bussdcc.jsonl.reliability.Tripwire$Inner",
            "io/bussdcc/jsonl/reliability/Tripwire", "Tripwire");

    static String rawLine(String type) {
        return "{" + BadLines.T + ",\"type\":\"" + type + "\",\"data\":{\"value\":\"boom\"}}";
    }

    @Test
    void typeNamesThatLookLikeClassesAreDeliveredRawReportedOnceAndLoadNothing() throws Exception {
        StringBuilder content = new StringBuilder(GOOD_1 + "\n");
        for (String name : CLASS_LIKE_NAMES) {
            content.append(rawLine(name)).append('\n');
        }
        content.append(GOOD_3).append('\n');
        Path file = write(content.toString());
        Read[] read = new Read[1];
        List<String> loaded = ClassLoads.during(() -> read[0] = read(root));

        List<SourceProblem> expected = new ArrayList<>();
        for (int i = 0; i < CLASS_LIKE_NAMES.size(); i++) {
            expected.add(new SourceProblem(file.toString(), i + 2, "unknown type '" + CLASS_LIKE_NAMES.get(i)
                    + "': delivered as a raw message (register the type to decode it; further lines of this type are"
                    + " counted, not reported)"));
        }
        assertEquals(expected, read[0].problems());
        List<Message> payloads = read[0].events().stream().map(e -> (Message) e.payload()).toList();
        assertEquals(CLASS_LIKE_NAMES.size() + 2, payloads.size());
        for (int i = 0; i < CLASS_LIKE_NAMES.size(); i++) {
            assertEquals(new RawMessage(CLASS_LIKE_NAMES.get(i), "{\"value\":\"boom\"}"), payloads.get(i + 1));
        }
        assertFalse(Tripwire.Flag.initialised, "the tripwire class was initialised");
        for (String name : loaded) {
            assertFalse(name.contains("Tripwire") || name.equals("javax.script.ScriptEngineManager")
                    || name.equals("java.rmi.Naming"), "reading the log loaded " + name);
        }
    }

    @Test
    void theClassLoadCheckSeesAClassBeingLoaded() throws Exception {
        // The check above can fail: a class loaded by name while recording is seen.
        List<String> loaded = ClassLoads.during(() -> Class.forName(BadLineCorpusTest.class.getPackageName()
                + ".TripwireControl", false, BadLineCorpusTest.class.getClassLoader()));
        assertTrue(loaded.contains(TripwireControl.class.getName()), loaded.toString());
    }

    // ---- accepted silently ------------------------------------------------------------------

    @Test
    void byteOrderMarksAndCrlfAreAcceptedAnywhere() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        write(bom, GOOD_1 + "\r\n", bom, BadLines.GOOD_2 + "\r\n", GOOD_3);
        Read read = read(root);
        assertEquals(List.of(), read.problems());
        assertEquals(List.of(1L, 2L, 3L), seqs(read));
    }

    @Test
    void nullsForReferenceFieldsAreDelivered() throws IOException {
        write(GOOD_1 + "\n" + BadLines.reading("\"sensor\":null,\"seq\":2,\"value\":2.5,\"unit\":null,\"note\":null")
                + "\n" + GOOD_3 + "\n");
        Read read = read(root);
        assertEquals(List.of(), read.problems());
        assertEquals(new SensorReading(null, 2, 2.5, null, null), read.events().get(1).payload());
    }

    @Test
    void outOfOrderLinesAreDeliveredWithANote() throws IOException {
        Path file = write(GOOD_3 + "\n" + GOOD_1 + "\n");
        Read read = read(root);
        assertEquals(List.of(3L, 1L), seqs(read));
        assertEquals(List.of(new SourceProblem(file.toString(), 2, "out of order: 2026-03-09T23:45:01Z is 2000 ms before the"
                + " previous event (2026-03-09T23:45:03Z); delivered in recorded order")), read.problems());
        assertEquals(Instant.parse("2026-03-09T23:45:01Z"), read.events().get(1).time());
    }
}
