package io.bussdcc.cli;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.SafeText;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EncodingException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.jsonl.JsonlSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** {@code bussdcc cat}: prints a recorded log's events on stdout, or follows a live one. */
final class CatCommand implements Command {

    private static final Option PRETTY = Option.flag("--pretty", "the same as --format pretty");
    private static final Option FORMAT = Option.value("--format", "FORMAT",
            "json (the log's own lines, the default), pretty (time, severity, type, data), or csv");
    private static final Option FIELDS = Option.value("--fields", "A,B.C",
            "with --format csv: the data fields to print as columns (dotted for nested ones)");
    private static final Option SEVERITY = Option.value("--severity", "LEVEL",
            "only events at LEVEL or above: DEBUG, INFO, WARNING, ERROR, CRITICAL");
    private static final Option LAST = Option.value("--last", "N", "only the last N events (with --follow: then go on)");
    private static final Option FOLLOW = Option.flag("--follow",
            "keep printing new events as the log grows, across new segments, until Ctrl-C (a log folder only)");
    /** What {@code --follow} prints of the past when neither {@code --from} nor {@code --last} says: as tail -f. */
    static final int FOLLOW_LAST = 10;
    /** How often {@code --follow} looks for new lines. */
    static final Duration FOLLOW_POLL = Duration.ofMillis(100);

    @Override
    public String name() {
        return "cat";
    }

    @Override
    public String summary() {
        return "print the events of a recorded log, or follow a live one";
    }

    @Override
    public String usage() {
        return "bussdcc cat SOURCE [--from TIME] [--to TIME] [--type NAME]... [--severity LEVEL] [--last N] [--follow]"
                + " [--format json|pretty|csv] [--fields A,B] [--plugins DIR] [--config FILE] [--set KEY=VALUE]...";
    }

    @Override
    public String description() {
        return """
                Prints the events of SOURCE (a JSONL log folder such as ./events, or one .jsonl
                or .jsonl.gz file) in time order on stdout, one JSON object per line in the log's
                own shape {"time":…,"type":…,"data":…}, or readable with --format pretty, or as
                CSV with --format csv --fields sensor,value. Events of types this program does
                not know are printed exactly as recorded. Bad lines are reported on stderr as
                file:line: reason and skipped. TIME is ISO-8601 (UTC without offset), a time of
                day such as 06:54 (UTC), a time before now such as -5m, or now/today/yesterday.
                --follow starts with the last 10 events (or --from, --last) and then prints new
                ones as they are written, until interrupted.""";
    }

    @Override
    public List<Option> options() {
        return List.of(Recording.FROM, Recording.TO, Recording.TYPE, SEVERITY, LAST, FOLLOW, FORMAT, FIELDS, PRETTY,
                Setup.PLUGINS, Setup.CONFIG, Setup.SET);
    }

    /** How one event is printed. */
    private enum Format { JSON, PRETTY, CSV }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        Format format = format(args);
        List<String> fields = fields(args, format);
        Severity severity = severity(args);
        int last = last(args);
        boolean follow = args.has(FOLLOW.name());
        if (follow && args.has(Recording.TO.name())) {
            throw new UsageException("--to and --follow exclude each other (following has no end)");
        }
        Recording recording = Recording.open(args, Map.of());
        EventCodec codec = new EventCodec(recording.registry);
        int typeWidth = typeWidth(recording.registry);
        AtomicLong problems = new AtomicLong();
        long[] printed = {0};
        Writer out = new BufferedWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), 1 << 16);
        if (format == Format.CSV) {
            out.write(csvHeader(fields));
            out.write('\n');
        }
        int keepLast = last > 0 ? last : follow && recording.from.isEmpty() ? FOLLOW_LAST : 0;
        ArrayDeque<String> tail = keepLast > 0 ? new ArrayDeque<>() : null;
        boolean[] live = {tail == null}; // printing as events come (after the tail is out)
        Runnable idle = () -> {
            try {
                if (!live[0]) {
                    live[0] = true;
                    for (String line : tail) {
                        out.write(line);
                        out.write('\n');
                    }
                    tail.clear();
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        EventSource source = follow ? followed(recording, idle) : recording.source;
        try (Stream<Event<?>> events = source.open(problem -> report(io, problems, problem))) {
            Iterator<Event<?>> it = events.iterator();
            while (it.hasNext()) {
                Event<?> event = it.next();
                if (!recording.within(event) || event.severity().compareTo(severity) < 0) {
                    continue;
                }
                String line;
                try {
                    line = switch (format) {
                        case JSON -> codec.toJson(event);
                        case PRETTY -> prettyLine(codec, typeWidth, event);
                        case CSV -> csvLine(codec, fields, event);
                    };
                } catch (EncodingException e) {
                    problems.incrementAndGet();
                    io.err().println(SafeText.escape(recording.location + ": event at " + event.time() + " cannot be printed: "
                            + e.getMessage()));
                    continue;
                }
                printed[0]++;
                if (!live[0]) {
                    tail.addLast(line);
                    if (tail.size() > keepLast) {
                        tail.removeFirst();
                    }
                    continue;
                }
                out.write(line);
                out.write('\n');
                if (follow) {
                    out.flush(); // a person watches: each event as it comes
                }
                if (io.out().checkError()) {
                    break; // the reader went away (cat | head): stop quietly
                }
            }
            if (!live[0]) {
                idle.run();
            }
        } catch (IOException | UncheckedIOException e) {
            String why = String.valueOf(e.getMessage());
            throw new CliFailure(why.contains(recording.location) ? why : "cannot read " + recording.location + ": " + why, e);
        } finally {
            out.flush(); // what was read is printed, however the read ends (a PrintStream never throws here)
        }
        if (problems.get() > 0) {
            long shown = tail == null ? printed[0] : Math.min(printed[0], keepLast);
            io.err().println(Cli.count(shown, "event") + " printed; " + Cli.count(problems.get(), "problem")
                    + " reported above");
        }
        return Cli.OK;
    }

    /** The log folder read as it grows: through the JSONL source's follow mode. */
    private static EventSource followed(Recording recording, Runnable idle) {
        Path dir = Path.of(recording.location);
        if (!Files.isDirectory(dir)) {
            throw new CliFailure("--follow reads a JSONL log folder (such as ./events); " + recording.location
                    + " is not one");
        }
        JsonlSource.Builder b = JsonlSource.builder(dir).registry(recording.registry).types(recording.types)
                .follow(FOLLOW_POLL, idle);
        recording.from.ifPresent(b::from);
        return b.build();
    }

    private static Format format(Arguments args) throws UsageException {
        Optional<String> given = args.value(FORMAT.name());
        Format f = Format.JSON;
        if (given.isPresent()) {
            try {
                f = Format.valueOf(given.get().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--format: '" + given.get() + "' is not a format: json, pretty or csv");
            }
        }
        if (args.has(PRETTY.name())) {
            if (given.isPresent() && f != Format.PRETTY) {
                throw new UsageException("--pretty and --format " + given.get() + " exclude each other");
            }
            f = Format.PRETTY;
        }
        return f;
    }

    private static List<String> fields(Arguments args, Format format) throws UsageException {
        Optional<String> given = args.value(FIELDS.name());
        if (given.isEmpty()) {
            return List.of();
        }
        if (format != Format.CSV) {
            throw new UsageException("--fields chooses the columns of --format csv");
        }
        List<String> fields = new ArrayList<>();
        for (String f : given.get().split(",", -1)) {
            String name = f.strip();
            if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new UsageException("--fields: '" + given.get() + "' holds an empty field name (write e.g."
                        + " sensor,value,reading.unit)");
            }
            fields.add(name);
        }
        return List.copyOf(fields);
    }

    private static Severity severity(Arguments args) throws UsageException {
        Optional<String> given = args.value(SEVERITY.name());
        if (given.isEmpty()) {
            return Severity.DEBUG;
        }
        try {
            return Severity.valueOf(given.get().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--severity: '" + given.get() + "' is not a severity: DEBUG, INFO, WARNING,"
                    + " ERROR or CRITICAL");
        }
    }

    private static int last(Arguments args) throws UsageException {
        Optional<String> given = args.value(LAST.name());
        if (given.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(given.get().strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException("--last: '" + given.get() + "' is not a number of events from 1 to " + Integer.MAX_VALUE);
    }

    /** {@code time,severity,type,…}: the data's fields, or the whole data as one JSON column. */
    static String csvHeader(List<String> fields) {
        List<String> columns = new ArrayList<>(List.of("time", "severity", "type"));
        columns.addAll(fields.isEmpty() ? List.of("data") : fields);
        return String.join(",", columns.stream().map(CatCommand::csv).toList());
    }

    static String csvLine(EventCodec codec, List<String> fields, Event<?> event) {
        String type = codec.types().nameOf(event.payload());
        List<String> columns = new ArrayList<>();
        columns.add(codec.formatTime(event.time()));
        columns.add(event.severity().name());
        columns.add(type == null ? "" : type);
        if (fields.isEmpty()) {
            columns.add(codec.dataToJson(event.payload()));
        } else {
            for (String v : codec.dataFields(event.payload(), fields)) {
                columns.add(v == null ? "" : v);
            }
        }
        return String.join(",", columns.stream().map(CatCommand::csv).toList());
    }

    /** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static synchronized void report(Io io, AtomicLong problems, SourceProblem problem) {
        problems.incrementAndGet();
        io.err().println(problem);
    }

    /** The widest time the codec writes (nanoseconds, a four-digit year): the time column's width. */
    private static final int TIME_WIDTH = "2026-03-09T23:45:02.123456789Z".length();

    /**
     * {@code 2026-03-09T23:45:02.512Z          INFO     greenhouse:SensorReading  {"sensor":…}}:
     * time, severity and type in columns (the type's as wide as the longest registered name;
     * only a longer unregistered one pushes its line's data to the right), then the data. The
     * type and data are made {@linkplain SafeText safe to print} (a log may hold escape sequences).
     */
    static String prettyLine(EventCodec codec, int typeWidth, Event<?> event) {
        String type = codec.types().nameOf(event.payload());
        return String.format("%-" + TIME_WIDTH + "s  %-8s  %-" + typeWidth + "s  %s", codec.formatTime(event.time()),
                event.severity(), type == null ? "(untyped)" : SafeText.escape(type),
                SafeText.escape(codec.dataToJson(event.payload())));
    }

    /** The type column's width: the longest name in {@code registry}. */
    static int typeWidth(MessageTypeRegistry registry) {
        return registry.names().stream().mapToInt(String::length).max().orElse(0);
    }
}
