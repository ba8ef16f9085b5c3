/**
 * Deterministic replay of a recorded event stream: {@link io.bussdcc.replay.ReplayClock} drives
 * time from the recording at a chosen speed, {@link io.bussdcc.replay.ReplayRuntime} re-lives
 * the stream through sinks, processes and services running on virtual time, with the same
 * result in every run.
 *
 * <p>The runtime appears in this module's API ({@code run()} throws its
 * {@code RuntimeBootException}), so it is required transitively. The runtime's replay door
 * ({@code io.bussdcc.runtime.replay}) is exported to this module alone; see docs/replay.md.
 */
module io.bussdcc.replay {
    requires transitive io.bussdcc.api;
    requires transitive io.bussdcc.runtime;

    exports io.bussdcc.replay;
}
