package io.bussdcc.jsonl.reliability;

import io.bussdcc.api.Message;

/**
 * A message class no test loads on purpose: the bad-line corpus names it in every spelling, and
 * a reader that turned log names into classes would load (and initialise) it.
 */
public record Tripwire(String value) implements Message {

    static {
        Flag.initialised = true;
    }

    /** Set when {@link Tripwire} is initialised; read without initialising it. */
    static final class Flag {
        static volatile boolean initialised;

        private Flag() {}
    }
}
