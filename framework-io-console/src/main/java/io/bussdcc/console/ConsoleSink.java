package io.bussdcc.console;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Health;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import io.bussdcc.codec.EncodingFallback;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.EventLineWriter;
import io.bussdcc.codec.PeriodicFlusher;
import java.io.Console;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Prints every event on standard output.
 *
 * <ul>
 *   <li>{@link Format#JSON} (default): one compact JSON line per event, exactly the line the
 *       JSONL log writes — {@code {"time":…,"type":…,"data":{…}}} — so the output can be piped
 *       into tools or into a file that {@code JsonlSource} reads.</li>
 *   <li>{@link Format#HUMAN}: {@code 2026-03-09 23:45:02.500 WARNING  type  {data}} with aligned
 *       columns (UTC, milliseconds), the severity coloured when writing to a terminal.</li>
 * </ul>
 *
 * <p>It never throws: a payload that cannot be encoded (a field of an unsupported type)
 * still gets a line — {@code {"time","type","data":null,"unencodable":"why","repr":"toString()"}}
 * in JSON — and a failing output is ignored. Events below the
 * {@linkplain Builder#minSeverity minimum severity} are left out.
 *
 * <p>Output is buffered and written by a background thread every 100 ms (see
 * {@link Builder#flushInterval}), at once for events of severity ERROR and above, and on
 * {@link #stop}: a busy system does not pay a system call per event. Used without a runtime
 * (no {@link #start}), each event is written at once. Thread-safe.
 */
public final class ConsoleSink implements EventSink {

    /** How events are printed. */
    public enum Format {
        /** One compact JSON line per event. */
        JSON,
        /** Aligned columns for people. */
        HUMAN
    }

    /** When the human format uses colour. */
    public enum Colour {
        /** When standard output is a terminal, {@code NO_COLOR} is unset and {@code TERM} is not {@code dumb}. */
        AUTO,
        /** Always, even into a file or a pipe. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    private static final int WRITE_THRESHOLD = 64 * 1024;
    private static final DateTimeFormatter HUMAN_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";

    private final OutputStream out;
    private final Format format;
    private final Severity minSeverity;
    private final boolean colour;
    private final Duration flushInterval;
    private final MessageTypeRegistry givenTypes;
    private final UnaryOperator<Event<?>> transform; // null: none
    private final EncodingFallback fallback; // null: none

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    private EventCodec codec;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(WRITE_THRESHOLD);
    private EventLineWriter lines; // made with the codec
    private int typeWidth = 24;
    private boolean stopped;
    private PeriodicFlusher flusher;
    private String writeFailure; // why the last write failed, null while writes succeed
    private Instant failingSince;
    private long lostLines;
    private long writeFailures;

    /** JSON lines on {@code System.out}, every severity. */
    public ConsoleSink() {
        this(builder());
    }

    private ConsoleSink(Builder b) {
        this.out = b.out != null ? b.out : System.out;
        this.format = b.format;
        this.minSeverity = b.minSeverity;
        this.colour = switch (b.colour) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> b.out == null && Terminal.isColourTerminal();
        };
        this.flushInterval = b.flushInterval;
        this.givenTypes = b.types;
        this.transform = b.transform;
        this.fallback = b.fallback;
    }

    /** A builder, for the format, minimum severity, colour, output and registry. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "console";
    }

    /** How events are printed. */
    public Format format() {
        return format;
    }

    /** The least severity printed; less important events are left out. */
    public Severity minSeverity() {
        return minSeverity;
    }

    /** Whether the human format colours its output. */
    public boolean colour() {
        return colour;
    }

    /** Takes type names from the runtime's registry (unless one was given) and starts the flusher. */
    @Override
    public void start(Context ctx) {
        lock.lock();
        try {
            if (givenTypes == null && ctx != null) {
                codec = new EventCodec(ctx.messageTypes(), fallback);
                lines = null;
            }
            if (flusher == null && !stopped) {
                flusher = PeriodicFlusher.start("console-flusher", flushInterval, this::flush);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Prints the event. Never throws. */
    @Override
    public void handle(Event<?> event) {
        Severity severity = severityOf(event.payload());
        if (!severity.isAtLeast(minSeverity)) {
            return;
        }
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            Event<?> shown = transform == null ? event : transform.apply(event);
            if (shown == null) {
                return; // dropped by the transform
            }
            if (format == Format.JSON) {
                appendJson(shown);
            } else {
                appendHuman(shown, shown == event ? severity : severityOf(shown.payload()));
            }
            if (flusher == null || severity.isAtLeast(Severity.ERROR) || buffer.size() >= WRITE_THRESHOLD) {
                writeOut();
            }
        } catch (RuntimeException e) {
            // The console must never be the reason an event fails; the line is lost, nothing else.
        } finally {
            lock.unlock();
        }
    }

    private static Severity severityOf(Message m) {
        try {
            Severity s = m.severity();
            return s != null ? s : Severity.INFO;
        } catch (RuntimeException e) {
            return Severity.INFO;
        }
    }

    private EventCodec codec() {
        if (codec == null) {
            codec = new EventCodec(givenTypes != null ? givenTypes : MessageTypeRegistry.withBuiltins(), fallback);
        }
        return codec;
    }

    private void appendJson(Event<?> event) {
        if (lines == null) {
            lines = codec().newLineWriter();
        }
        try {
            lines.write(event, buffer); // the whole line, or nothing
        } catch (IOException | RuntimeException e) {
            appendFallback(event, e);
        }
    }

    /** The line of an event whose payload cannot be encoded: still one valid JSON object. */
    private void appendFallback(Event<?> event, Exception why) {
        StringBuilder line = new StringBuilder(160).append("{\"time\":");
        quote(line, codec().formatTime(event.time()));
        line.append(",\"type\":");
        quote(line, typeName(event.payload()));
        line.append(",\"data\":null,\"unencodable\":");
        quote(line, String.valueOf(why.getMessage()));
        line.append(",\"repr\":");
        quote(line, repr(event.payload()));
        line.append("}\n");
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
    }

    private String typeName(Message m) {
        try {
            return codec().types().nameOf(m);
        } catch (RuntimeException e) {
            return m.getClass().getName();
        }
    }

    private static String repr(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return o.getClass().getName() + " (toString() threw " + e + ")";
        }
    }

    /** Appends {@code s} as a JSON string. */
    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private void appendHuman(Event<?> event, Severity severity) {
        String type = typeName(event.payload());
        typeWidth = Math.min(60, Math.max(typeWidth, type.length()));
        String data;
        try {
            data = codec().dataToJson(event.payload());
        } catch (RuntimeException e) {
            data = "<unencodable: " + e.getMessage() + "> " + repr(event.payload());
        }
        StringBuilder line = new StringBuilder(64 + type.length() + data.length());
        if (colour) {
            line.append(DIM);
        }
        line.append(humanTime(event.time()));
        if (colour) {
            line.append(RESET);
        }
        line.append(' ');
        String sev = String.format(Locale.ROOT, "%-8s", severity.name());
        if (colour) {
            line.append(colourOf(severity)).append(sev).append(RESET);
        } else {
            line.append(sev);
        }
        line.append(' ').append(type);
        for (int i = type.length(); i < typeWidth; i++) {
            line.append(' ');
        }
        line.append(' ').append(data).append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
    }

    private static String humanTime(Instant t) {
        try {
            return HUMAN_TIME.format(t);
        } catch (RuntimeException e) {
            return t.toString(); // a year beyond the pattern's range
        }
    }

    private static String colourOf(Severity s) {
        return switch (s) {
            case DEBUG -> "\u001b[90m";
            case INFO -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case ERROR -> "\u001b[31m";
            case CRITICAL -> "\u001b[1;31m";
        };
    }

    private void writeOut() {
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        String failed;
        try {
            out.write(bytes);
            out.flush();
            // A PrintStream (System.out) swallows its errors and only remembers that one happened.
            failed = out instanceof PrintStream p && p.checkError() ? "the stream reports an error (closed or broken)" : null;
        } catch (IOException | RuntimeException e) {
            failed = String.valueOf(e);
        }
        if (failed == null) {
            writeFailure = null; // writing again: UP
            return;
        }
        // stdout closed or broken: the lines are lost, which health() tells; the bus goes on
        for (byte b : bytes) {
            if (b == '\n') {
                lostLines++;
            }
        }
        if (writeFailure == null) {
            writeFailures++;
            failingSince = Instant.now();
        }
        writeFailure = failed;
    }

    /**
     * DOWN while the output refuses writes (a closed pipe, a full disk behind a redirect), with
     * the reason; counts {@code lostLines} and {@code writeFailures} (outages) since start.
     */
    @Override
    public Health health() {
        lock.lock();
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("lostLines", lostLines);
            counts.put("writeFailures", writeFailures);
            if (writeFailure != null) {
                return Health.down("writes to the console fail since " + failingSince + ": " + writeFailure
                        + "; its lines are dropped (" + lostLines + " so far), the events still reach the other sinks",
                        counts);
            }
            return Health.up(counts);
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is buffered now. */
    public void flush() {
        lock.lock();
        try {
            writeOut();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is buffered and stops; later events are ignored. Does not close standard output. */
    @Override
    public void stop() {
        PeriodicFlusher toStop;
        lock.lock();
        try {
            writeOut();
            stopped = true;
            toStop = flusher;
        } finally {
            lock.unlock();
        }
        if (toStop != null) {
            toStop.stop();
        }
    }

    @Override
    public String toString() {
        return "ConsoleSink[" + format + ", min " + minSeverity + (colour ? ", colour" : "") + "]";
    }

    /** Settings of a {@link ConsoleSink}. */
    public static final class Builder {

        private OutputStream out;
        private Format format = Format.JSON;
        private Severity minSeverity = Severity.DEBUG;
        private Colour colour = Colour.AUTO;
        private Duration flushInterval = Duration.ofMillis(100);
        private MessageTypeRegistry types;
        private UnaryOperator<Event<?>> transform;
        private EncodingFallback fallback;

        private Builder() {}

        /** Where to print; default {@code System.out} (as it is when the sink is built). */
        public Builder output(OutputStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** JSON lines (default) or the human format. */
        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Leaves out events less important than {@code severity}; default: none left out. */
        public Builder minSeverity(Severity severity) {
            this.minSeverity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /** Colour in the human format; default {@link Colour#AUTO} (never for an explicit output). */
        public Builder colour(Colour colour) {
            this.colour = Objects.requireNonNull(colour, "colour");
            return this;
        }

        /** How often the background thread writes what is buffered; default 100 ms. */
        public Builder flushInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a flush interval must be positive, not " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /** The registry type names come from; default the runtime's, else the built-in types. */
        public Builder registry(MessageTypeRegistry types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * Rewrites each event before it is printed, or leaves it out by returning {@code null}
         * (the Python sinks' {@code transform()}); it sees the events the minimum severity lets
         * through and runs under the sink's lock. A transform that throws costs that line only.
         */
        public Builder transform(UnaryOperator<Event<?>> transform) {
            this.transform = Objects.requireNonNull(transform, "transform");
            return this;
        }

        /**
         * Prints values the codec cannot write by type through {@code fallback} (the Python
         * sinks' {@code json_fallback()}) instead of an {@code unencodable} line.
         */
        public Builder fallback(EncodingFallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** The sink. */
        public ConsoleSink build() {
            return new ConsoleSink(this);
        }
    }

    /** Whether standard output is a terminal that takes colour. */
    static final class Terminal {

        private Terminal() {}

        static boolean isColourTerminal() {
            if (System.getenv("NO_COLOR") != null) {
                return false;
            }
            String term = System.getenv("TERM");
            if (term == null || term.equals("dumb")) {
                return false;
            }
            Console console = System.console();
            if (console == null) {
                return false;
            }
            // Java 22+ returns a Console even when redirected and says so with isTerminal();
            // on 21 a console exists only for a terminal.
            try {
                MethodHandle isTerminal = MethodHandles.publicLookup().findVirtual(Console.class, "isTerminal",
                        MethodType.methodType(boolean.class));
                return (boolean) isTerminal.invokeExact(console);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return true;
            } catch (Throwable t) {
                return false;
            }
        }
    }

}
