/** An example bussdcc application: a greenhouse monitor. */
module io.bussdcc.examples.greenhouse {
    requires io.bussdcc.api;
}
