package io.bussdcc.api;

/** Where a service is in its life. */
public enum ServiceState {
    /** Not running: never started, stopped, or disabled. */
    STOPPED,
    /** Running and ticking. */
    RUNNING,
    /** Running, waiting out the back-off after a failure before it goes on. */
    BACKING_OFF,
    /** Stopped by a failure (not restarted, or critical). */
    FAILED
}
