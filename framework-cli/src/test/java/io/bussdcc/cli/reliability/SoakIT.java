package io.bussdcc.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.cli.Image;
import io.bussdcc.cli.reliability.LoadPlugin.Load;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.jsonl.ReadCounts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The soak run (not part of the normal build; see RELIABILITY.md): the image records
 * 10,000,000 load events into segments of one second of event time while this test tails the
 * log — following growing files and new segments as a second reader would — and samples the
 * process's memory: resident set size every second, and the heap after every GC from the JVM's
 * GC log. It checks that count in equals count out (tailed, and read again at the end) and
 * reports whether memory stays flat (after a warm-up of ten seconds, with a 256 MB heap limit
 * like a small device's).
 *
 * <pre>
 * ./dev mvn -B -ntp -o -pl framework-cli test-compile failsafe:integration-test failsafe:verify \
 *     -Dit.test=SoakIT -Dsoak=true [-Dsoak.events=10000000] [-Dsoak.rate=100000] [-Dsoak.interval=1s]
 *     [-Dsoak.xmx=256m] [-Dsoak.keep=true]
 * </pre>
 */
@EnabledIfSystemProperty(named = "soak", matches = "true")
class SoakIT {

    static final long EVENTS = Long.getLong("soak.events", 10_000_000L);
    static final long RATE = Long.getLong("soak.rate", 100_000L);
    static final String INTERVAL = System.getProperty("soak.interval", "1s");
    static final Path DIR = Path.of(System.getProperty("soak.dir", "target/soak")).toAbsolutePath();
    /** The image's heap limit: a device-sized heap, so that GCs come often and a leak would show. */
    static final String XMX = System.getProperty("soak.xmx", "256m");
    /** Samples before this are start-up, not steady state. */
    static final long WARM_UP_SECONDS = 10;

    /** A reader that follows a growing log: new lines of every segment file, new segments as they appear. */
    static final class Tailer implements Runnable {
        final Path root;
        final EventCodec codec = new EventCodec(LoadPlugin.registry());
        final Map<Path, Long> offsets = new TreeMap<>();
        final Map<Path, byte[]> partial = new TreeMap<>();
        final BitSet seen = new BitSet();
        final AtomicBoolean stop = new AtomicBoolean();
        long lines;
        long loadEvents;
        long duplicates;
        long badLines;
        long maxLagMillis;
        final List<String> problems = new ArrayList<>();

        Tailer(Path root) {
            this.root = root;
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    if (pass() == 0) {
                        Thread.sleep(20);
                    }
                }
                pass(); // what the writer wrote last
            } catch (Exception e) {
                problems.add("tailer failed: " + e);
            }
        }

        /** Reads what was appended to every file since the last pass; the number of bytes read. */
        long pass() throws IOException {
            if (!Files.isDirectory(root)) {
                return 0;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            long read = 0;
            for (Path f : files) {
                long offset = offsets.getOrDefault(f, 0L);
                long size = Files.size(f);
                if (size <= offset) {
                    continue;
                }
                byte[] chunk;
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
                    raf.seek(offset);
                    chunk = new byte[(int) Math.min(size - offset, 64L << 20)];
                    raf.readFully(chunk);
                }
                offsets.put(f, offset + chunk.length);
                read += chunk.length;
                consume(f, chunk);
            }
            return read;
        }

        private void consume(Path file, byte[] chunk) {
            byte[] before = partial.remove(file);
            byte[] data = chunk;
            if (before != null) {
                data = new byte[before.length + chunk.length];
                System.arraycopy(before, 0, data, 0, before.length);
                System.arraycopy(chunk, 0, data, before.length, chunk.length);
            }
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    line(data, start, i - start);
                    start = i + 1;
                }
            }
            if (start < data.length) {
                partial.put(file, java.util.Arrays.copyOfRange(data, start, data.length)); // a line still being written
            }
        }

        private void line(byte[] b, int off, int len) {
            lines++;
            try {
                Event<?> e = codec.readEvent(b, off, len);
                if (e.payload() instanceof Load load) {
                    loadEvents++;
                    if (seen.get((int) load.seq())) {
                        duplicates++;
                    }
                    seen.set((int) load.seq());
                    long lag = (System.currentTimeMillis() - e.time().toEpochMilli());
                    maxLagMillis = Math.max(maxLagMillis, lag);
                }
            } catch (CodecException ex) {
                badLines++;
                if (problems.size() < 10) {
                    problems.add("bad line: " + ex.getMessage());
                }
            }
        }
    }

    @Test
    void tenMillionEventsAcrossManySegmentsWhileASecondReaderTailsTheLog() throws Exception {
        Trials.delete(DIR);
        Files.createDirectories(DIR);
        Path plugins = LoadPlugin.build(DIR);
        Path events = DIR.resolve("events");
        Path gcLog = DIR.resolve("gc.log");
        System.out.printf("soak: %,d events at %,d/s into %s segments under %s%n", EVENTS, RATE, INTERVAL, events);

        Tailer tailer = new Tailer(events);
        Thread tail = Thread.ofPlatform().name("tailer").start(tailer);
        List<String> args = new ArrayList<>(List.of("run", "--no-web", "--plugins", plugins.toString(), "--events",
                events.toString(), "--set", "sink.jsonl.interval=" + INTERVAL, "--set", "service.load.count=" + EVENTS,
                "--set", "service.load.rate=" + RATE, "--set", "service.load.shutdown-when-done=true",
                "--set", "service.load.progress=" + DIR.resolve("progress")));
        args.addAll(Trials.quiet());
        long t0 = System.nanoTime();
        Image.Running run = Image.start(DIR, Map.of("JAVA_OPTS", "-Xmx" + XMX + " -Xlog:gc:file=" + gcLog), args.toArray(String[]::new));
        List<long[]> rss = new ArrayList<>(); // seconds since start, RSS kB, tailed load events
        while (run.process.isAlive()) {
            long kb = rssKb(run.process.pid());
            if (kb > 0) {
                rss.add(new long[] {(System.nanoTime() - t0) / 1_000_000_000L, kb, tailer.loadEvents});
            }
            run.process.waitFor(1, TimeUnit.SECONDS);
        }
        Image.Result result = run.await(Duration.ofSeconds(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        tailer.stop.set(true);
        tail.join();
        assertEquals(0, result.exitCode(), result.toString());

        // Count out, a second time: the whole log read from the start.
        ReadCounts counts = new ReadCounts();
        List<SourceProblem> problems = new ArrayList<>();
        long readLoad = 0;
        long expectedSeq = 0;
        long outOfSequence = 0;
        try (Stream<Event<?>> s = JsonlSource.builder(events).registry(LoadPlugin.registry()).build()
                .open(problems::add, counts)) {
            for (Event<?> e : (Iterable<Event<?>>) s::iterator) {
                if (e.payload() instanceof Load load) {
                    readLoad++;
                    if (load.seq() != expectedSeq++) {
                        outOfSequence++;
                        expectedSeq = load.seq() + 1;
                    }
                }
            }
        }
        long segments = JsonlSource.builder(events).build().files().size();
        long bytes = 0;
        for (Path f : JsonlSource.builder(events).build().files()) {
            bytes += Files.size(f);
        }

        List<long[]> heap = heapAfterGc(gcLog); // seconds, kB after
        printMemory("RSS", rss.stream().filter(r -> r[0] >= WARM_UP_SECONDS).map(r -> new long[] {r[0], r[1]}).toList());
        printMemory("heap after GC", heap.stream().filter(h -> h[0] >= WARM_UP_SECONDS).toList());
        System.out.printf("soak: %,d events emitted in %.1f s (%,.0f/s) into %,d segments (%,.1f MB); tailed %,d load"
                + " events (%,d lines, %d duplicates, %d bad, max lag %d ms); read again %,d (%d out of sequence, %d problems:"
                + " %s)%n", EVENTS, seconds, EVENTS / seconds, segments, bytes / 1e6, tailer.loadEvents, tailer.lines,
                tailer.duplicates, tailer.badLines, tailer.maxLagMillis, readLoad, outOfSequence, problems.size(),
                problems.stream().limit(3).toList());
        Files.writeString(DIR.resolve("rss.csv"), "seconds,rss_kb,tailed\n" + String.join("\n",
                rss.stream().map(r -> r[0] + "," + r[1] + "," + r[2]).toList()) + "\n", StandardCharsets.UTF_8);

        assertEquals(List.of(), tailer.problems);
        assertEquals(EVENTS, tailer.loadEvents, "count in = count out, tailing");
        assertEquals(EVENTS, tailer.seen.cardinality(), "every number, once");
        assertEquals(0, tailer.duplicates);
        assertEquals(EVENTS, readLoad, "count in = count out, read again");
        assertEquals(0, outOfSequence);
        assertTrue(segments > 20, "many segment rotations: " + segments);
        if (!Boolean.getBoolean("soak.keep")) {
            Trials.delete(events);
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between two samples
        }
        return -1;
    }

    /** From a {@code -Xlog:gc} file: {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 25M->3M(64M) 1.234ms}. */
    private static List<long[]> heapAfterGc(Path gcLog) throws IOException {
        Pattern p = Pattern.compile("\\[(\\d+\\.\\d+)s\\].*GC\\(\\d+\\).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.add(new long[] {(long) Double.parseDouble(m.group(1)), Long.parseLong(m.group(3)) * 1024});
            }
        }
        return out;
    }

    /** Min, max and the mean of each fifth of the run after the warm-up: flat memory has flat fifths. */
    private static void printMemory(String what, List<long[]> samples) {
        if (samples.isEmpty()) {
            System.out.println("soak: no " + what + " samples");
            return;
        }
        long min = samples.stream().mapToLong(s -> s[1]).min().orElse(0);
        long max = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
        StringBuilder fifths = new StringBuilder();
        int n = samples.size();
        for (int k = 0; k < 5; k++) {
            List<long[]> part = samples.subList(k * n / 5, Math.max(k * n / 5 + 1, (k + 1) * n / 5));
            double mean = part.stream().mapToLong(s -> s[1]).average().orElse(0);
            fifths.append(String.format("%s%.1f", k == 0 ? "" : " / ", mean / 1024));
        }
        System.out.printf("soak: %s over %d samples: min %.1f MB, max %.1f MB; mean of each fifth of the run: %s MB%n",
                what, samples.size(), min / 1024.0, max / 1024.0, fifths);
    }
}
