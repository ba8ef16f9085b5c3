/** The JSON shape of events and messages, on Jackson's streaming API. */
module io.bussdcc.codec {
    requires transitive io.bussdcc.api;
    requires com.fasterxml.jackson.core;
}
