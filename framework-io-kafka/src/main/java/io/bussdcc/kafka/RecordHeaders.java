package io.bussdcc.kafka;

/**
 * The names of the headers every record the shipper writes carries (values are UTF-8 text),
 * for consumers of the topic. The record's key is the device id, its value the log line byte
 * for byte (without its newline), its timestamp the event's time in milliseconds.
 * {@code (device, segment, line)} identifies a line: a consumer drops a record whose line it
 * already has (a resend after a crash or an outage; see docs/kafka.md).
 */
public final class RecordHeaders {

    /** The device id, the same as the key. */
    public static final String DEVICE = "bussdcc.device";
    /** The segment's path relative to the log root: {@code 2026-03-09/23-40-00.jsonl}. */
    public static final String SEGMENT = "bussdcc.segment";
    /** The byte offset of the line in its segment, in decimal. */
    public static final String OFFSET = "bussdcc.offset";
    /** The line's number in its segment, 1-based, in decimal. */
    public static final String LINE = "bussdcc.line";

    private RecordHeaders() {}
}
