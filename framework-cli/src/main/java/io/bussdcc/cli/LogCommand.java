package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.SafeText;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.LogSegments;
import io.bussdcc.jsonl.JsonlSource;
import io.bussdcc.jsonl.ReadCounts;
import io.bussdcc.jsonl.Retention;
import io.bussdcc.jsonl.SegmentCompression;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** {@code bussdcc log info DIR} and {@code bussdcc log prune DIR}: looking after a JSONL log folder. */
final class LogCommand implements Command {

    private static final Option MAX_AGE = Option.value("--max-age", "DURATION",
            "prune: remove segments whose events are all older than DURATION (30d, 12h)");
    private static final Option MAX_SIZE = Option.value("--max-size", "SIZE",
            "prune: remove the oldest segments while the log takes more than SIZE (500M, 2G)");
    private static final Option DRY_RUN = Option.flag("--dry-run", "prune: list what would be removed, remove nothing");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String summary() {
        return "look after a JSONL log folder: info (what it holds), compress, prune (retention)";
    }

    @Override
    public String usage() {
        return "bussdcc log info DIR [--plugins DIR] | bussdcc log compress DIR | bussdcc log prune DIR"
                + " [--max-age DURATION] [--max-size SIZE] [--dry-run] [--config FILE] [--set KEY=VALUE]...";
    }

    @Override
    public String description() {
        return """
                info DIR prints what a JSONL log folder holds: its segments (plain and
                compressed), bytes on disk, the time range, events per type and severity, and
                the bad and torn lines (each also reported on stderr as file:line: reason).

                compress DIR gzips the plain segments (all but the two newest while a sink
                writes into DIR), as a sink with sink.jsonl.compress=true does as it goes, and
                prints the bytes before and after and the CPU time it took.

                prune DIR removes segments by age and/or total size, as the sink's retention
                does at each new segment; the limits come from --max-age/--max-size, else from
                sink.jsonl.retention.max-age/max-size in the configuration. While a sink writes
                into DIR its two newest segments are kept. --dry-run lists what would go.""";
    }

    @Override
    public List<Option> options() {
        return List.of(MAX_AGE, MAX_SIZE, DRY_RUN, Setup.PLUGINS, Setup.CONFIG, Setup.SET);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        List<String> p = args.positionals();
        if (p.isEmpty()) {
            throw new UsageException("missing what to do: info DIR, compress DIR or prune DIR");
        }
        String action = p.get(0);
        if (!List.of("info", "compress", "prune").contains(action)) {
            throw new UsageException("unknown action '" + action + "' (info, compress or prune)");
        }
        if (p.size() < 2) {
            throw new UsageException("missing DIR (a log folder) after " + action);
        }
        if (p.size() > 2) {
            throw new UsageException("unexpected argument '" + p.get(2) + "' (only one DIR)");
        }
        Path dir = Path.of(p.get(1));
        if (!Files.isDirectory(dir)) {
            throw new CliFailure(dir + (Files.exists(dir) ? " is not a folder" : " does not exist")
                    + ": give a JSONL log folder (such as ./events)");
        }
        if (!action.equals("prune")) {
            for (Option o : List.of(MAX_AGE, MAX_SIZE, DRY_RUN)) {
                if (args.has(o.name())) {
                    throw new UsageException(o.name() + " is an option of prune, not of " + action);
                }
            }
            return action.equals("info") ? info(dir, args, io) : compress(dir, io);
        }
        return prune(dir, args, io);
    }

    private static int compress(Path dir, Io io) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SegmentCompression.Outcome o = SegmentCompression.compressClosed(dir);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        o.settled().forEach(io.err()::println);
        double mb = o.bytesIn() / 1e6;
        io.out().println(String.format(Locale.ROOT, "compressed %d segment%s: %d bytes to %d (ratio %.2f) in %.3f s,"
                + " %.3f s CPU (%.1f ms CPU per MB)", o.segments(), o.segments() == 1 ? "" : "s", o.bytesIn(),
                o.bytesOut(), o.bytesOut() == 0 ? 0.0 : (double) o.bytesIn() / o.bytesOut(), seconds, cpuSeconds,
                mb == 0 ? 0.0 : cpuSeconds * 1000 / mb));
        return Cli.OK;
    }

    private int prune(Path dir, Arguments args, Io io) throws UsageException, IOException {
        Config config = Setup.config(args, Map.of()).section("sink.jsonl");
        Retention retention = Retention.keepAll();
        Optional<String> age = args.value(MAX_AGE.name()).or(() -> config.get("retention.max-age"));
        String ageFrom = args.has(MAX_AGE.name()) ? "--max-age" : config.originOf("retention.max-age");
        if (age.isPresent()) {
            try {
                retention = retention.maxAge(Config.parseDuration(age.get().strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(ageFrom + ": '" + age.get() + "' is not a positive duration (e.g. 30d, 12h)");
            }
        }
        Optional<String> size = args.value(MAX_SIZE.name()).or(() -> config.get("retention.max-size"));
        String sizeFrom = args.has(MAX_SIZE.name()) ? "--max-size" : config.originOf("retention.max-size");
        if (size.isPresent()) {
            try {
                retention = retention.maxBytes(Retention.parseBytes(size.get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(sizeFrom + ": " + e.getMessage());
            }
        }
        if (retention.keepsAll()) {
            throw new UsageException("prune needs a limit: --max-age DURATION and/or --max-size SIZE (or"
                    + " sink.jsonl.retention.max-age/max-size in --config)");
        }
        boolean dryRun = args.has(DRY_RUN.name());
        Retention.Outcome o = retention.prune(dir, Instant.now(), s -> false, dryRun);
        PrintStream out = io.out();
        String verb = dryRun ? "would remove" : "removed";
        for (Retention.Removal r : o.removed()) {
            out.println(verb + " " + r.segment().file() + " (" + r.segment().bytes() + " bytes): " + r.reason());
        }
        for (Retention.Removal r : o.spared()) {
            out.println("kept " + r.segment().file() + ": " + r.reason());
        }
        long freed = o.removed().stream().mapToLong(r -> r.segment().bytes()).sum();
        io.err().println(Cli.count(o.removed().size(), "segment") + ", " + freed + " bytes " + verb + " (" + retention
                + "); the log " + (dryRun ? "would take " : "takes ") + (o.bytesBefore() - freed) + " bytes");
        return Cli.OK;
    }

    private int info(Path dir, Arguments args, Io io) throws IOException {
        LogSegments.Listing listing = LogSegments.walk(dir, false);
        List<LogSegments.Segment> segments = listing.segments();
        long compressed = segments.stream().filter(LogSegments.Segment::compressed).count();
        long compressedBytes = segments.stream().filter(LogSegments.Segment::compressed)
                .mapToLong(LogSegments.Segment::bytes).sum();
        MessageTypeRegistry registry = Recording.registry(Setup.layer(args));
        EventCodec codec = new EventCodec(registry);
        ReadCounts counts = new ReadCounts();
        Map<String, Long> byType = new TreeMap<>();
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        Instant first = null;
        Instant last = null;
        AtomicLong problems = new AtomicLong();
        JsonlSource source = JsonlSource.builder(dir).registry(registry).build();
        try (Stream<Event<?>> events = source.open(problem -> report(io, problems, problem), counts)) {
            Iterator<Event<?>> it = events.iterator();
            while (it.hasNext()) {
                Event<?> e = it.next();
                String type = registry.nameOf(e.payload());
                byType.merge(type == null ? "(untyped)" : type, 1L, Long::sum);
                bySeverity.merge(e.severity(), 1L, Long::sum);
                first = first == null || e.time().isBefore(first) ? e.time() : first;
                last = last == null || e.time().isAfter(last) ? e.time() : last;
            }
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw new CliFailure(why.contains(dir.toString()) ? why : "cannot read " + dir + ": " + why, e);
        }
        PrintStream out = io.out();
        out.println("log        " + dir);
        out.println("segments   " + segments.size() + " (" + compressed + " compressed, " + (segments.size() - compressed)
                + " plain)" + (segments.isEmpty() ? "" : ", " + segments.get(0).name() + " to "
                        + segments.get(segments.size() - 1).name()));
        out.println("bytes      " + listing.bytes() + " on disk (" + compressedBytes + " compressed, "
                + (listing.bytes() - compressedBytes) + " plain)");
        out.println("time       " + (first == null ? "no events" : codec.formatTime(first) + " to " + codec.formatTime(last)));
        out.println("events     " + counts.events());
        out.println("lines      " + counts.lines() + " (" + counts.skipped() + " bad, " + counts.torn() + " torn, "
                + counts.outOfOrder() + " out of order)");
        out.println("severity");
        bySeverity.forEach((s, n) -> out.println(String.format("  %-8s  %d", s, n)));
        out.println("types");
        int width = byType.keySet().stream().mapToInt(String::length).max().orElse(0);
        byType.forEach((t, n) -> out.println(String.format("  %-" + width + "s  %d", SafeText.escape(t), n)));
        if (problems.get() > 0) {
            io.err().println(Cli.count(problems.get(), "problem") + " reported above");
        }
        return Cli.OK;
    }

    private static synchronized void report(Io io, AtomicLong problems, SourceProblem problem) {
        problems.incrementAndGet();
        io.err().println(problem);
    }
}
