package io.bussdcc.runtime.replay;

import io.bussdcc.api.RuntimeMode;
import java.util.Objects;

/**
 * What a replay driver sets on a runtime beyond {@code Runtime.Builder}'s settings.
 *
 * @param mode                live or replay; a replay runtime defers shutdown requests to its
 *                            driver ({@link ReplayHandle#requestedShutdown()})
 * @param emitFilter          drops the emitted messages it does not admit; {@code null} admits all
 * @param virtualTimeServices whether services run on virtual time, driven through
 *                            {@link ReplayHandle#services()}, instead of on threads
 */
public record ReplayOptions(RuntimeMode mode, EmitFilter emitFilter, boolean virtualTimeServices) {

    /** Checks the mode is given. */
    public ReplayOptions {
        Objects.requireNonNull(mode, "mode");
    }
}
