/** Console sink: one JSON line per event on stdout. */
module io.bussdcc.console {
    requires io.bussdcc.api;
}
