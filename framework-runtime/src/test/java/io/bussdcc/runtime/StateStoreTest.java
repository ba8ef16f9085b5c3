package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.StatePathConflictException;
import io.bussdcc.api.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateStoreTest {

    private final HierarchicalStateStore state = new HierarchicalStateStore();

    @Test
    void setAndGetByDotPath() {
        state.set("system.identity.hostname", "pi");
        assertEquals(Optional.of("pi"), state.get("system.identity.hostname"));
        assertEquals(Map.of("hostname", "pi"), state.get("system.identity").orElseThrow());
        assertEquals("none", state.get("system.identity.serial", "none"));
        assertEquals(Optional.empty(), state.get("nothing.here"));
    }

    @Test
    void mapsBecomeBranches() {
        Map<String, Object> identity = new HashMap<>(Map.of("hostname", "pi", "cpu", Map.of("count", 4)));
        state.set("system.identity", identity);
        identity.put("hostname", "changed later");
        assertEquals(Optional.of("pi"), state.get("system.identity.hostname"));
        assertEquals(Optional.of(4), state.get("system.identity.cpu.count"));
    }

    @Test
    void settingBelowALeafIsAPathConflict() {
        state.set("a.b", 1);
        StatePathConflictException e = assertThrows(StatePathConflictException.class, () -> state.set("a.b.c", 2));
        assertEquals("a.b", e.leaf());
        assertTrue(e.getMessage().contains("'a.b.c'"));
        assertEquals(Optional.of(1), state.get("a.b"), "a refused set changed the store");
        assertThrows(StatePathConflictException.class, () -> state.update("a.b.c", v -> 3));
    }

    @Test
    void malformedPathsAreRefusedWithTheirText() {
        for (String bad : List.of("", ".a", "a.", "a..b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> state.set(bad, 1));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void nullRemovesAndRemoveReportsWhetherAnythingWent() {
        state.set("a.b", 1);
        state.set("a.c", 2);
        state.set("a.b", null);
        assertEquals(Map.of("a", Map.of("c", 2)), state.snapshot());
        assertTrue(state.remove("a"));
        assertFalse(state.remove("a"));
        assertEquals(Map.of(), state.snapshot());
    }

    @Test
    void snapshotIsAnImmutableDeepCopy() {
        state.set("a.b", 1);
        Map<String, Object> snap = state.snapshot();
        state.set("a.b", 2);
        state.set("a.c", 3);
        assertEquals(Map.of("a", Map.of("b", 1)), snap);
        assertThrows(UnsupportedOperationException.class, () -> snap.put("x", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) snap.get("a");
        assertThrows(UnsupportedOperationException.class, () -> inner.put("x", 1));
    }

    @Test
    void updateSeesNullForAMissingPath() {
        assertEquals(1, state.update("counters.events", v -> v == null ? 1 : (Integer) v + 1));
        assertEquals(2, state.update("counters.events", v -> v == null ? 1 : (Integer) v + 1));
    }

    @Test
    void updateIsAtomicUnderContention() throws Exception {
        int threads = 8;
        int increments = 20_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < increments; i++) {
                    state.update("n", v -> v == null ? 1L : (Long) v + 1);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(Optional.of((long) threads * increments), state.get("n"));
    }

    @Test
    void listenersSeeChangesAtOrBelowTheirPrefix() {
        List<String> seen = new ArrayList<>();
        Subscription s = state.onChange("system", (path, old, now) -> seen.add(path + ":" + old + "->" + now));
        state.set("system.uptime", 1);
        state.set("system.uptime", 2);
        state.set("system.uptime", 2); // no change, no notice
        state.set("other.thing", 1);
        state.set("systemic", 1); // a prefix of the text, not of the path
        state.remove("system.uptime");
        s.cancel();
        state.set("system.uptime", 3);
        assertEquals(List.of("system.uptime:null->1", "system.uptime:1->2", "system.uptime:2->null"), seen);
    }

    @Test
    void listenersSeeChangesToTheBranchesAboveTheirPrefix() {
        List<String> seen = new ArrayList<>();
        state.onChange("system.identity", (path, old, now) -> seen.add(path + ":" + old + "->" + now));
        state.set("system", Map.of("identity", Map.of("hostname", "pi")));
        state.set("system.uptime", 1); // beside the prefix, not above it
        state.remove("system");
        assertEquals(List.of("system:null->{identity={hostname=pi}}",
                "system:{identity={hostname=pi}, uptime=1}->null"), seen);
    }
}
