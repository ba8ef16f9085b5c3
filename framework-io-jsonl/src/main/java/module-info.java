/**
 * The JSONL event log: {@link io.bussdcc.jsonl.JsonlSink} records every event as one JSON line
 * in time-segmented files ({@code ROOT/YYYY-MM-DD/HH-MM-SS.jsonl}); {@link io.bussdcc.jsonl.JsonlSource}
 * reads such a log back in time order, reporting bad lines instead of failing. Lines are
 * written and read with the shared codec of {@code io.bussdcc.codec}.
 *
 * <p>Dropping this module on the module path is enough: it provides a sink and a source named
 * {@code jsonl}.
 *
 * @uses io.bussdcc.api.spi.MessageTypeProvider
 * @provides io.bussdcc.api.spi.SinkProvider
 * @provides io.bussdcc.api.spi.SourceProvider
 */
module io.bussdcc.jsonl {
    requires transitive io.bussdcc.api;
    requires io.bussdcc.codec;

    exports io.bussdcc.jsonl;

    // A source built without a registry knows the types every module on the path contributes.
    uses io.bussdcc.api.spi.MessageTypeProvider;

    provides io.bussdcc.api.spi.SinkProvider with io.bussdcc.jsonl.JsonlSinkProvider;
    provides io.bussdcc.api.spi.SourceProvider with io.bussdcc.jsonl.JsonlSourceProvider;
}
