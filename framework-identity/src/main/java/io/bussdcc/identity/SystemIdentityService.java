package io.bussdcc.identity;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Tells the system what machine it runs on: at start it {@linkplain SystemIdentity#discover
 * discovers} the identity, stores it in state under {@value #STATE_PATH} (fields reachable by
 * path, e.g. {@code system.identity.hostname}) and emits one {@link SystemIdentityEvent}.
 *
 * <pre>{@code
 * runtime.addService(new SystemIdentityService());                 // this machine
 * runtime.addService(new SystemIdentityService(Path.of("fixture"))); // a copied /proc, /sys, /etc
 * }</pre>
 *
 * <p><b>Once per start.</b> Identity is what the machine was when the system came up; the
 * service does not re-check it on its ticks. Re-checking would turn ordinary drift into
 * identity events (memory ballooning in virtual machines changes {@code MemTotal}), and the
 * facts that really change — kernel, OS, installed modules — change with a restart, which
 * records a new identity. A service stopped and started again through
 * {@link io.bussdcc.api.ServiceControl} discovers and emits again. Its interval (one hour) is
 * only there because every service has one; its ticks do nothing.
 *
 * <p><b>Replay.</b> In a runtime in {@link RuntimeMode#REPLAY replay mode} the service neither
 * discovers nor emits: the identity in the recording is data and replays like any other event,
 * unchanged, with its recorded time. The service stores each replayed
 * {@code SystemIdentityEvent} under {@value #STATE_PATH}, so the replayed state shows the
 * recorded machine, as it did live — never the machine doing the replay.
 */
public final class SystemIdentityService implements Service {

    /** The service's name, also the name of its provider in configuration ({@code service.identity.*}). */
    public static final String NAME = "identity";

    /** Where the identity is stored in state. */
    public static final String STATE_PATH = "system.identity";

    private final Path root;

    /** A service describing this machine (root {@code /}). */
    public SystemIdentityService() {
        this(Path.of("/"));
    }

    /** A service describing the machine whose filesystem is at {@code root}; see {@link SystemIdentity#discover(Path)}. */
    public SystemIdentityService(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The filesystem root this service reads. */
    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    public void start(Context ctx) {
        if (ctx.mode() == RuntimeMode.REPLAY) {
            return; // the recording carries the identity; discovering here would describe the wrong machine
        }
        SystemIdentityEvent identity = SystemIdentity.discover(root);
        // State first, so whoever handles the event finds the state already telling the same.
        ctx.state().set(STATE_PATH, identity.toMap());
        ctx.emit(identity);
    }

    @Override
    public void handle(Context ctx, Event<?> event) {
        if (ctx.mode() == RuntimeMode.REPLAY && event.payload() instanceof SystemIdentityEvent identity) {
            ctx.state().set(STATE_PATH, identity.toMap());
        }
    }

    @Override
    public String toString() {
        return "SystemIdentityService[root=" + root + "]";
    }
}
