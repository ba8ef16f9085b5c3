package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.replay.Fixtures.Reading;
import io.bussdcc.replay.Fixtures.RederivingAlarmWatch;
import io.bussdcc.replay.Fixtures.StateKeeper;
import io.bussdcc.replay.Fixtures.Tick;
import io.bussdcc.replay.Fixtures.Ticker;
import io.bussdcc.replay.LogStore.TestLog;
import io.bussdcc.replay.Scenarios.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The determinism contract of replay as properties: record → replay → record, on generated
 * streams of random message types and fields with non-decreasing times and ties. Run on JSONL
 * logs ({@link JsonlReplayProperties}) and on logs in memory ({@link MemoryReplayProperties}).
 */
abstract class DeterminismContract {

    static final long SEED = 20261125L;
    static final int EXAMPLES = 500;

    /** A speed high enough to keep the run short, low enough that pacing really sleeps (gaps of seconds). */
    static final double FINITE_SPEED = 2000;

    private final MessageTypeRegistry registry = Fixtures.registry();

    /** Where logs live. */
    abstract LogStore store();

    /** Examples per property; a store whose logs are slow to make (a database server) may run fewer. */
    int examples() {
        return EXAMPLES;
    }

    /** What runs during a replay besides the sink. */
    interface Setup extends Consumer<ReplayRuntime.Builder> {
        Setup NONE = b -> { };
    }

    /** The result of one replay. */
    record Replayed(TestLog log, ReplayProgress progress, Map<String, Object> state) {}

    TestLog recorded(Scenario scenario) throws Exception {
        TestLog log = store().create("recorded");
        log.record(scenario.events(), registry);
        return log;
    }

    Replayed replay(TestLog input, double speed, Setup setup) throws Exception {
        TestLog output = store().create("replayed");
        ReplayRuntime.Builder builder = ReplayRuntime.builder().speed(speed).registry(registry)
                .addSource(input.source()).addSink(output.sink());
        setup.accept(builder);
        ReplayRuntime replay = builder.build();
        ReplayProgress done = replay.run();
        assertEquals(ReplayRuntime.COMPLETE, done.finishReason().orElseThrow());
        assertEquals(List.of(), replay.problems().stream().map(Object::toString).filter(p -> !LogStore.isNote(p)).toList(),
                "source problems");
        assertEquals(0, done.failures(), "failures: " + replay.failures());
        return new Replayed(output, done, replay.state().snapshot());
    }

    static Setup everything(Duration interval) {
        return b -> b.addProcess(new RederivingAlarmWatch()).addProcess(new StateKeeper())
                .addService(new Ticker("ticker", interval));
    }

    /** Property 1. */
    @Test
    void fidelityRecordReplayRecordKeepsTimeTypeAndData() {
        qt().withFixedSeed(SEED).withExamples(examples())
                .forAll(Scenarios.scenarios(30))
                .checkAssert(scenario -> unchecked(() -> {
                    TestLog recorded = recorded(scenario);
                    assertEquals(scenario.events(), recorded.read(), "the log itself");
                    Replayed replayed = replay(recorded, ReplayClock.MAX_SPEED, Setup.NONE);
                    assertEquals(scenario.events(), replayed.log().read());
                    assertEquals(scenario.events().size(), replayed.progress().eventsReplayed());
                }));
    }

    /** Property 2. */
    @Test
    void fixedPointReplayingAReplayedLogGivesTheSameBytes() {
        qt().withFixedSeed(SEED + 2).withExamples(examples())
                .forAll(Scenarios.scenarios(30), Scenarios.intervals())
                .checkAssert((scenario, interval) -> unchecked(() -> {
                    Replayed once = replay(recorded(scenario), ReplayClock.MAX_SPEED, everything(interval));
                    Replayed twice = replay(once.log(), ReplayClock.MAX_SPEED, everything(interval));
                    assertEquals(once.log().content(), twice.log().content());
                }));
    }

    /** Property 3. */
    @Test
    void speedIndependenceMaxAndFiniteSpeedGiveTheSameBytesAndState() {
        qt().withFixedSeed(SEED + 3).withExamples(examples())
                .forAll(Scenarios.scenarios(30), Scenarios.intervals())
                .checkAssert((scenario, interval) -> unchecked(() -> {
                    TestLog recorded = recorded(scenario);
                    Replayed fast = replay(recorded, ReplayClock.MAX_SPEED, everything(interval));
                    Replayed paced = replay(recorded, FINITE_SPEED, everything(interval));
                    assertEquals(fast.log().content(), paced.log().content());
                    assertEquals(fast.state(), paced.state());
                    assertEquals(fast.state().toString(), paced.state().toString());
                }));
    }

    /** Property 4. */
    @Test
    void stateDeterminismTwoReplaysEndWithTheSameSnapshot() {
        qt().withFixedSeed(SEED + 4).withExamples(examples())
                .forAll(Scenarios.scenarios(30), Scenarios.intervals())
                .checkAssert((scenario, interval) -> unchecked(() -> {
                    TestLog recorded = recorded(scenario);
                    Replayed first = replay(recorded, ReplayClock.MAX_SPEED, everything(interval));
                    Replayed second = replay(recorded, ReplayClock.MAX_SPEED, everything(interval));
                    assertEquals(first.state(), second.state());
                    assertEquals(first.state().toString(), second.state().toString());
                    assertEquals(expectedState(first.log().read()), keeperState(first.state()));
                }));
    }

    /** What {@link StateKeeper} must hold after seeing exactly {@code dispatched}. */
    Map<String, Object> expectedState(List<Event<?>> dispatched) {
        Map<String, Object> expected = new TreeMap<>();
        Double sum = null;
        for (Event<?> e : dispatched) {
            expected.merge("count." + registry.nameOf(e.payload()).replace('.', '_'), 1L, (a, b) -> (Long) a + (Long) b);
            expected.put("clock.last", e.time().toString());
            expected.put("time.last", e.time().toString());
            if (e.payload() instanceof Reading r) {
                expected.put("sensor._" + r.sensor().replace('.', '_'), r.value());
                sum = sum == null ? r.value() : sum + r.value();
            }
        }
        if (sum != null) {
            expected.put("sum", sum);
        }
        return expected;
    }

    /** The state {@link StateKeeper} writes, flattened to paths. */
    static Map<String, Object> keeperState(Map<String, Object> snapshot) {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", snapshot, flat);
        // ticks: the services'; runtime_info: the runtime's telemetry, written when the replay ends
        flat.keySet().removeIf(path -> path.startsWith("ticks.") || path.startsWith("runtime_info."));
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> branch, Map<String, Object> into) {
        branch.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> m) {
                flatten(path, (Map<String, Object>) m, into);
            } else {
                into.put(path, value);
            }
        });
    }

    /** Property 5. */
    @Test
    void virtualTimeServicesTickAtTheSameInstantsAndPositionsInEveryRun() {
        Gen<Optional<Duration>> second = Scenarios.intervals().toOptionals(50);
        qt().withFixedSeed(SEED + 5).withExamples(examples())
                .forAll(Scenarios.scenarios(30), Scenarios.intervals(), second)
                .checkAssert((scenario, interval, other) -> unchecked(() -> {
                    Setup tickers = b -> {
                        b.addService(new Ticker("a", interval));
                        other.ifPresent(i -> b.addService(new Ticker("b", i)));
                    };
                    TestLog recorded = recorded(scenario);
                    Replayed first = replay(recorded, ReplayClock.MAX_SPEED, tickers);
                    Replayed second2 = replay(recorded, ReplayClock.MAX_SPEED, tickers);
                    List<Duration> intervals = new ArrayList<>(List.of(interval));
                    other.ifPresent(intervals::add);
                    assertEquals(withTicks(scenario.events(), intervals), first.log().read());
                    assertEquals(first.log().content(), second2.log().content());
                }));
    }

    /**
     * The model of virtual-time services: ticker {@code j} ticks at {@code start + k × interval}
     * up to the last event's instant; at an instant, recorded events come first, then ticks in
     * registration order.
     */
    static List<Event<?>> withTicks(List<Event<?>> events, List<Duration> intervals) {
        if (events.isEmpty()) {
            return List.of();
        }
        record Item(Instant time, int rank, long order, Event<?> event) {}
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(new Item(events.get(i).time(), 0, i, events.get(i)));
        }
        Instant start = events.get(0).time();
        Instant end = events.get(events.size() - 1).time();
        for (int j = 0; j < intervals.size(); j++) {
            String name = j == 0 ? "a" : "b";
            Instant t = start;
            for (long k = 0; !t.isAfter(end); k++, t = t.plus(intervals.get(j))) {
                items.add(new Item(t, 1 + j, k, new Event<>(t, new Tick(name, k))));
            }
        }
        items.sort(Comparator.comparing(Item::time).thenComparingInt(Item::rank).thenComparingLong(Item::order));
        return items.stream().<Event<?>>map(Item::event).toList();
    }

    /** Property 6. */
    @Test
    void boundsReplayExactlyTheEventsInside() {
        Gen<Scenario> scenarios = Scenarios.scenarios(30);
        qt().withFixedSeed(SEED + 6).withExamples(examples())
                .forAll(scenarios.flatMap(s -> bounds(s).map(b -> new Bounded(s, b[0], b[1]))))
                .checkAssert(bounded -> unchecked(() -> {
                    TestLog recorded = recorded(bounded.scenario());
                    Setup bounds = b -> b.from(bounded.from()).to(bounded.to());
                    Replayed replayed = replay(recorded, ReplayClock.MAX_SPEED, bounds);
                    List<Event<?>> inside = bounded.scenario().events().stream()
                            .filter(e -> bounded.from() == null || !e.time().isBefore(bounded.from()))
                            .filter(e -> bounded.to() == null || e.time().isBefore(bounded.to()))
                            .toList();
                    assertEquals(inside, replayed.log().read());
                    assertEquals(bounded.scenario().events().size(), replayed.progress().eventsRead());
                }));
    }

    record Bounded(Scenario scenario, Instant from, Instant to) {
        @Override
        public String toString() {
            return "from " + from + " to " + to + " of " + scenario;
        }
    }

    /** Bounds on or next to the scenario's event times (or none). */
    static Gen<Instant[]> bounds(Scenario scenario) {
        List<Instant> candidates = new ArrayList<>();
        candidates.add(null);
        candidates.add(scenario.first().minusSeconds(1));
        for (Event<?> e : scenario.events()) {
            candidates.add(e.time());
            candidates.add(e.time().plusNanos(1));
            candidates.add(e.time().minusNanos(1));
        }
        Gen<Instant> bound = SourceDSL.integers().between(0, candidates.size() - 1).map(candidates::get);
        return bound.zip(bound, (a, b) -> {
            if (a != null && b != null && !b.isAfter(a)) {
                return a.equals(b) ? new Instant[] {a, null} : new Instant[] {b, a};
            }
            return new Instant[] {a, b};
        });
    }

    interface Body {
        void run() throws Exception;
    }

    static void unchecked(Body body) {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
