package io.bussdcc.replay;

import static io.bussdcc.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.api.RawMessage;
import io.bussdcc.api.Service;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.message.EventSubscriberError;
import io.bussdcc.api.message.FrameworkShuttingDown;
import io.bussdcc.api.message.ProcessError;
import io.bussdcc.api.message.ProcessStarted;
import io.bussdcc.api.message.RuntimeBooting;
import io.bussdcc.api.message.RuntimeShutdown;
import io.bussdcc.api.message.RuntimeShuttingDown;
import io.bussdcc.api.message.ServiceFailure;
import io.bussdcc.replay.Fixtures.Alarm;
import io.bussdcc.replay.Fixtures.AlarmWatch;
import io.bussdcc.replay.Fixtures.Counted;
import io.bussdcc.replay.Fixtures.Reading;
import io.bussdcc.replay.Fixtures.RederivingAlarmWatch;
import io.bussdcc.replay.Fixtures.Tick;
import io.bussdcc.replay.Fixtures.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ReplayRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final Instant T = Instant.parse("2026-03-09T23:59:59.999999999Z");

    static Event<?> at(Instant time, Message message) {
        return new Event<>(time, message);
    }

    static Reading reading(long seq) {
        return new Reading("s" + (seq % 3), seq, seq * 1.5, "C", seq % 2 == 0 ? null : "ünïcødé ✓");
    }

    static MemoryLog sink() {
        return new MemoryLog("out", Fixtures.registry());
    }

    static ReplayRuntime.Builder maxSpeed() {
        return ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(Fixtures.registry());
    }

    /** Records what a replay reports besides the stream. */
    static final class Heard implements ReplayListener {
        final List<Event<?>> runtimeEvents = new CopyOnWriteArrayList<>();
        final List<Event<?>> suppressed = new CopyOnWriteArrayList<>();
        final List<Origin> suppressedBy = new CopyOnWriteArrayList<>();
        final List<SourceProblem> problems = new CopyOnWriteArrayList<>();
        final List<ReplayProgress> finished = new CopyOnWriteArrayList<>();

        @Override
        public void problem(SourceProblem problem) {
            problems.add(problem);
        }

        @Override
        public void runtimeEvent(Event<?> event) {
            runtimeEvents.add(event);
        }

        @Override
        public void suppressed(Origin emitter, Event<?> event) {
            suppressedBy.add(emitter);
            suppressed.add(event);
        }

        @Override
        public void finished(ReplayProgress progress) {
            finished.add(progress);
        }
    }

    @Test
    void replaysEveryRecordedEventWithItsTimeTypeAndDataThenShutsDownComplete() throws IOException {
        List<Event<?>> recorded = List.of(
                at(T, new RuntimeBooting("0.0.0")),
                at(T, new ProcessStarted("watch")),
                at(T.plusNanos(1), reading(1)),
                at(T.plusNanos(1), new RawMessage("other.app:Thing", "{\"k\":[1,2],\"s\":\"x\"}")),
                at(T.plusSeconds(3), new Alarm("s1", 2, List.of("a", "b"))),
                at(T.plusSeconds(3), new RuntimeShutdown("0.0.0")));
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out).build();

        ReplayProgress done = replay.run();

        assertEquals(recorded, out.events());
        assertEquals(ReplayState.FINISHED, done.state());
        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(6, done.eventsRead());
        assertEquals(6, done.eventsReplayed());
        assertEquals(6, done.eventsTotal().orElseThrow());
        assertEquals(1.0, done.fraction().orElseThrow());
        assertEquals(T.plusSeconds(3), done.virtualTime().orElseThrow());
        assertEquals(0, done.problems() + done.failures() + done.suppressed());
    }

    @Test
    void theReplaysOwnLifecycleIsReportedNotDispatched() throws IOException {
        Heard heard = new Heard();
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().listener(heard).addSource(MemoryLog.of(List.of(at(T, reading(1)))))
                .addSink(out).addProcess(new AlarmWatch()).build();

        replay.run();

        assertEquals(List.of(at(T, reading(1))), out.events());
        List<Class<?>> types = heard.runtimeEvents.stream().<Class<?>>map(e -> e.payload().getClass()).toList();
        assertEquals(RuntimeBooting.class, types.get(0));
        assertEquals(RuntimeShutdown.class, types.get(types.size() - 1));
        assertTrue(types.contains(ProcessStarted.class));
        assertTrue(heard.runtimeEvents.stream().allMatch(e -> e.time().equals(T)), "stamped with virtual time");
        assertTrue(heard.runtimeEvents.stream().anyMatch(e -> e.payload().equals(new RuntimeShuttingDown(ReplayRuntime.COMPLETE))));
        assertTrue(heard.runtimeEvents.stream().anyMatch(e -> e.payload() instanceof FrameworkShuttingDown f
                && f.reason().equals(ReplayRuntime.COMPLETE)));
        assertEquals(1, heard.finished.size());
        assertEquals(ReplayRuntime.COMPLETE, heard.finished.get(0).finishReason().orElseThrow());
    }

    @Test
    void whatProcessesDeriveIsSuppressedByDefault() throws IOException {
        // The live run recorded each reading followed by the alarm the process derived from it.
        List<Event<?>> recorded = new ArrayList<>();
        for (long seq = 0; seq < 7; seq++) {
            Instant t = T.plusMillis(seq * 10);
            recorded.add(at(t, reading(seq)));
            Alarm alarm = Fixtures.alarmFor(reading(seq));
            if (alarm != null) {
                recorded.add(at(t, alarm));
            }
        }
        Heard heard = new Heard();
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().listener(heard).addSource(MemoryLog.of(recorded)).addSink(out)
                .addProcess(new AlarmWatch()).build();

        ReplayProgress done = replay.run();

        assertEquals(recorded, out.events(), "each alarm once: the recorded copy");
        assertEquals(3, done.suppressed());
        assertEquals(3, heard.suppressed.size());
        assertEquals(new Origin(Origin.Kind.PROCESS, "alarm-watch"), heard.suppressedBy.get(0));
        assertEquals(at(T, Fixtures.alarmFor(reading(0))), heard.suppressed.get(0));
    }

    @Test
    void aReplayAwareProcessRederivesInsteadOfTheRecording() throws IOException {
        List<Event<?>> recorded = List.of(
                at(T, reading(0)),
                at(T, new Alarm("recorded", 9, List.of("live"))), // an alarm of the old code: dropped
                at(T.plusSeconds(1), reading(1)),
                at(T.plusSeconds(2), reading(3)),
                at(T.plusSeconds(2), new Counted(1)));
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out)
                .addProcess(new RederivingAlarmWatch()).build();

        ReplayProgress done = replay.run();

        assertEquals(List.of(
                at(T, reading(0)), at(T, Fixtures.alarmFor(reading(0))),
                at(T.plusSeconds(1), reading(1)),
                at(T.plusSeconds(2), reading(3)), at(T.plusSeconds(2), Fixtures.alarmFor(reading(3))),
                at(T.plusSeconds(2), new Counted(1))), out.events());
        assertEquals(5, done.eventsRead());
        assertEquals(4, done.eventsReplayed());
        assertEquals(0, done.suppressed());
    }

    @Test
    void theRuntimesOwnReportsCannotBeRederived() {
        final class Greedy implements Process, ReplayAware {
            @Override
            public String name() {
                return "greedy";
            }

            @Override
            public java.util.Set<Class<? extends Message>> rederives() {
                return java.util.Set.of(ProcessError.class);
            }
        }
        ReplayRuntime replay = maxSpeed().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replay.addProcess(new Greedy()));
        assertTrue(e.getMessage().contains("greedy") && e.getMessage().contains("ProcessError"), e.getMessage());
        replay.addProcess(new AlarmWatch() {
            @Override
            public String name() {
                return "greedy"; // the refused process was not added: its name is free
            }
        });
    }

    @Test
    void twoRederivingSinksNeedDistinctNames() {
        final class AwareSink extends MemoryLog implements ReplayAware {
            AwareSink() {
                super("same", Fixtures.registry());
            }

            @Override
            public java.util.Set<Class<? extends Message>> rederives() {
                return java.util.Set.of(Counted.class);
            }
        }
        ReplayRuntime replay = maxSpeed().addSink(new AwareSink()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replay.addSink(new AwareSink()));
        assertTrue(e.getMessage().contains("'same'"), e.getMessage());
    }

    @Test
    void failureReportsOfTheReplayRunAreKeptNotDispatched() throws IOException {
        Process failing = new Process() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof Reading r && r.seq() == 2) {
                    throw new IllegalStateException("no reading 2, please");
                }
            }
        };
        List<Event<?>> recorded = List.of(at(T, reading(1)), at(T.plusSeconds(1), reading(2)), at(T.plusSeconds(2), reading(3)));
        Heard heard = new Heard();
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().listener(heard).addSource(MemoryLog.of(recorded)).addSink(out)
                .addProcess(failing).build();

        ReplayProgress done = replay.run();

        assertEquals(recorded, out.events());
        assertEquals(1, done.failures());
        Event<?> failure = replay.failures().get(0);
        assertEquals(T.plusSeconds(1), failure.time());
        ProcessError error = (ProcessError) failure.payload();
        assertEquals("picky", error.process());
        assertEquals(at(T.plusSeconds(1), reading(2)), error.evt());
        assertTrue(error.error().contains("no reading 2"));
        assertTrue(heard.runtimeEvents.contains(failure));
    }

    @Test
    void aSubscribersFailureDuringReplayIsKeptNotDispatched() throws IOException {
        Process subscriber = new Process() {
            @Override
            public String name() {
                return "subscriber";
            }

            @Override
            public void start(Context ctx) {
                ctx.subscribe(Reading.class, event -> {
                    throw new IllegalStateException("cannot take " + event.payload().seq());
                });
            }
        };
        List<Event<?>> recorded = List.of(at(T, reading(4)));
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out).addProcess(subscriber).build();
        ReplayProgress done = replay.run();
        assertEquals(recorded, out.events());
        assertEquals(1, done.failures());
        EventSubscriberError error = (EventSubscriberError) replay.failures().get(0).payload();
        assertTrue(error.error().contains("cannot take 4"));
    }

    @Test
    void aCriticalServiceFailureEndsTheReplayAtTheSamePointEveryTime() throws IOException {
        for (int run = 0; run < 3; run++) {
            Service fragile = new Service() {
                int ticks;

                @Override
                public String name() {
                    return "fragile";
                }

                @Override
                public Duration interval() {
                    return Duration.ofSeconds(1);
                }

                @Override
                public boolean critical() {
                    return true;
                }

                @Override
                public void tick(Context ctx) {
                    if (++ticks == 3) {
                        throw new IllegalStateException("sensor bus gone");
                    }
                }
            };
            List<Event<?>> recorded = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                recorded.add(at(T.plusMillis(500L * i), reading(i)));
            }
            MemoryLog out = sink();
            ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out).addService(fragile).build();

            ReplayProgress done = replay.run();

            // Ticks at T, T+1 s, T+2 s (fails): events up to T+2 s are replayed first (tie rule), then the replay ends.
            assertEquals(recorded.subList(0, 5), out.events());
            assertEquals("critical service 'fragile' failed: java.lang.IllegalStateException: sensor bus gone",
                    done.finishReason().orElseThrow());
            assertTrue(replay.failures().stream().anyMatch(e -> e.payload() instanceof ServiceFailure
                    && e.time().equals(T.plusSeconds(2))));
        }
    }

    @Test
    void aShutdownRequestedByAProcessEndsTheReplayAfterThatEvent() throws IOException {
        Process quitter = new Process() {
            @Override
            public String name() {
                return "quitter";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof Reading r && r.seq() == 2) {
                    ctx.requestShutdown("seen enough");
                }
            }
        };
        List<Event<?>> recorded = List.of(at(T, reading(1)), at(T, reading(2)), at(T, reading(3)));
        MemoryLog out = sink();
        ReplayProgress done = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out).addProcess(quitter).build().run();
        assertEquals(recorded.subList(0, 2), out.events());
        assertEquals("seen enough", done.finishReason().orElseThrow());
    }

    @Test
    void theApplicationsOwnEmitsAreDispatched() throws IOException {
        ReplayRuntime[] self = new ReplayRuntime[1];
        Process echo = new Process() {
            @Override
            public String name() {
                return "echo";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                if (event.payload() instanceof Reading r) {
                    self[0].context().emit(new Counted((int) r.seq())); // the application, not the process
                    ctx.emit(new Counted(-1));                         // the process: suppressed
                }
            }
        };
        MemoryLog out = sink();
        self[0] = maxSpeed().addSource(MemoryLog.of(List.of(at(T, reading(7))))).addSink(out).addProcess(echo).build();
        self[0].run();
        assertEquals(List.of(at(T, reading(7)), at(T, new Counted(7))), out.events());
    }

    @Test
    void servicesStepOnVirtualTimeAfterTheRecordedEventsOfTheSameInstant() throws IOException {
        List<Event<?>> recorded = List.of(
                at(T, reading(0)),
                at(T.plusSeconds(1), reading(1)),
                at(T.plusSeconds(1), reading(2)),
                at(T.plusMillis(2500), reading(3)));
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out)
                .addService(new Ticker("tick", Duration.ofSeconds(1))).build();

        replay.run();

        assertEquals(List.of(
                at(T, reading(0)), at(T, new Tick("tick", 0)),
                at(T.plusSeconds(1), reading(1)), at(T.plusSeconds(1), reading(2)), at(T.plusSeconds(1), new Tick("tick", 1)),
                at(T.plusSeconds(2), new Tick("tick", 2)),
                at(T.plusMillis(2500), reading(3))), out.events());
        assertEquals(3L, replay.state().get("ticks.tick.n").orElseThrow());
    }

    @Test
    void boundsKeepExactlyTheEventsFromInclusiveToExclusive() throws IOException {
        List<Event<?>> recorded = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            recorded.add(at(T.plusSeconds(i), reading(i)));
        }
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().from(T.plusSeconds(2)).to(T.plusSeconds(5))
                .addSource(MemoryLog.of(recorded)).addSink(out)
                .addService(new Ticker("tick", Duration.ofMillis(1500))).build();

        ReplayProgress done = replay.run();

        assertEquals(List.of(
                at(T.plusSeconds(2), reading(2)), at(T.plusSeconds(2), new Tick("tick", 0)),
                at(T.plusSeconds(3), reading(3)), at(T.plusMillis(3500), new Tick("tick", 1)),
                at(T.plusSeconds(4), reading(4))), out.events()); // no tick at 5 s: to is exclusive
        assertEquals(10, done.eventsRead());
        assertEquals(3, done.eventsReplayed());
    }

    @Test
    void aLeadInBeforeTheFirstEventRunsServicesFromStartAt() throws IOException {
        MemoryLog out = sink();
        maxSpeed().startAt(T.minusSeconds(2)).addSource(MemoryLog.of(List.of(at(T, reading(0))))).addSink(out)
                .addService(new Ticker("tick", Duration.ofSeconds(1))).build().run();
        assertEquals(List.of(
                at(T.minusSeconds(2), new Tick("tick", 0)), at(T.minusSeconds(1), new Tick("tick", 1)),
                at(T, reading(0)), at(T, new Tick("tick", 2))), out.events());
    }

    @Test
    void startAtAfterTheFirstEventIsRefusedBeforeBooting() {
        Heard heard = new Heard();
        ReplayRuntime replay = maxSpeed().startAt(T.plusSeconds(1)).listener(heard)
                .addSource(MemoryLog.of(List.of(at(T, reading(0))))).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, replay::run);
        assertTrue(e.getMessage().contains("startAt") && e.getMessage().contains("from("), e.getMessage());
        assertTrue(heard.runtimeEvents.isEmpty(), "nothing booted");
        assertEquals(ReplayState.FINISHED, replay.progress().state());
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ReplayRuntime.builder().from(T).to(T).build());
        assertTrue(empty.getMessage().contains(T.toString()));
        assertThrows(IllegalArgumentException.class, () -> ReplayRuntime.builder().from(T).startAt(T.plusNanos(1)).build());
        assertThrows(IllegalArgumentException.class, () -> ReplayRuntime.builder().to(T).startAt(T.plusNanos(1)).build());
        assertThrows(IllegalArgumentException.class, () -> ReplayRuntime.builder().speed(-1));
        assertThrows(IllegalStateException.class, () -> new ReplayRuntime(1).run());
    }

    @Test
    void aReplayRunsOnceAndTakesNoComponentsAfterStarting() throws IOException {
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(List.of(at(T, reading(0))))).build();
        replay.run();
        assertThrows(IllegalStateException.class, replay::run);
        assertThrows(IllegalStateException.class, () -> replay.addSink(sink()));
        assertThrows(IllegalStateException.class, () -> replay.addProcess(new AlarmWatch()));
    }

    @Test
    void sourceProblemsAreCountedKeptAndForwarded() throws IOException {
        SourceProblem bad = new SourceProblem("events/2026-03-09/23-40-00.jsonl", 17, "malformed JSON");
        SourceProblem unknown = new SourceProblem("events/2026-03-09/23-40-00.jsonl", 18, "missing field 'time'");
        Heard heard = new Heard();
        ReplayRuntime replay = maxSpeed().listener(heard)
                .addSource(MemoryLog.of(List.of(at(T, reading(0)))).withProblems(bad, unknown)).build();
        ReplayProgress done = replay.run();
        assertEquals(2, done.problems());
        assertEquals(List.of(bad, unknown), replay.problems());
        assertEquals(List.of(bad, unknown), heard.problems);
        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
    }

    /** A source whose directory is gone: {@code open} fails. */
    private static EventSource unopenable() {
        return new EventSource() {
            @Override
            public String describe() {
                return "/var/log/missing";
            }

            @Override
            public Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException {
                throw new IOException("no such directory");
            }
        };
    }

    @Test
    void aSourceThatCannotBeOpenedFailsTheReplayNamingIt() {
        EventSource broken = unopenable();
        ReplayRuntime replay = maxSpeed().addSource(broken).build();
        IOException e = assertThrows(IOException.class, replay::run);
        assertTrue(e.getMessage().contains("/var/log/missing") && e.getMessage().contains("no such directory"), e.getMessage());
        assertEquals(ReplayState.FINISHED, replay.progress().state());
    }

    @Test
    void aSourceThatCannotBeOpenedStaysTheReasonWhenClosingAnOpenedOneFailsToo() {
        EventSource opens = new EventSource() {
            @Override
            public String describe() {
                return "first";
            }

            @Override
            public Stream<Event<?>> open(Consumer<SourceProblem> problems) {
                return Stream.<Event<?>>empty().onClose(() -> {
                    throw new IllegalStateException("close failed");
                });
            }
        };
        EventSource broken = unopenable();
        ReplayRuntime replay = maxSpeed().addSource(opens).addSource(broken).build();
        IOException e = assertThrows(IOException.class, replay::run);
        assertTrue(e.getMessage().contains("/var/log/missing"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals("close failed", e.getSuppressed()[0].getMessage());
    }

    @Test
    void aReplayRefusesToWriteWhereItReads(@TempDir Path dir) throws IOException {
        Path events = Files.createDirectories(dir.resolve("events"));
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(List.of()).at(events)).build();

        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> replay.addSink(sink().at(events)));
        assertTrue(same.getMessage().contains(events.toString()) && same.getMessage().contains("another directory"),
                same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> replay.addSink(sink().at(events.resolve("replayed"))));
        assertThrows(IllegalArgumentException.class, () -> replay.addSink(sink().at(dir)));
        assertThrows(IllegalArgumentException.class, () -> replay.addSink(sink().at(dir.resolve("x/../events"))));
        Path link = Files.createSymbolicLink(dir.resolve("link"), events);
        assertThrows(IllegalArgumentException.class, () -> replay.addSink(sink().at(link.resolve("new"))));

        replay.addSink(sink().at(dir.resolve("replayed"))); // a sibling is fine
        ReplayRuntime sinkFirst = maxSpeed().addSink(sink().at(events)).build();
        assertThrows(IllegalArgumentException.class, () -> sinkFirst.addSource(MemoryLog.of(List.of()).at(events)));
        assertEquals(ReplayRuntime.COMPLETE, replay.run().finishReason().orElseThrow());
    }

    @Test
    void severalSourcesAreMergedByTimeTiesToTheEarlierSource() throws IOException {
        MemoryLog a = MemoryLog.of(List.of(at(T, reading(1)), at(T.plusSeconds(2), reading(3))));
        MemoryLog b = MemoryLog.of(List.of(at(T, reading(100)), at(T.plusSeconds(1), reading(101)), at(T.plusSeconds(2), reading(102))));
        MemoryLog out = sink();
        ReplayProgress done = maxSpeed().addSource(a).addSource(b).addSink(out).build().run();
        assertEquals(List.of(at(T, reading(1)), at(T, reading(100)), at(T.plusSeconds(1), reading(101)),
                at(T.plusSeconds(2), reading(3)), at(T.plusSeconds(2), reading(102))), out.events());
        assertEquals(5, done.eventsTotal().orElseThrow());
        assertTrue(maxSpeed().addSource(a).addSource(b.sizeUnknown()).build().progress().eventsTotal().isEmpty());
    }

    @Test
    void anEventRecordedOutOfOrderKeepsItsTimeWhileTheClockDoesNotGoBack() throws IOException {
        List<Instant> seenByProcess = new ArrayList<>();
        Process clockReader = new Process() {
            @Override
            public String name() {
                return "clock-reader";
            }

            @Override
            public void handle(Context ctx, Event<?> event) {
                seenByProcess.add(ctx.clock().now());
            }
        };
        List<Event<?>> recorded = List.of(at(T.plusSeconds(2), reading(1)), at(T.plusSeconds(1), reading(2)), at(T.plusSeconds(3), reading(3)));
        MemoryLog out = sink();
        maxSpeed().addSource(MemoryLog.of(recorded)).addSink(out).addProcess(clockReader).build().run();
        assertEquals(recorded, out.events());
        assertEquals(List.of(T.plusSeconds(2), T.plusSeconds(2), T.plusSeconds(3)), seenByProcess);
    }

    @Test
    void aUiCanPauseStepResumeAndWatchProgressFromAnotherThread() throws Exception {
        List<Event<?>> recorded = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            recorded.add(at(T.plusSeconds(i), reading(i)));
        }
        MemoryLog out = sink();
        ReplayRuntime replay = ReplayRuntime.builder().speed(1.0).registry(Fixtures.registry())
                .addSource(MemoryLog.of(recorded)).addSink(out).build();
        assertEquals(ReplayState.READY, replay.progress().state());
        replay.pause(); // paused before it starts: a debugger's first view
        CompletableFuture<ReplayProgress> running = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await("the replay paused with a virtual time", () -> replay.progress().state() == ReplayState.PAUSED
                && replay.progress().virtualTime().isPresent(), WAIT);
        assertEquals(0, replay.progress().eventsReplayed());
        for (int i = 1; i <= 3; i++) {
            replay.step(); // each event a second apart at real time, yet stepping does not wait
            int expected = i;
            await(() -> expected + " events replayed; " + replay.progress().eventsReplayed() + " so far",
                    () -> replay.progress().eventsReplayed() == expected, WAIT);
            assertEquals(T.plusSeconds(i - 1), replay.progress().virtualTime().orElseThrow());
        }
        Thread.sleep(100);
        assertEquals(3, replay.progress().eventsReplayed(), "stays paused after a step");
        assertEquals(ReplayState.PAUSED, replay.progress().state());
        replay.setSpeed(ReplayClock.MAX_SPEED);
        replay.resume();
        ReplayProgress done = running.get(10, TimeUnit.SECONDS);
        assertEquals(recorded, out.events());
        assertEquals(50, done.eventsReplayed());
        assertEquals(ReplayState.FINISHED, done.state());
        assertTrue(replay.awaitFinished(Duration.ZERO));
    }

    @Test
    void theProgressIsInTheRuntimesHealthForApiHealthAndMetrics() throws Exception {
        List<Event<?>> recorded = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recorded.add(at(T.plusSeconds(i), reading(i)));
        }
        ReplayRuntime replay = ReplayRuntime.builder().speed(1.0).registry(Fixtures.registry())
                .addSource(MemoryLog.of(recorded)).addSink(sink()).build();
        replay.pause();
        CompletableFuture<ReplayProgress> running = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        replay.step();
        replay.step();
        await("2 events replayed", () -> replay.progress().eventsReplayed() == 2, WAIT);
        io.bussdcc.api.Health paused = replay.context().health().get("replay");
        assertTrue(paused.isUp());
        assertEquals(2L, paused.counts().get("eventsReplayed"));
        assertEquals(20L, paused.counts().get("eventsTotal"));
        assertEquals(0L, paused.counts().get("finished"));
        assertEquals(T.plusSeconds(1).toEpochMilli(), paused.counts().get("virtualTimeMillis"));
        replay.setSpeed(ReplayClock.MAX_SPEED);
        replay.resume();
        running.get(10, TimeUnit.SECONDS);
        io.bussdcc.api.Health done = replay.context().health().get("replay");
        assertEquals(20L, done.counts().get("eventsReplayed"));
        assertEquals(1L, done.counts().get("finished"));
        assertEquals(List.of("sink.out", "replay"), List.copyOf(replay.context().health().keySet()));
    }

    @Test
    void stopEndsAReplayWaitingForItsNextEvent() throws Exception {
        List<Event<?>> recorded = List.of(at(T, reading(0)), at(T.plusSeconds(3600), reading(1)));
        MemoryLog out = sink();
        ReplayRuntime replay = ReplayRuntime.builder().speed(1.0).registry(Fixtures.registry())
                .addSource(MemoryLog.of(recorded)).addSink(out).build();
        CompletableFuture<ReplayProgress> running = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        await("1 event replayed", () -> replay.progress().eventsReplayed() == 1, WAIT);
        replay.stop();
        ReplayProgress done = running.get(10, TimeUnit.SECONDS);
        assertEquals(ReplayRuntime.STOPPED, done.finishReason().orElseThrow());
        assertEquals(List.of(at(T, reading(0))), out.events());
        assertFalse(replay.clock().advanceTo(T.plusSeconds(1)));
    }

    @Test
    void stopBeforeRunMakesRunReturnWithoutBooting() throws IOException {
        Heard heard = new Heard();
        ReplayRuntime replay = maxSpeed().listener(heard).addSource(MemoryLog.of(List.of(at(T, reading(0))))).build();
        replay.stop();
        assertEquals(ReplayRuntime.STOPPED, replay.run().finishReason().orElseThrow());
        assertTrue(heard.runtimeEvents.isEmpty());
    }

    @Test
    void anEmptyRecordingBootsAndShutsDownWithoutServiceSteps() throws IOException {
        MemoryLog out = sink();
        ReplayRuntime replay = maxSpeed().addSource(MemoryLog.of(List.of())).addSink(out)
                .addService(new Ticker("tick", Duration.ofSeconds(1))).build();
        ReplayProgress done = replay.run();
        assertEquals(List.of(), out.events());
        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(Map.of(), replay.state().snapshot());
    }
}
