package io.bussdcc.api;

/** Whether a runtime is living the events or re-living recorded ones. */
public enum RuntimeMode {
    /** Events happen now; time is the wall clock. */
    LIVE,
    /** Events come from a recording; time is the recording's. */
    REPLAY
}
