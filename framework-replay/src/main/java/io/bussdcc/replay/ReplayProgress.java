package io.bussdcc.replay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A snapshot of a replay's progress, for a UI or a debugger.
 *
 * @param state          where the replay is
 * @param eventsRead     events taken from the source so far, including those outside the
 *                       bounds and recorded events of re-derived types
 * @param eventsReplayed recorded events published to the runtime so far
 * @param eventsTotal    how many events the source holds, when it knows without reading
 * @param virtualTime    the replay clock's instant, once started
 * @param problems       bad records the source reported
 * @param failures       failure reports of the replay run (see {@link ReplayRuntime#failures()})
 * @param suppressed     component emits suppressed by the replay rules
 * @param finishReason   the reason the runtime was shut down with, once finished
 */
public record ReplayProgress(
        ReplayState state,
        long eventsRead,
        long eventsReplayed,
        OptionalLong eventsTotal,
        Optional<Instant> virtualTime,
        long problems,
        long failures,
        long suppressed,
        Optional<String> finishReason) {

    /** A snapshot; {@code state} and the optionals must not be null (empty instead). */
    public ReplayProgress {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(eventsTotal, "eventsTotal");
        Objects.requireNonNull(virtualTime, "virtualTime");
        Objects.requireNonNull(finishReason, "finishReason");
    }

    /** The share of the source read, from 0 to 1, when its size is known. */
    public OptionalDouble fraction() {
        if (eventsTotal.isEmpty()) {
            return OptionalDouble.empty();
        }
        long total = eventsTotal.getAsLong();
        return OptionalDouble.of(total == 0 ? 1.0 : Math.min(1.0, (double) eventsRead / total));
    }
}
