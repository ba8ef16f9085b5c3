package io.bussdcc.runtime.replay;

import io.bussdcc.runtime.Runtime;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The way into a runtime for a replay driver: a runtime in replay mode, with an emit filter
 * and services on virtual time. Its package is exported only to {@code io.bussdcc.replay} (and
 * the benchmarks), so that {@link Runtime}'s public API is what an application calls.
 */
public final class ReplayDoor {

    // Installed by Runtime's static initialiser: how this package reaches the runtime's internals.
    private static volatile BiFunction<Runtime.Builder, ReplayOptions, ReplayHandle> opener;

    private ReplayDoor() {}

    /** A new runtime with {@code settings} and {@code options}, and its replay hooks. */
    public static ReplayHandle open(Runtime.Builder settings, ReplayOptions options) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        Runtime.version(); // initialises Runtime, which installs the opener
        return opener.apply(settings, options);
    }

    /**
     * Called once by {@link Runtime}'s static initialiser.
     *
     * @throws IllegalStateException if called from outside {@code io.bussdcc.runtime}, or twice
     */
    public static void install(BiFunction<Runtime.Builder, ReplayOptions, ReplayHandle> implementation) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (caller != Runtime.class || opener != null) {
            throw new IllegalStateException("only io.bussdcc.runtime.Runtime installs the replay door, once");
        }
        opener = Objects.requireNonNull(implementation, "implementation");
    }
}
