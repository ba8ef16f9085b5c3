package io.bussdcc.replay;

/**
 * The component whose emit a replay suppressed (see {@link ReplayListener#suppressed}).
 *
 * @param kind what kind of component
 * @param name its name; the device id for devices
 */
public record Origin(Kind kind, String name) {

    /** The kinds of component that emit. */
    public enum Kind { SINK, DEVICE, PROCESS, INTERFACE, SERVICE }
}
