package io.bussdcc.cli;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.codec.EncodingException;
import io.bussdcc.codec.EventCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** {@code bussdcc cat}: prints a recorded log's events on stdout. */
final class CatCommand implements Command {

    private static final Option PRETTY = Option.flag("--pretty", "one readable line per event: time, severity, type, data");

    @Override
    public String name() {
        return "cat";
    }

    @Override
    public String summary() {
        return "print the events of a recorded log";
    }

    @Override
    public String usage() {
        return "bussdcc cat SOURCE [--from TIME] [--to TIME] [--type NAME]... [--pretty] [--plugins DIR] [--config FILE] [--set KEY=VALUE]...";
    }

    @Override
    public String description() {
        return """
                Prints the events of SOURCE (a JSONL log folder such as ./events, or one .jsonl
                file) in time order on stdout, one JSON object per line in the log's own shape
                {"time":…,"type":…,"data":…}, or readable with --pretty. Events of types this
                program does not know are printed exactly as recorded. Bad lines are reported on
                stderr as file:line: reason and skipped.""";
    }

    @Override
    public List<Option> options() {
        return List.of(Recording.FROM, Recording.TO, Recording.TYPE, PRETTY, Setup.PLUGINS, Setup.CONFIG, Setup.SET);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        Recording recording = Recording.open(args, Map.of());
        EventCodec codec = new EventCodec(recording.registry);
        boolean pretty = args.has(PRETTY.name());
        int typeWidth = typeWidth(recording.registry);
        AtomicLong problems = new AtomicLong();
        long printed = 0;
        Writer out = new BufferedWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), 1 << 16);
        try (Stream<Event<?>> events = recording.source.open(problem -> report(io, problems, problem))) {
            Iterator<Event<?>> it = events.iterator();
            while (it.hasNext()) {
                Event<?> event = it.next();
                if (!recording.within(event)) {
                    continue;
                }
                String line;
                try {
                    line = pretty ? prettyLine(codec, typeWidth, event) : codec.toJson(event);
                } catch (EncodingException e) {
                    problems.incrementAndGet();
                    io.err().println(recording.location + ": event at " + event.time() + " cannot be printed: " + e.getMessage());
                    continue;
                }
                out.write(line);
                out.write('\n');
                printed++;
                if (io.out().checkError()) {
                    break; // the reader went away (cat | head): stop quietly
                }
            }
            out.flush();
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw new CliFailure(why.contains(recording.location) ? why : "cannot read " + recording.location + ": " + why, e);
        }
        if (problems.get() > 0) {
            io.err().println(Cli.count(printed, "event") + " printed; " + Cli.count(problems.get(), "problem")
                    + " reported above");
        }
        return Cli.OK;
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
     * only a longer unregistered one pushes its line's data to the right), then the data.
     */
    static String prettyLine(EventCodec codec, int typeWidth, Event<?> event) {
        String type = codec.types().nameOf(event.payload());
        return String.format("%-" + TIME_WIDTH + "s  %-8s  %-" + typeWidth + "s  %s", codec.formatTime(event.time()),
                event.severity(), type == null ? "(untyped)" : type, codec.dataToJson(event.payload()));
    }

    /** The type column's width: the longest name in {@code registry}. */
    static int typeWidth(MessageTypeRegistry registry) {
        return registry.names().stream().mapToInt(String::length).max().orElse(0);
    }
}
