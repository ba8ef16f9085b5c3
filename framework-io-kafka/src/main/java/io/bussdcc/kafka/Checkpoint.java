package io.bussdcc.kafka;

import io.bussdcc.codec.LogSegments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the shipper got: the position just after the last line the broker acknowledged
 * ({@code acks=all}), in the log's own coordinates. A small text file of {@code key=value} lines,
 * replaced atomically (written beside, fsynced, renamed), so a crash leaves the old or the new
 * one, never a torn one. See docs/kafka.md.
 *
 * @param device  the device the log belongs to (the records' key)
 * @param topic   the topic shipped to
 * @param segment the segment's relative path ({@code 2026-03-09/23-40-00.jsonl}); empty before the first ack
 * @param offset  the byte offset in that segment after the last acknowledged line
 * @param line    the number of lines of that segment acknowledged (the next line's number minus one)
 */
record Checkpoint(String device, String topic, String segment, long offset, long line) {

    private static final String HEADER = "# bussdcc Kafka shipper checkpoint: the log position after the last line the topic acknowledged";

    static Checkpoint start(String device, String topic) {
        return new Checkpoint(device, topic, "", 0, 0);
    }

    Checkpoint at(String segment, long offset, long line) {
        return new Checkpoint(device, topic, segment, offset, line);
    }

    /**
     * Reads the checkpoint at {@code file}, or {@code null} when there is none.
     *
     * @throws IOException naming the file and line when it is not a checkpoint
     */
    static Checkpoint read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ":" + (i + 1) + ": not a checkpoint line (key=value): '" + l + "'");
            }
            values.put(l.substring(0, eq), l.substring(eq + 1));
        }
        for (String key : List.of("device", "topic", "segment", "offset", "line")) {
            if (!values.containsKey(key)) {
                throw new IOException(file + ": not a shipper checkpoint: the key '" + key + "' is missing");
            }
        }
        String segment = values.get("segment");
        if (!segment.isEmpty() && !LogSegments.isSegmentName(segment)) {
            throw new IOException(file + ": segment '" + segment + "' is not a segment name (YYYY-MM-DD/HH-MM-SS.jsonl)");
        }
        return new Checkpoint(values.get("device"), values.get("topic"), segment,
                number(file, values, "offset"), number(file, values, "line"));
    }

    private static long number(Path file, Map<String, String> values, String key) throws IOException {
        try {
            long n = Long.parseLong(values.get(key));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": " + key + " is '" + values.get(key) + "', not a count");
        }
    }

    /** Replaces {@code file} with this checkpoint, durably. */
    void write(Path file) throws IOException {
        String text = HEADER + "\ndevice=" + device + "\ntopic=" + topic + "\nsegment=" + segment + "\noffset=" + offset
                + "\nline=" + line + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
