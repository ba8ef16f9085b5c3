package io.bussdcc.replay;

/** Where a {@link ReplayRuntime} is in its life. */
public enum ReplayState {
    /** Created, not yet run. */
    READY,
    /** Booting or replaying. */
    RUNNING,
    /** Paused by {@link ReplayRuntime#pause()} or {@link ReplayRuntime#step()}. */
    PAUSED,
    /** Shut down: complete, stopped, or ended by a shutdown request or a failure. */
    FINISHED
}
