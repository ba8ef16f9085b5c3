/**
 * Deterministic replay of a recorded event stream: {@link io.bussdcc.replay.ReplayClock} drives
 * time from the recording at a chosen speed, {@link io.bussdcc.replay.ReplayRuntime} re-lives
 * the stream through sinks, processes and services running on virtual time, with the same
 * result in every run.
 *
 * <p>The runtime appears in this module's API ({@code Emitter} in
 * {@link io.bussdcc.replay.ReplayListener}), so it is required transitively.
 */
module io.bussdcc.replay {
    requires transitive io.bussdcc.api;
    requires transitive io.bussdcc.runtime;

    exports io.bussdcc.replay;
}
