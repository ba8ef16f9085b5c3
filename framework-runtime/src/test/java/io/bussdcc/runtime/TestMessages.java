package io.bussdcc.runtime;

import io.bussdcc.api.Message;
import io.bussdcc.api.Severity;

/** Message types for tests. */
final class TestMessages {

    private TestMessages() {}

    interface Animal extends Message {}

    record Dog(int n) implements Animal {}

    record Cat(int n) implements Animal {}

    record Ping(long n) implements Message {}

    record Alarm(String text) implements Message {
        @Override
        public Severity severity() {
            return Severity.ERROR;
        }
    }
}
