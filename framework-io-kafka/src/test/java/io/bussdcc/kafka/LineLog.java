package io.bussdcc.kafka;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.codec.LogSegments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal writer of the JSONL log layout (docs/jsonl-log.md) for the tests: the Kafka module
 * does not depend on the JSONL module. Segments by event time, one write per line (nothing is
 * held back, as the JSONL sink's each-event policy), a torn last line ended by a newline on
 * restart. And the reading side: the lines of a log in segment order.
 */
final class LineLog implements EventSink {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final long intervalSeconds;
    private final EventCodec codec;
    private long segmentStart = Long.MIN_VALUE;
    private FileChannel channel;
    private volatile boolean stopped;
    long written;

    LineLog(Path root, long intervalSeconds) {
        this.root = root;
        this.intervalSeconds = intervalSeconds;
        this.codec = new EventCodec(Reading.registry());
    }

    @Override
    public synchronized void handle(Event<?> event) throws IOException {
        if (stopped) {
            return;
        }
        long start = Math.floorDiv(event.time().getEpochSecond(), intervalSeconds) * intervalSeconds;
        if (start != segmentStart) {
            open(start);
        }
        byte[] line = (codec.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        written++;
    }

    private void open(long start) throws IOException {
        if (channel != null) {
            channel.close();
        }
        Instant t = Instant.ofEpochSecond(start);
        Path file = root.resolve(DAY.format(t)).resolve(TIME.format(t) + ".jsonl");
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = channel.size();
        channel.position(size);
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'})); // end the torn line of a crash
            }
        }
        segmentStart = start;
    }

    @Override
    public synchronized void stop() throws IOException {
        stopped = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void start(Context ctx) {}

    /** The non-empty, newline-terminated lines of the log at {@code root}, in segment order. */
    static List<String> lines(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        for (LogSegments.Segment segment : LogSegments.list(root)) {
            String text = Files.readString(segment.file(), StandardCharsets.UTF_8);
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                String l = text.substring(start, nl);
                if (!l.isEmpty()) {
                    out.add(l);
                }
                start = nl + 1;
            }
        }
        return out;
    }

    /** {@link #lines}, only those that decode as events (a torn line does not). */
    static List<String> eventLines(Path root) throws IOException {
        EventCodec codec = new EventCodec(Reading.registry());
        List<String> out = new ArrayList<>();
        for (String l : lines(root)) {
            try {
                codec.readEvent(l);
                out.add(l);
            } catch (Exception torn) {
                // a torn line: not an event in either place
            }
        }
        return out;
    }
}
