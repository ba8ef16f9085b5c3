package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.Process;
import io.bussdcc.api.RuntimeMode;
import io.bussdcc.api.ServiceState;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.TypeFilter;
import io.bussdcc.api.message.ServiceStarted;
import io.bussdcc.api.message.ServiceStopped;
import io.bussdcc.replay.Fixtures.Alarm;
import io.bussdcc.replay.Fixtures.Reading;
import io.bussdcc.replay.Fixtures.StateKeeper;
import io.bussdcc.testing.Await;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeline's controls, one behaviour at a time, and what it does with bad input. */
class ReplayTimelineTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final List<ReplayTimeline> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ReplayTimeline::close);
    }

    /** Readings one second apart; an alarm (WARNING) after readings 3 and 7. */
    static List<Event<?>> day() {
        List<Event<?>> events = new ArrayList<>();
        events.add(new Event<>(T0, new ServiceStarted("poller")));
        for (int i = 1; i <= 10; i++) {
            events.add(new Event<>(T0.plusSeconds(i), new Reading("north", i, 20 + i, "C", null)));
            if (i == 3 || i == 7) {
                events.add(new Event<>(T0.plusSeconds(i).plusMillis(500), new Alarm("north", 2, List.of("hot"))));
            }
        }
        events.add(new Event<>(T0.plusSeconds(11), new ServiceStopped("poller")));
        return events;
    }

    /** A viewer that keeps what it is shown. */
    static final class Viewer implements Process {
        final List<Event<?>> seen = new CopyOnWriteArrayList<>();
        volatile Context context;

        @Override
        public String name() {
            return "viewer";
        }

        @Override
        public void start(Context ctx) {
            context = ctx;
        }

        @Override
        public void handle(Context ctx, Event<?> event) {
            seen.add(event);
        }
    }

    ReplayTimeline open(EventSource source, Viewer viewer) throws Exception {
        ReplayTimeline t = ReplayTimeline.builder(source).registry(Fixtures.registry()).speed(Timeline.MAX_SPEED)
                .components(r -> r.addProcess(new StateKeeper())).viewer(viewer).open();
        opened.add(t);
        return t;
    }

    @Test
    void opensPausedBeforeTheFirstEventWithTheRecordingsRange() throws Exception {
        Viewer viewer = new Viewer();
        ReplayTimeline t = open(MemoryLog.of(day()), viewer);
        assertEquals(new Timeline.Range(T0, T0.plusSeconds(11), 14, java.util.Optional.empty()), t.range());
        assertEquals(0, t.cursor().position());
        assertEquals(Timeline.Mode.PAUSED, t.cursor().mode());
        assertEquals(RuntimeMode.REPLAY, viewer.context.mode());
        assertEquals(t, viewer.context.timeline().orElseThrow());
        assertEquals(List.of(), viewer.seen);
    }

    @Test
    void stepPublishesExactlyOneEventEachTimeAndTheViewerSeesIt() throws Exception {
        Viewer viewer = new Viewer();
        ReplayTimeline t = open(MemoryLog.of(day()), viewer);
        t.step();
        t.step();
        t.step();
        assertEquals(3, t.cursor().position());
        assertEquals(day().subList(0, 3), viewer.seen);
        assertEquals(T0.plusSeconds(2), t.cursor().time());
        assertEquals(2L, t.state().get("count.test_replay:Reading").orElseThrow());
        assertEquals(day().subList(1, 3), t.recent(2));
    }

    @Test
    void pausingWhilePlayingThenSteppingPublishesOneEventPerStep() throws Exception {
        Viewer viewer = new Viewer();
        ReplayTimeline t = ReplayTimeline.builder(MemoryLog.of(day())).registry(Fixtures.registry()).speed(20)
                .viewer(viewer).open();
        opened.add(t);
        t.play();
        Await.await("a few events", () -> t.cursor().position() >= 3, Duration.ofSeconds(10));
        t.pause();
        int paused = (int) t.cursor().position();
        assertEquals(Timeline.Mode.PAUSED, t.cursor().mode());
        for (int i = 1; i <= 3; i++) {
            t.step();
            assertEquals(paused + i, t.cursor().position(), "step " + i);
        }
        assertEquals(day().subList(0, paused + 3), viewer.seen);
    }

    @Test
    void seekingBackRebuildsFromTheStartAndTheViewerIsNotShownTheWayThere() throws Exception {
        Viewer viewer = new Viewer();
        ReplayTimeline t = open(MemoryLog.of(day()), viewer);
        List<Timeline.Cursor> changes = new CopyOnWriteArrayList<>();
        t.onChange(changes::add);
        t.seek(T0.plusSeconds(9));
        assertEquals(12, t.cursor().position()); // ServiceStarted, 9 readings, the alarms at 3.5 and 7.5
        t.seek(T0.plusSeconds(2));
        assertEquals(3, t.cursor().position());
        assertEquals(2L, t.state().get("count.test_replay:Reading").orElseThrow());
        assertEquals(2, t.runs());
        assertEquals(List.of(), viewer.seen);
        assertTrue(changes.get(changes.size() - 1).rebuilt());
        assertEquals(ServiceState.RUNNING, viewer.context.services().info("poller").orElseThrow().state());
    }

    @Test
    void findGoesToTheNextAndPreviousMatchingEvent() throws Exception {
        ReplayTimeline t = open(MemoryLog.of(day()), new Viewer());
        TypeFilter all = TypeFilter.ALL;
        assertEquals(T0.plusSeconds(3).plusMillis(500), t.find(true, all, Severity.WARNING).orElseThrow());
        t.seek(T0.plusSeconds(10));
        Instant previous = t.find(false, all, Severity.WARNING).orElseThrow();
        assertEquals(T0.plusSeconds(7).plusMillis(500), previous);
        t.seek(previous);
        Instant first = t.find(false, all, Severity.WARNING).orElseThrow();
        assertEquals(T0.plusSeconds(3).plusMillis(500), first);
        t.seek(first);
        assertTrue(t.find(false, all, Severity.WARNING).isEmpty(), "nothing before the first alarm");
        assertEquals(T0.plusSeconds(3), t.find(false, TypeFilter.of("test.replay:Read*"), Severity.DEBUG).orElseThrow());
        assertTrue(t.find(true, TypeFilter.of("nothing:*"), Severity.DEBUG).isEmpty());
    }

    @Test
    void densityCountsEventsWarningsAndErrorsPerBucket() throws Exception {
        ReplayTimeline t = open(MemoryLog.of(day()), new Viewer());
        Timeline.Density d = t.density(11);
        assertEquals(Duration.ofSeconds(1), d.width());
        assertEquals(14, java.util.Arrays.stream(d.counts()).sum());
        assertEquals(1, d.warnings()[3]);
        assertEquals(1, d.warnings()[7]);
        assertEquals(2, java.util.Arrays.stream(d.warnings()).sum());
        assertEquals(0, java.util.Arrays.stream(d.errors()).sum());
        assertThrows(IllegalArgumentException.class, () -> t.density(0));
        assertThrows(IllegalArgumentException.class, () -> t.density(ReplayTimeline.MAX_BUCKETS + 1));
    }

    @Test
    void aSeekOutsideTheRangeIsRefusedNamingTheRangeAndChangesNothing() throws Exception {
        ReplayTimeline t = open(MemoryLog.of(day()), new Viewer());
        t.seek(T0.plusSeconds(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.seek(T0.minusSeconds(1)));
        assertEquals("cannot seek to 2026-12-01T07:59:59Z: the recording runs from 2026-12-01T08:00:00Z to "
                + "2026-12-01T08:00:11Z", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.seek(T0.plusSeconds(12)));
        assertEquals(6, t.cursor().position());
        t.step();
        assertEquals(7, t.cursor().position());
    }

    @Test
    void aSpeedOfZeroNegativeOrBelowATenthIsRefused() throws Exception {
        ReplayTimeline t = open(MemoryLog.of(day()), new Viewer());
        for (double bad : new double[] {0, -1, 0.05, Double.NaN, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.speed(bad));
            assertTrue(e.getMessage().contains("give 0.1 (a tenth of real time) or more, or max"), e.getMessage());
        }
        assertEquals(Timeline.MAX_SPEED, t.cursor().speed());
        t.speed(0.1);
        assertEquals(0.1, t.cursor().speed());
    }

    @Test
    void aRecordingThatEndsWhilePlayingSaysSoAndCanBeSoughtBack() throws Exception {
        Viewer viewer = new Viewer();
        ReplayTimeline t = open(MemoryLog.of(day()), viewer);
        t.play();
        Await.await("the end", () -> t.cursor().mode() == Timeline.Mode.ENDED, Duration.ofSeconds(10));
        assertEquals(14, t.cursor().position());
        assertEquals("the recording ended at 2026-12-01T08:00:11Z (14 events)", t.cursor().message().orElseThrow());
        assertEquals(day(), viewer.seen);
        IllegalStateException e = assertThrows(IllegalStateException.class, t::play);
        assertTrue(e.getMessage().contains("seek back to play again"), e.getMessage());
        assertThrows(IllegalStateException.class, t::step);
        t.seek(T0.plusSeconds(1));
        assertEquals(Timeline.Mode.PAUSED, t.cursor().mode());
        assertEquals(2, t.cursor().position());
        assertTrue(t.cursor().message().isEmpty());
    }

    @Test
    void aSourceThatFailsMidwayGivesATimelineOfWhatWasReadAndSaysWhy() throws Exception {
        EventSource failing = new EventSource() {
            @Override
            public String describe() {
                return "flaky";
            }

            @Override
            public Stream<Event<?>> open(Consumer<SourceProblem> problems) {
                Iterator<Event<?>> it = new Iterator<>() {
                    int i;

                    @Override
                    public boolean hasNext() {
                        if (i == 5) {
                            throw new UncheckedIOException(new java.io.IOException("disk read error"));
                        }
                        return true;
                    }

                    @Override
                    public Event<?> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return day().get(i++);
                    }
                };
                return StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(it, 0), false);
            }
        };
        ReplayTimeline t = open(failing, new Viewer());
        assertEquals(5, t.range().events());
        String problem = t.range().problem().orElseThrow();
        assertEquals("reading flaky failed after event 5 (at 2026-12-01T08:00:03.500Z): java.io.IOException: disk read error;"
                + " the timeline ends there", problem);
        assertEquals(problem, t.cursor().message().orElseThrow());
        t.seek(t.range().end());
        assertEquals(5, t.cursor().position());
    }

    @Test
    void aClosedTimelineRefusesControls() throws Exception {
        ReplayTimeline t = open(MemoryLog.of(day()), new Viewer());
        t.close();
        assertTrue(t.awaitClosed(Duration.ZERO));
        assertThrows(IllegalStateException.class, t::play);
        assertFalse(t.closeReason().isEmpty());
    }
}
