/**
 * The console sink: every event as one compact JSON line on standard output (the same
 * {@code {"time","type","data"}} shape as the JSONL log), or in a human-readable form with
 * optional colour; see {@link io.bussdcc.console.ConsoleSink}.
 *
 * <p>Provides the sink {@code console}, off unless configured ({@code sink.console.enabled=true}).
 *
 * @provides io.bussdcc.api.spi.SinkProvider
 */
module io.bussdcc.console {
    requires transitive io.bussdcc.api;
    requires io.bussdcc.codec;

    exports io.bussdcc.console;

    provides io.bussdcc.api.spi.SinkProvider with io.bussdcc.console.ConsoleSinkProvider;
}
