package io.bussdcc.runtime.replay;

/**
 * Who emitted a message: the runtime itself, or one of its components through the context it
 * was given. Seen by an {@link EmitFilter}.
 *
 * @param role what kind of component
 * @param name its name (device id for devices; {@code "runtime"} for the runtime and for code
 *             that emits through {@code Runtime.emit})
 */
public record Emitter(Role role, String name) {

    /** The kinds of emitter. */
    public enum Role {
        /** The runtime's own lifecycle and failure reports. */
        RUNTIME,
        /** Application code emitting through {@code Runtime.emit} or {@code Runtime.context()}. */
        APPLICATION,
        SINK,
        DEVICE,
        PROCESS,
        INTERFACE,
        SERVICE
    }

    /** The runtime's own reports. */
    public static final Emitter RUNTIME = new Emitter(Role.RUNTIME, "runtime");
    /** The application, through {@code Runtime.emit} or {@code Runtime.context()}. */
    public static final Emitter APPLICATION = new Emitter(Role.APPLICATION, "runtime");
}
