package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.SourceProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A log in memory: a sink that keeps what it is given and a source that replays it (a copy of
 * what was there when opened), with deterministic text lines standing for the bytes of a file.
 */
class MemoryLog implements EventSink, EventSource {

    private final List<Event<?>> events = new ArrayList<>();
    private final List<SourceProblem> problemsToReport = new ArrayList<>();
    private final String name;
    private final MessageTypeRegistry registry;
    private List<Path> paths = List.of();
    private boolean sizeKnown = true;

    MemoryLog(String name, MessageTypeRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    static MemoryLog of(Collection<? extends Event<?>> events) {
        MemoryLog log = new MemoryLog("memory", Fixtures.registry());
        log.events.addAll(events);
        return log;
    }

    MemoryLog at(Path... paths) {
        this.paths = List.of(paths);
        return this;
    }

    MemoryLog withProblems(SourceProblem... problems) {
        problemsToReport.addAll(List.of(problems));
        return this;
    }

    MemoryLog sizeUnknown() {
        sizeKnown = false;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void handle(Event<?> event) {
        events.add(event);
    }

    synchronized List<Event<?>> events() {
        return List.copyOf(events);
    }

    /** One line per event: time, type name, payload. */
    synchronized List<String> lines() {
        return events.stream().map(e -> e.time() + " " + registry.nameOf(e.payload()) + " " + e.payload()).toList();
    }

    @Override
    public String describe() {
        return "memory log " + name;
    }

    @Override
    public synchronized Stream<Event<?>> open(Consumer<SourceProblem> problems) {
        List<Event<?>> copy = List.copyOf(events);
        List<SourceProblem> toReport = List.copyOf(problemsToReport);
        // Problems are reported as the stream is read, the way a file source meets bad lines.
        return Stream.concat(Stream.of((Event<?>) null).flatMap(ignored -> {
            toReport.forEach(problems);
            return Stream.<Event<?>>empty();
        }), copy.stream());
    }

    @Override
    public synchronized OptionalLong knownSize() {
        return sizeKnown ? OptionalLong.of(events.size()) : OptionalLong.empty();
    }

    @Override
    public List<Path> readsFrom() {
        return paths;
    }

    @Override
    public List<Path> writesTo() {
        return paths;
    }
}
