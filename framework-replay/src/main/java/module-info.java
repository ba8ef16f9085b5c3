/** Replay clock and replay runtime: deterministic re-execution of a recorded stream. */
module io.bussdcc.replay {
    requires io.bussdcc.api;
}
