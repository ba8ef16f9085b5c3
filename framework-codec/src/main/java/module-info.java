/**
 * The JSON shape of bussdcc events and messages: the one codec shared by the JSONL log, the
 * console sink and the web interface, so every place an event leaves the process it looks the
 * same. Start with {@link io.bussdcc.codec.EventCodec}; the guide is {@code docs/codec.md}.
 *
 * <p>Its API names no Jackson type: Jackson 3's streaming API ({@code tools.jackson.core}, no
 * data binding) is used inside only. Type names come only from the
 * {@link io.bussdcc.api.MessageTypeRegistry} the codec is given; a name read from input is
 * never turned into a class any other way.
 *
 * <p>Records are read and written through their record components (method handles made once
 * per class). The codec adds the readability edge to a record's module itself; the record must
 * be public in an exported package, or its package must be opened to {@code io.bussdcc.codec}
 * ({@code opens my.pkg to io.bussdcc.codec;}). A type it cannot reach fails loudly, naming that
 * line: {@link io.bussdcc.codec.EventCodec#requireEncodable}, which the JSONL sink calls.
 *
 * <p>It also holds the one reader of the JSONL log's segment layout ({@link io.bussdcc.codec.LogSegments},
 * {@link io.bussdcc.codec.SegmentInput}, {@link io.bussdcc.codec.LogCursor}: plain and gzip
 * segments), so that the JSONL module and the Kafka shipper, which may not depend on each
 * other, read it the same way.
 */
module io.bussdcc.codec {
    requires transitive io.bussdcc.api;
    // Jackson's streaming API, inside only: no Jackson type appears in this module's API.
    requires tools.jackson.core;

    exports io.bussdcc.codec;
}
