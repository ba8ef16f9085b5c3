/**
 * The JSON shape of bussdcc events and messages, written and read with Jackson's streaming
 * API (no data binding, no reflection-driven mapper): the one codec shared by the JSONL log,
 * the console sink and the web interface, so every place an event leaves the process it looks
 * the same.
 *
 * <p>Start with {@link io.bussdcc.codec.EventCodec}. Type names come only from the
 * {@link io.bussdcc.api.MessageTypeRegistry} the codec is given; a name read from input is
 * never turned into a class any other way.
 *
 * <p>Records are read and written through their record components (method handles made once
 * per class). The codec adds the readability edge to a record's module itself; the record must
 * be public in an exported package, or its package must be opened to {@code io.bussdcc.codec}.
 */
module io.bussdcc.codec {
    requires transitive io.bussdcc.api;
    // Jackson's streaming API, inside only: no Jackson type appears in this module's API.
    requires tools.jackson.core;

    exports io.bussdcc.codec;
}
