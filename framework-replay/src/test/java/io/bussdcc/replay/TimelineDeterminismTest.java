package io.bussdcc.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.replay.Fixtures.RederivingAlarmWatch;
import io.bussdcc.replay.Fixtures.StateKeeper;
import io.bussdcc.replay.Scenarios.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The timeline's determinism, as a property: after any sequence of seeks (forward, back, to
 * the same place) and steps ending with a seek to T, the state equals the one a straight
 * replay of the events at or before T ends with — and the one a fresh timeline reaches with a
 * single seek to T. Random logs (ties, unknown types, re-derived alarms) and random sequences.
 */
class TimelineDeterminismTest {

    static final long SEED = 20261201L;
    static final int EXAMPLES = 200;

    /** One control: a seek to {@code fraction} of the range, or (negative) a step. */
    record Op(double fraction) {
        boolean isStep() {
            return fraction < 0;
        }

        @Override
        public String toString() {
            return isStep() ? "step" : String.format("seek(%.3f)", fraction);
        }
    }

    static Gen<Op> ops() {
        return SourceDSL.integers().between(-250, 1000).map(n -> new Op(n < 0 ? -1 : n / 1000.0));
    }

    static Instant at(Scenario s, double fraction) {
        List<Event<?>> events = s.events();
        Instant first = events.get(0).time();
        Instant last = events.get(events.size() - 1).time();
        long span = Duration.between(first, last).toNanos();
        return first.plusNanos((long) (span * fraction));
    }

    static ReplayTimeline open(Scenario s) throws Exception {
        return ReplayTimeline.builder(MemoryLog.of(s.events()))
                .registry(Fixtures.registry())
                .components(r -> r.addProcess(new RederivingAlarmWatch()).addProcess(new StateKeeper()))
                .open();
    }

    /** The state a plain replay of the events at or before {@code t} ends with. */
    static Map<String, Object> straight(Scenario s, Instant t) throws Exception {
        ReplayRuntime replay = ReplayRuntime.builder().speed(ReplayClock.MAX_SPEED).registry(Fixtures.registry())
                .addSource(MemoryLog.of(s.events())).to(t.plusNanos(1))
                .addProcess(new RederivingAlarmWatch()).addProcess(new StateKeeper()).build();
        replay.run();
        return recorded(replay.state().snapshot());
    }

    /**
     * The state without {@code runtime_info}: the replay's own event counts, written into state
     * when a run ends (a straight replay always ends; a timeline's run ends only at the log's end).
     */
    static Map<String, Object> recorded(Map<String, Object> snapshot) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(snapshot);
        copy.remove("runtime_info");
        return copy;
    }

    @Test
    void stateAfterAnySeeksToTEqualsAStraightReplayToT() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Scenarios.scenarios(40).assuming(s -> !s.steps().isEmpty()),
                        SourceDSL.lists().of(ops()).ofSizeBetween(0, 8),
                        SourceDSL.integers().between(0, 1000))
                .checkAssert((scenario, ops, last) -> DeterminismContract.unchecked(() -> {
                    Instant target = at(scenario, last / 1000.0);
                    try (ReplayTimeline driven = open(scenario); ReplayTimeline fresh = open(scenario)) {
                        for (Op op : ops) {
                            if (op.isStep()) {
                                if (driven.cursor().mode() != io.bussdcc.api.Timeline.Mode.ENDED) {
                                    driven.step();
                                }
                            } else {
                                driven.seek(at(scenario, op.fraction()));
                            }
                        }
                        driven.seek(target);
                        fresh.seek(target);
                        Map<String, Object> expected = straight(scenario, target);
                        assertEquals(expected, recorded(driven.state().snapshot()), "after " + ops + " then seek to " + target);
                        assertEquals(expected, recorded(fresh.state().snapshot()), "one seek to " + target);
                        long atOrBefore = scenario.events().stream().filter(e -> !e.time().isAfter(target)).count();
                        assertEquals(atOrBefore, driven.cursor().position(), "position after " + ops);
                    }
                }));
    }
}
