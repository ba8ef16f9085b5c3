/** Web interface on Helidon SE: routes, live WebSocket push, client library, dashboard. */
module io.bussdcc.web {
    requires io.bussdcc.api;
}
