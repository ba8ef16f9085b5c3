package io.bussdcc.runtime.reliability;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.message.RuntimeShutdown;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink and a process that record everything they receive, and — separately — anything that
 * reaches them after they saw {@code RuntimeShutdown} (the sink) or after they were stopped
 * (both), with the time it arrived. Those lists must stay empty.
 */
final class Observer {

    /** Something received when nothing should have been. */
    record Late(String who, Event<?> event, long nanosAfter, String thread) {}

    private final Object lock = new Object();
    private final List<Event<?>> sinkEvents = new ArrayList<>();
    private final List<Late> late = new ArrayList<>();
    private long shutdownSeenNanos;
    private long sinkStoppedNanos;
    private long processStoppedNanos;
    private boolean processStarted;

    final EventSink sink = new EventSink() {
        @Override
        public String name() {
            return "observer";
        }

        @Override
        public void handle(Event<?> event) {
            long now = System.nanoTime();
            synchronized (lock) {
                if (sinkStoppedNanos != 0) {
                    late.add(new Late("sink, after stop", event, now - sinkStoppedNanos, Thread.currentThread().getName()));
                }
                if (shutdownSeenNanos != 0) {
                    late.add(new Late("sink, after RuntimeShutdown", event, now - shutdownSeenNanos,
                            Thread.currentThread().getName()));
                }
                sinkEvents.add(event);
                if (event.payload() instanceof RuntimeShutdown) {
                    shutdownSeenNanos = now;
                }
            }
        }

        @Override
        public void stop() {
            synchronized (lock) {
                sinkStoppedNanos = System.nanoTime();
            }
        }
    };

    final Process process = new Process() {
        @Override
        public String name() {
            return "observer";
        }

        @Override
        public void start(Context ctx) {
            synchronized (lock) {
                processStarted = true;
            }
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            long now = System.nanoTime();
            synchronized (lock) {
                if (processStoppedNanos != 0) {
                    late.add(new Late("process, after stop", event, now - processStoppedNanos,
                            Thread.currentThread().getName()));
                }
            }
        }

        @Override
        public void stop(Context ctx) {
            synchronized (lock) {
                processStoppedNanos = System.nanoTime();
            }
        }
    };

    List<Event<?>> events() {
        synchronized (lock) {
            return List.copyOf(sinkEvents);
        }
    }

    List<Message> payloads() {
        return events().stream().<Message>map(Event::payload).toList();
    }

    long count(Class<? extends Message> type) {
        return events().stream().filter(e -> type.isInstance(e.payload())).count();
    }

    List<Late> late() {
        synchronized (lock) {
            return List.copyOf(late);
        }
    }

    boolean sinkStopped() {
        synchronized (lock) {
            return sinkStoppedNanos != 0;
        }
    }

    boolean processStopped() {
        synchronized (lock) {
            return processStoppedNanos != 0;
        }
    }

    boolean processStarted() {
        synchronized (lock) {
            return processStarted;
        }
    }
}
