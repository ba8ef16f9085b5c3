/** System identity service: hostname, hardware model, CPU serial and more. */
module io.bussdcc.identity {
    requires io.bussdcc.api;
}
