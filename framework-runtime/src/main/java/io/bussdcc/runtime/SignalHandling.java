package io.bussdcc.runtime;

import io.bussdcc.api.message.SystemReload;
import io.bussdcc.api.message.SystemSignal;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps POSIX signals onto the runtime from the start of its boot to the end of its shutdown,
 * then restores the previous handlers.
 *
 * <ul>
 *   <li>SIGINT, SIGTERM — graceful shutdown, with the signal's name ({@code SIGINT}) as reason;
 *       a second one while that shutdown runs halts the process at once (status 128 + number),
 *       the way out of a shutdown or boot that hangs;</li>
 *   <li>SIGHUP — emits {@link SystemReload};</li>
 *   <li>SIGUSR1, SIGUSR2 — emit {@link SystemSignal} with action {@code user1} / {@code user2}.</li>
 * </ul>
 *
 * <p>It uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module. The JVM refuses
 * handlers for signals it uses itself (SIGQUIT prints thread dumps; SIGKILL and SIGSTOP cannot
 * be caught); a signal refused on some platform is logged and skipped. Without
 * {@code jdk.unsupported} (a jlink image that leaves it out) only SIGINT and SIGTERM are handled,
 * through a JVM shutdown hook, and a warning says so.
 *
 * <p>Each handler runs on its own thread, never on a thread that holds a lock of ours, so a
 * signal arriving mid-write cannot deadlock the way it can in the Python original.
 */
final class SignalHandling {

    private static final System.Logger LOG = System.getLogger(SignalHandling.class.getName());

    private final List<Runnable> restorers = new ArrayList<>();

    private SignalHandling() {}

    static SignalHandling install(Lifecycle runtime) {
        SignalHandling handling = new SignalHandling();
        if (signalsAvailable()) {
            handling.installWithSunMisc(runtime);
        } else {
            handling.installShutdownHook(runtime);
        }
        return handling;
    }

    void restore() {
        restorers.reversed().forEach(Runnable::run);
        restorers.clear();
    }

    private static boolean signalsAvailable() {
        Module self = SignalHandling.class.getModule();
        return ModuleLayer.boot().findModule("jdk.unsupported")
                .map(unsupported -> {
                    if (self.isNamed() && !self.canRead(unsupported)) {
                        self.addReads(unsupported); // declared "requires static": read it only when present
                    }
                    return true;
                })
                .orElse(!self.isNamed() && classPresent("sun.misc.Signal"));
    }

    private void installWithSunMisc(Lifecycle runtime) {
        AtomicInteger stopSignals = new AtomicInteger();
        Action shutdown = (name, number) -> {
            if (stopSignals.incrementAndGet() > 1) {
                LOG.log(Level.WARNING, "{0} again while shutting down: exiting now, without waiting for the shutdown",
                        name);
                java.lang.Runtime.getRuntime().halt(128 + number);
            }
            runtime.shutdown(name);
        };
        handle("INT", shutdown);
        handle("TERM", shutdown);
        handle("HUP", (name, number) -> runtime.report(new SystemReload()));
        handle("USR1", (name, number) -> runtime.report(new SystemSignal(number, "user1")));
        handle("USR2", (name, number) -> runtime.report(new SystemSignal(number, "user2")));
    }

    private void handle(String name, Action action) {
        try {
            restorers.add(SunMiscSignals.install(name, action));
        } catch (IllegalArgumentException refused) {
            LOG.log(Level.INFO, "SIG{0} is not handled: {1}", name, refused.getMessage());
        }
    }

    private void installShutdownHook(Lifecycle runtime) {
        LOG.log(Level.WARNING, "module jdk.unsupported is absent: SIGINT and SIGTERM shut down through a JVM "
                + "shutdown hook; SIGHUP, SIGUSR1 and SIGUSR2 are not handled");
        Thread hook = new Thread(() -> runtime.shutdown("JVM shutdown"), "bussdcc-shutdown-hook");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        restorers.add(() -> {
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting and running the hook: nothing to restore
            }
        });
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, SignalHandling.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** What a signal does: its name ({@code SIGINT}) and number. */
    @FunctionalInterface
    interface Action {
        void run(String name, int number);
    }

    /** The only code that touches {@code sun.misc}; loaded only when the module is present. */
    private static final class SunMiscSignals {

        static Runnable install(String name, Action action) {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal,
                    s -> action.run("SIG" + s.getName(), s.getNumber()));
            return () -> sun.misc.Signal.handle(signal, previous);
        }
    }
}
