package io.bussdcc.runtime;

import io.bussdcc.api.Device;
import io.bussdcc.api.Message;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.message.FrameworkBooted;
import io.bussdcc.api.message.FrameworkShuttingDown;
import io.bussdcc.api.message.RuntimeBooted;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import io.bussdcc.runtime.replay.Emitter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When things happen: the phases of a runtime (new, booting, running, stopping, stopped), the
 * boot and shutdown order (README, "Lifecycle"), shutdown requests from any thread, hot-plugged
 * devices, and the signal handlers' lifetime. What is delivered is the {@link Dispatcher}'s job.
 */
final class Lifecycle implements ServiceHost {

    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private enum Phase { NEW, BOOTING, RUNNING, STOPPING, STOPPED }

    /** When signal handlers are installed: from the boot, from {@code run()}, or never. */
    enum Signals { FROM_BOOT, FROM_RUN, NEVER }

    private final Dispatcher dispatcher;
    private final RuntimeMode mode;
    private final boolean shutdownOnCriticalFailure;
    private final Signals signalPolicy;
    private final Duration handlerWaitTimeout;
    private Components components;
    private ServiceSupervisor services;
    private DeviceManager devices;
    private SharedObjects shared;
    private RuntimeTelemetry telemetry;

    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Phase phase = Phase.NEW;
    private volatile String shutdownReason;
    private volatile String requestedShutdown;
    private volatile SignalHandling signals; // written under the lock
    /** The run's failures, in order; at most {@link #MAX_FAILURES} kept, the rest counted. Guarded by itself. */
    private final List<String> failures = new ArrayList<>();
    private long failuresNotKept;
    private static final int MAX_FAILURES = 100;

    Lifecycle(Dispatcher dispatcher, RuntimeMode mode, boolean shutdownOnCriticalFailure, Signals signalPolicy,
            Duration handlerWaitTimeout) {
        this.dispatcher = dispatcher;
        this.mode = mode;
        this.shutdownOnCriticalFailure = shutdownOnCriticalFailure;
        this.signalPolicy = signalPolicy;
        this.handlerWaitTimeout = handlerWaitTimeout;
    }

    /** What it starts and stops; called once, before anything else. */
    void manage(Components components, ServiceSupervisor services, DeviceManager devices, SharedObjects shared,
            RuntimeTelemetry telemetry) {
        this.telemetry = telemetry;
        this.components = components;
        this.services = services;
        this.devices = devices;
        this.shared = shared;
    }

    /** Runs {@code action} (a registration) if the runtime has not booted yet. */
    void whileNew(String action, Runnable register) {
        lock.lock();
        try {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("cannot " + action + " once the runtime has booted");
            }
            register.run();
        } finally {
            lock.unlock();
        }
    }

    // ---- boot ------------------------------------------------------------------------------

    void boot() {
        boot(false);
    }

    /**
     * Boots, unless booted. Once a shutdown has begun it fails — or, for {@code run()}
     * ({@code forRun}), does nothing: a runtime that shut down while (or right after) it booted,
     * say because a component asked it to, is simply over.
     */
    void boot(boolean forRun) {
        lock.lock();
        try {
            if (phase == Phase.STOPPING || phase == Phase.STOPPED) {
                if (forRun) {
                    return;
                }
                throw new IllegalStateException("this runtime has shut down; a runtime boots once, create a new one");
            }
            if (phase != Phase.NEW) {
                return;
            }
            phase = Phase.BOOTING;
            dispatcher.open();
            if (signalPolicy == Signals.FROM_BOOT) {
                // From the start: a SIGTERM during boot then shuts down cleanly once booted.
                signals = SignalHandling.install(this);
            }
            try {
                components.startSinks();
            } catch (RuntimeBootException e) {
                dispatcher.close();
                shared.closeAll();
                restoreSignals();
                phase = Phase.STOPPED;
                terminated.countDown();
                throw e;
            }
            telemetry.start();
            report(new RuntimeBooting(Version.VALUE));
            devices.attachAll();
            startProcesses(Emitter.Role.PROCESS);
            startProcesses(Emitter.Role.INTERFACE);
            phase = Phase.RUNNING;
            report(new RuntimeBooted(Version.VALUE));
            services.bootAll();
            report(new FrameworkBooted(Version.VALUE));
        } finally {
            lock.unlock();
        }
        String pending = requestedShutdown;
        if (pending != null) {
            shutdown(pending);
        }
    }

    private void startProcesses(Emitter.Role role) {
        Components.BootFailure failure = components.startProcesses(role, this::report);
        if (failure != null) {
            phase = Phase.STOPPING;
            shutdownReason = "boot failed: " + failure.reason();
            performShutdown(shutdownReason);
            throw new RuntimeBootException(failure.reason(), failure.cause());
        }
    }

    /**
     * Installs the signal handlers for {@code run()}, before it boots (or once booted, if it
     * was booted before), unless they are installed already or not wanted.
     */
    void installSignalsForRun() {
        if (signalPolicy != Signals.FROM_RUN) {
            return;
        }
        lock.lock();
        try {
            if ((phase == Phase.NEW || phase == Phase.RUNNING) && signals == null) {
                signals = SignalHandling.install(this);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- shutdown --------------------------------------------------------------------------

    boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return terminated.await(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    void awaitShutdown() throws InterruptedException {
        terminated.await();
    }

    /** See {@link Runtime#shutdown(String)}. */
    void shutdown(String reason) {
        boolean onOwnThread = isRuntimeThread();
        lock.lock();
        boolean mine = false;
        try {
            switch (phase) {
                case NEW -> {
                    phase = Phase.STOPPED;
                    dispatcher.close();
                    shutdownReason = reason;
                    shared.closeAll(); // what components made before a boot that never came
                    terminated.countDown();
                    return;
                }
                case BOOTING -> {
                    if (requestedShutdown == null) {
                        requestedShutdown = reason == null ? "shutdown requested during boot" : reason;
                    }
                    return; // boot() shuts down when it is done
                }
                case RUNNING -> {
                    phase = Phase.STOPPING;
                    shutdownReason = reason;
                    mine = true;
                }
                default -> { }
            }
        } finally {
            lock.unlock();
        }
        if (mine) {
            if (onOwnThread) {
                Thread.ofPlatform().name("bussdcc-shutdown").start(() -> performShutdown(reason));
            } else {
                performShutdown(reason);
            }
        } else if (!onOwnThread) {
            awaitTermination();
        }
    }

    /**
     * Asks for a shutdown without waiting for it. Live, it happens on a new thread; in a replay
     * the request is recorded for the replay driver to act on between events, so that it
     * happens at the same point in every run.
     */
    void requestShutdown(String reason) {
        if (mode == RuntimeMode.REPLAY) {
            if (requestedShutdown == null) {
                requestedShutdown = reason;
            }
            return;
        }
        if (phase == Phase.BOOTING && lock.isHeldByCurrentThread()) {
            shutdown(reason); // recorded; boot() acts on it when done
            return;
        }
        Thread.ofPlatform().name("bussdcc-shutdown").start(() -> shutdown(reason));
    }

    Optional<String> requestedShutdown() {
        return Optional.ofNullable(requestedShutdown);
    }

    private void performShutdown(String reason) {
        try {
            step("emit FrameworkShuttingDown", () -> report(new FrameworkShuttingDown(Version.VALUE, reason)));
            step("emit RuntimeShuttingDown", () -> report(new RuntimeShuttingDown(reason)));
            step("stop services", services::stopAll);
            step("stop interfaces", () -> components.stopProcesses(Emitter.Role.INTERFACE, this::awaitDeliveries, this::report));
            step("stop processes", () -> components.stopProcesses(Emitter.Role.PROCESS, this::awaitDeliveries, this::report));
            step("detach devices", devices::detachAll);
            phase = Phase.STOPPED;
            dispatcher.close(); // emits are dropped from here on; RuntimeShutdown is the last event
            step("emit RuntimeShutdown", () -> {
                awaitDeliveries("RuntimeShutdown is emitted");
                dispatcher.emitLast(new RuntimeShutdown(Version.VALUE));
            });
            step("write the final telemetry", telemetry::stop);
            step("stop sinks", components::stopSinks);
            step("close shared objects", shared::closeAll);
            step("restore signal handlers", this::restoreSignals);
        } finally {
            phase = Phase.STOPPED;
            dispatcher.close();
            terminated.countDown();
        }
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (Throwable failure) {
            Failures.restoreInterrupt(failure);
            LOG.log(Level.ERROR, "shutdown step '" + what + "' failed; the shutdown goes on", failure);
        }
    }

    private void restoreSignals() {
        lock.lock();
        try {
            if (signals != null) {
                signals.restore();
                signals = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitTermination() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isRuntimeThread() {
        return dispatcher.isDelivering() || services.isServiceThread(Thread.currentThread());
    }

    // ---- devices after boot ----------------------------------------------------------------

    void attachDevice(Device device) {
        lock.lock();
        try {
            switch (phase) {
                case NEW -> devices.register(device);
                case BOOTING, RUNNING -> devices.register(device).attach();
                default -> throw new IllegalStateException("cannot attach device '" + device.id()
                        + "': the runtime is shutting down or has shut down");
            }
        } finally {
            lock.unlock();
        }
    }

    boolean detachDevice(String id) {
        lock.lock();
        try {
            DeviceManager.Slot slot = devices.remove(id);
            if (slot == null) {
                return false;
            }
            if (phase != Phase.NEW) {
                slot.detach();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- the run's outcome -----------------------------------------------------------------

    /** Records a failure of the run (see {@link io.bussdcc.api.Context#reportFailure}); the run goes on. */
    void fail(String reason) {
        String text = reason == null || reason.isBlank() ? "a component reported a failure without a reason" : reason;
        synchronized (failures) {
            if (failures.size() < MAX_FAILURES) {
                failures.add(text);
            } else {
                failuresNotKept++;
            }
        }
        LOG.log(Level.ERROR, "failure recorded (the run will end as failed): " + text);
    }

    List<String> failures() {
        synchronized (failures) {
            List<String> all = new ArrayList<>(failures);
            if (failuresNotKept > 0) {
                all.add("… and " + failuresNotKept + " more failures");
            }
            return List.copyOf(all);
        }
    }

    // ---- state -----------------------------------------------------------------------------

    boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    boolean isShutDown() {
        return terminated.getCount() == 0;
    }

    Optional<String> shutdownReason() {
        return Optional.ofNullable(shutdownReason);
    }

    String phaseName() {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    // ---- ServiceHost -----------------------------------------------------------------------

    @Override
    public void report(Message message) {
        dispatcher.emit(Emitter.RUNTIME, message);
    }

    @Override
    public void criticalFailure(String reason) {
        fail(reason);
        if (shutdownOnCriticalFailure) {
            requestShutdown(reason);
        }
    }

    @Override
    public void awaitHandlers(String service, Set<Thread> skip) {
        awaitDeliveries("service '" + service + "' stops", skip);
    }

    /**
     * Waits for the dispatches other threads have in progress, so that what was just taken out
     * of dispatch (a process, or all of it) is no longer handling anything when the shutdown goes
     * on. A handler that blocks is waited for up to the service stop timeout, then logged.
     */
    private void awaitDeliveries(String before) {
        awaitDeliveries(before, Set.of());
    }

    private void awaitDeliveries(String before, Set<Thread> skip) {
        Thread busy = dispatcher.awaitDeliveriesInProgress(handlerWaitTimeout, skip);
        if (busy != null) {
            LOG.log(Level.WARNING, "a handler on thread '" + busy.getName() + "' was still running after "
                    + handlerWaitTimeout.toMillis() + " ms; " + before + " without waiting for it");
        }
    }
}
