package io.bussdcc.jsonl.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.SystemSignal;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.Greenhouse.Alarm;
import io.bussdcc.jsonl.Greenhouse.SensorReading;
import io.bussdcc.jsonl.Greenhouse.Setpoint;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.jsonl.ReadCounts;
import io.bussdcc.jsonl.reliability.BadLineCorpusTest.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated log of 100,000 lines, most of them valid events mutated at random (bytes flipped,
 * cut, inserted, values and type names and times replaced, lines spliced, padded past the
 * limit), read by {@link JsonlSource}: no exception escapes, every bad line is reported with its
 * file and line, and every good line is delivered.
 *
 * <p>What is good is decided line by line by a codec of its own, after the source's documented
 * preparation of a line (a byte order mark on line 1 and a trailing {@code \r} dropped, blank
 * lines and lines past the limit refused); lines left unmutated are also checked against the
 * event they were written from. The seed is printed; {@code -Dreliability.fuzz.seed=N} and
 * {@code -Dreliability.fuzz.lines=N} replay or widen a run.
 */
class BadLineFuzzTest {

    static final long SEED = Long.getLong("reliability.fuzz.seed", 20261125L);
    static final int LINES = Integer.getInteger("reliability.fuzz.lines", 100_000);
    static final int FILES = 20;
    static final int MAX_LINE = 4096;

    @TempDir
    Path root;

    private final MessageTypeRegistry registry = BadLineCorpusTest.registry();

    /** What the generator meant a line to be, and what the oracle says it is. */
    record Line(Path file, long number, byte[] bytes, boolean terminated, Event<?> original) {}

    @Test
    void aHundredThousandMutatedLinesNeverCrashTheSourceAndEveryBadLineIsReported() throws Exception {
        System.out.println("fuzz: " + LINES + " lines in " + FILES + " files, seed " + SEED);
        EventCodec writer = new EventCodec(registry);
        SplittableRandom random = new SplittableRandom(SEED);
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> mutations = new TreeMap<>();
        int perFile = LINES / FILES;
        for (int f = 0; f < FILES; f++) {
            Path file = root.resolve(String.format("2026-03-09/%02d-00-00.jsonl", f));
            Files.createDirectories(file.getParent());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean lastUnterminated = f % 4 == 3;
            for (int n = 1; n <= perFile; n++) {
                Event<?> event = event(random, f, n);
                byte[] valid = writer.toJson(event).getBytes(StandardCharsets.UTF_8);
                byte[] bytes;
                String how;
                if (random.nextInt(10) < 3) {
                    bytes = valid;
                    how = "unmutated";
                } else {
                    int op = random.nextInt(MUTATIONS.length);
                    how = MUTATIONS[op];
                    bytes = noNewline(mutate(op, valid, random, writer));
                }
                mutations.merge(how, 1, Integer::sum);
                boolean terminated = !(lastUnterminated && n == perFile);
                out.writeBytes(bytes);
                if (terminated) {
                    out.write('\n');
                }
                lines.add(new Line(file, n, bytes, terminated, how.equals("unmutated") ? event : null));
            }
            Files.write(file, out.toByteArray());
        }

        // The oracle: each line decoded alone.
        EventCodec oracle = new EventCodec(registry);
        List<Event<?>> expectedEvents = new ArrayList<>();
        List<SourceProblem> expectedBad = new ArrayList<>();
        for (Line line : lines) {
            Object outcome = expect(oracle, line);
            if (outcome instanceof Event<?> e) {
                expectedEvents.add(e);
                if (line.original() != null) {
                    assertEquals(line.original(), e, "an unmutated line reads back as the event it was written from");
                }
            } else {
                assertTrue(line.original() == null, "an unmutated line is good: " + outcome);
                expectedBad.add(new SourceProblem(line.file().toString(), line.number(), (String) outcome));
            }
        }

        // The source.
        List<SourceProblem> problems = new ArrayList<>();
        ReadCounts counts = new ReadCounts();
        List<Event<?>> delivered = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Stream<Event<?>> s = JsonlSource.builder(root).registry(registry).maxLineLength(MAX_LINE).build()
                .open(problems::add, counts)) {
            s.forEach(delivered::add);
        } catch (Throwable crash) {
            throw new AssertionError("an exception escaped the source after " + delivered.size() + " events and "
                    + problems.size() + " problems (seed " + SEED + "); last problem: "
                    + (problems.isEmpty() ? "none" : problems.get(problems.size() - 1)), crash);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;

        List<SourceProblem> bad = problems.stream()
                .filter(p -> !p.reason().startsWith("out of order: ") && !p.reason().startsWith("unknown type '")).toList();
        assertEquals(LINES, counts.lines(), "every line was read");
        assertEquals(expectedBad.size(), bad.size(), "bad lines reported");
        for (int i = 0; i < bad.size(); i++) {
            assertEquals(expectedBad.get(i), bad.get(i), "bad line report " + i + " (seed " + SEED + ")");
        }
        assertEquals(expectedEvents.size(), delivered.size(), "good lines delivered");
        for (int i = 0; i < delivered.size(); i++) {
            assertEquals(expectedEvents.get(i), delivered.get(i), "event " + i + " (seed " + SEED + ")");
        }
        assertEquals(LINES, delivered.size() + bad.size(), "each line is either delivered or reported");
        for (SourceProblem p : problems) {
            assertTrue(p.line() >= 1 && p.line() <= perFile && p.source().endsWith(".jsonl"), "file:line of " + p);
        }

        Map<String, Integer> reasons = new TreeMap<>();
        for (SourceProblem p : bad) {
            reasons.merge(kind(p.reason()), 1, Integer::sum);
        }
        System.out.printf("fuzz: %,d lines read in %d ms: %,d delivered (%,d unknown-type, %,d out of order), %,d reported"
                + " bad, 0 exceptions%n  mutations: %s%n  bad-line reasons (by first words): %s%n", counts.lines(), millis,
                delivered.size(), counts.unknownTypes().values().stream().mapToLong(Long::longValue).sum(),
                counts.outOfOrder(), bad.size(), mutations, reasons);
        assertTrue(bad.size() > LINES / 3 && delivered.size() > LINES / 4, "a useful mix of good and bad lines");
    }

    /** A reason without its field path and particulars: its first few words. */
    private static String kind(String reason) {
        if (reason.startsWith("the line is ")) {
            return "line too long";
        }
        String r = reason.replaceFirst("^[A-Za-z_][\\w.\\[\\]\"]*: ", "").replaceAll("'[^']*'", "'…'")
                .replaceAll("\\([^)]*\\)", "").replaceAll("\"[^\"]*\"", "\"…\"").replaceFirst("^-?[0-9][^ ]*", "N")
                .replaceFirst("^'….*' could not", "'…' could not");
        int colon = r.indexOf(": ");
        if (colon > 0) {
            r = r.substring(0, colon);
        }
        String[] words = r.strip().split(" +");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(5, words.length)));
    }

    /** The event a line must deliver, or the exact reason it must be reported with. */
    private static Object expect(EventCodec oracle, Line line) {
        byte[] b = line.bytes();
        int off = 0;
        int len = b.length;
        if (len > MAX_LINE) {
            return "the line is " + len + " bytes long, more than the limit of " + MAX_LINE;
        }
        if (line.number() == 1 && len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            off = 3;
            len -= 3;
        }
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        boolean blank = true;
        for (int i = off; i < off + len; i++) {
            blank &= b[i] == ' ' || b[i] == '\t' || b[i] == '\r';
        }
        if (blank) {
            return "empty line";
        }
        try {
            return oracle.readEvent(b, off, len);
        } catch (CodecException e) {
            return line.terminated() ? e.getMessage() : "torn last line (the file ends inside a record without a newline;"
                    + " its writer was probably interrupted): " + e.getMessage();
        } catch (RuntimeException | Error crash) {
            throw new AssertionError("the codec crashed on line " + line.number() + " of " + line.file() + ": "
                    + new String(b, StandardCharsets.UTF_8), crash);
        }
    }

    // ---- generation ---------------------------------------------------------------------------

    private static final String[] TYPE_NAMES = {"greenhouse.sensors:SensorReading", "greenhouse.sensors:Alarm",
        "greenhouse.control:Setpoint", "reliability.test:Node", "bussdcc.message.runtime:RuntimeBooting",
        "bussdcc.message.process:ProcessError", "other.app:Thing", "java.lang.Runtime", "java.lang:Runtime", "", " ",
        "io.bussdcc.jsonl.reliability.Tripwire", "\u00fc\u00f1\u00ee", "a:b:c", "\\u0000"};

    private static Event<?> event(SplittableRandom r, int file, int n) {
        Instant t = Instant.parse("2026-03-09T00:00:00Z").plusSeconds(3600L * file).plusNanos(n * 1_000_003L);
        return switch (r.nextInt(8)) {
            case 0, 1 -> new Event<>(t, new SensorReading("s-" + r.nextInt(5), n, r.nextDouble() * 100 - 50,
                    r.nextBoolean() ? "°C" : "kPa", r.nextInt(4) == 0 ? "note \u00e9\u00e8 \"quoted\"" : null));
            case 2 -> new Event<>(t, new Alarm("s", r.nextInt(), List.of("hot", "x".repeat(r.nextInt(20)))));
            case 3 -> {
                Map<String, Integer> weights = new LinkedHashMap<>();
                for (int i = 0; i < r.nextInt(4); i++) {
                    weights.put("w" + i, r.nextInt(1000) - 500);
                }
                yield new Event<>(t, new Setpoint("zone", r.nextBoolean() ? Optional.of(r.nextDouble()) : Optional.empty(),
                        weights, r.nextBoolean() ? null : t.plusSeconds(r.nextInt(10_000))));
            }
            case 4 -> new Event<>(t, new Node("root", List.of(new Node("a", List.of()), new Node("b",
                    List.of(new Node("c", List.of()))))));
            case 5 -> new Event<>(t, new ProcessError("p", "boom", new Event<>(t.minusMillis(1),
                    new SensorReading("s", n, 1.5, "C", null)), "trace\nline"));
            case 6 -> new Event<>(t, new RawMessage("other.app:Thing" + r.nextInt(3), "{\"k\":[1,{\"x\":null}],\"s\":\"v\"}"));
            default -> new Event<>(t, r.nextBoolean() ? new RuntimeBooting("0.1.0") : new SystemSignal(r.nextInt(64), "user1"));
        };
    }

    private static final String[] MUTATIONS = {"flip a byte", "delete bytes", "insert bytes", "truncate", "duplicate a slice",
        "replace a value", "replace the type", "replace the time", "random bytes", "random JSON", "pad past the limit",
        "splice", "wrap in blanks, BOM or CR"};

    private static final String[] INSERTS = {"\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "NaN", "-Infinity",
        "1e999", "-", "0", "99999999999999999999", "\r", "\t", "\uFEFF", "null", "true", " ", "\u00e9", "\\u", "\\uD800"};

    private static final String[] VALUES = {"\"\"", "\"x\"", "0", "-0", "1.5", "-1", "1e308", "1e309", "-1e400",
        "9223372036854775808", "3000000000", "NaN", "Infinity", "null", "true", "[]", "{}", "[null]", "{\"a\":1}",
        "\"2026-03-09T23:45:02Z\"", "\"2026-03-09T23:45:02\"", "[1,2,3]", "\"\\uD800\"", "\"\\u0000\""};

    private static final String[] TIMES = {"2026-03-09T23:45:02Z", "2026-03-09T23:45:02.123456789Z",
        "2026-03-09T23:45:02.500000+00:00", "2026-03-09T23:45:02+05:30", "2026-03-09T23:45:02", "2026-03-09", "yesterday",
        "", "2026-02-30T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+1000000001-01-01T00:00:00Z",
        "2026-03-09T24:00:00Z", "2026-03-09T23:45:02+19:00", "2026-13-01T00:00:00Z", "2026-03-09T23:45:60Z"};

    private static byte[] mutate(int op, byte[] b, SplittableRandom r, EventCodec codec) {
        String text = new String(b, StandardCharsets.UTF_8);
        return switch (op) {
            case 0 -> {
                byte[] c = b.clone();
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                yield c;
            }
            case 1 -> {
                int at = r.nextInt(b.length);
                int n = Math.min(b.length - at, 1 + r.nextInt(10));
                yield concat(slice(b, 0, at), slice(b, at + n, b.length));
            }
            case 2 -> {
                int at = r.nextInt(b.length + 1);
                yield concat(slice(b, 0, at), utf8(INSERTS[r.nextInt(INSERTS.length)]), slice(b, at, b.length));
            }
            case 3 -> slice(b, 0, r.nextInt(b.length));
            case 4 -> {
                int from = r.nextInt(b.length);
                int to = from + r.nextInt(b.length - from + 1);
                int at = r.nextInt(b.length + 1);
                yield concat(slice(b, 0, at), slice(b, from, to), slice(b, at, b.length));
            }
            case 5 -> {
                // the value after a random "key":
                List<Integer> colons = new ArrayList<>();
                for (int i = 1; i < b.length; i++) {
                    if (b[i] == ':' && b[i - 1] == '"') {
                        colons.add(i);
                    }
                }
                int at = colons.get(r.nextInt(colons.size())) + 1;
                int end = at;
                int depth = 0;
                boolean inString = false;
                for (; end < b.length; end++) {
                    byte c = b[end];
                    if (inString) {
                        if (c == '\\') {
                            end++;
                        } else if (c == '"') {
                            inString = false;
                        }
                    } else if (c == '"') {
                        inString = true;
                    } else if (c == '{' || c == '[') {
                        depth++;
                    } else if (c == '}' || c == ']') {
                        if (depth-- == 0) {
                            break;
                        }
                    } else if (c == ',' && depth == 0) {
                        break;
                    }
                }
                String value = r.nextInt(12) == 0 ? "[".repeat(1 + r.nextInt(3000)) + "]".repeat(r.nextInt(3000))
                        : VALUES[r.nextInt(VALUES.length)];
                yield concat(slice(b, 0, at), utf8(value), slice(b, Math.min(end, b.length), b.length));
            }
            case 6 -> utf8(text.replaceFirst("\"type\":\"[^\"]*\"", "\"type\":\""
                    + java.util.regex.Matcher.quoteReplacement(TYPE_NAMES[r.nextInt(TYPE_NAMES.length)]) + "\""));
            case 7 -> utf8(text.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"" + TIMES[r.nextInt(TIMES.length)] + "\""));
            case 8 -> {
                byte[] c = new byte[r.nextInt(200)];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (byte) r.nextInt(256);
                }
                yield c;
            }
            case 9 -> utf8(randomJson(r, 0));
            case 10 -> utf8(text.replaceFirst("\"data\":\\{", "\"data\":{\"pad\":\"" + "p".repeat(MAX_LINE) + "\","));
            case 11 -> {
                byte[] other = utf8(codec.toJson(event(r, 0, 1)));
                yield concat(slice(b, 0, r.nextInt(b.length)), slice(other, r.nextInt(other.length), other.length));
            }
            default -> {
                String[] wraps = {" ", "\t", "\r", "\uFEFF", "\r\r", "  \t"};
                String w = wraps[r.nextInt(wraps.length)];
                yield utf8(r.nextBoolean() ? w + text : text + w);
            }
        };
    }

    private static String randomJson(SplittableRandom r, int depth) {
        int kind = depth > 4 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> VALUES[r.nextInt(VALUES.length)];
            case 1 -> "\"s" + r.nextInt(100) + "\"";
            case 2 -> Long.toString(r.nextLong());
            case 3 -> Double.toString(r.nextDouble());
            case 4 -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = r.nextInt(4); i > 0; i--) {
                    b.append(randomJson(r, depth + 1)).append(i > 1 ? "," : "");
                }
                yield b.append(']').toString();
            }
            default -> {
                String[] keys = {"time", "type", "data", "payload", "x"};
                StringBuilder b = new StringBuilder("{");
                for (int i = r.nextInt(5); i > 0; i--) {
                    b.append('"').append(keys[r.nextInt(keys.length)]).append("\":").append(randomJson(r, depth + 1))
                            .append(i > 1 ? "," : "");
                }
                yield b.append('}').toString();
            }
        };
    }

    private static byte[] noNewline(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                b[i] = ' ';
            }
        }
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {}
}
