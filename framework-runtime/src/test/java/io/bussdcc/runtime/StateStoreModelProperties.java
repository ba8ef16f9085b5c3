package io.bussdcc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.StatePathConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Random sequences of state operations agree with a model: a flat map from full paths to
 * values, where a path holds a value only if no other stored path is its prefix.
 */
class StateStoreModelProperties {

    private static final String[] SEGMENTS = {"a", "b", "c"};

    record Op(int kind, String path, int value) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "set(" + path + ", " + value + ")";
                case 1 -> "remove(" + path + ")";
                case 2 -> "update(" + path + ", +" + value + ")";
                default -> "get(" + path + ")";
            };
        }
    }

    static Gen<String> paths() {
        return SourceDSL.integers().between(1, 3).zip(SourceDSL.integers().between(0, 26), (depth, code) -> {
            StringBuilder path = new StringBuilder();
            int c = code;
            for (int i = 0; i < depth; i++) {
                if (i > 0) {
                    path.append('.');
                }
                path.append(SEGMENTS[c % 3]);
                c /= 3;
            }
            return path.toString();
        });
    }

    static Gen<Op> ops() {
        return SourceDSL.integers().between(0, 3).zip(paths(), SourceDSL.integers().between(-5, 5), Op::new);
    }

    @Test
    void operationsAgreeWithTheModel() {
        qt().withFixedSeed(20261124L).withExamples(1000)
                .forAll(SourceDSL.lists().of(ops()).ofSizeBetween(0, 40))
                .checkAssert(StateStoreModelProperties::agree);
    }

    private static void agree(List<Op> ops) {
        HierarchicalStateStore store = new HierarchicalStateStore();
        Map<String, Integer> model = new TreeMap<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    boolean conflict = leafAbove(model, op.path()).isPresent();
                    boolean thrown = throwsConflict(() -> store.set(op.path(), op.value()));
                    assertEquals(conflict, thrown, op + " conflict");
                    if (!conflict) {
                        removeBelow(model, op.path());
                        model.put(op.path(), op.value());
                    }
                }
                case 1 -> {
                    boolean existed = model.containsKey(op.path()) || !below(model, op.path()).isEmpty();
                    boolean throughLeaf = leafAbove(model, op.path()).isPresent();
                    if (throughLeaf) {
                        assertEquals(true, throwsConflict(() -> store.remove(op.path())), op + " conflict");
                    } else {
                        assertEquals(existed, store.remove(op.path()), op.toString());
                        model.remove(op.path());
                        removeBelow(model, op.path());
                    }
                }
                case 2 -> {
                    boolean conflict = leafAbove(model, op.path()).isPresent() || !below(model, op.path()).isEmpty();
                    boolean thrown = throwsConflict(() -> store.update(op.path(),
                            v -> {
                                if (v instanceof Map<?, ?>) {
                                    throw new StatePathConflictException(op.path(), op.path());
                                }
                                return (v == null ? 0 : (Integer) v) + op.value();
                            }));
                    assertEquals(conflict, thrown, op + " conflict");
                    if (!conflict) {
                        model.merge(op.path(), op.value(), Integer::sum);
                    }
                }
                default -> {
                    Optional<Object> got = store.get(op.path());
                    if (model.containsKey(op.path())) {
                        assertEquals(Optional.of(model.get(op.path())), got, op.toString());
                    } else if (below(model, op.path()).isEmpty()) {
                        assertEquals(Optional.empty(), got, op.toString());
                    }
                }
            }
            assertEquals(nest(model), store.snapshot(), "after " + op);
        }
    }

    private static boolean throwsConflict(Runnable action) {
        try {
            action.run();
            return false;
        } catch (StatePathConflictException e) {
            return true;
        }
    }

    private static Optional<String> leafAbove(Map<String, Integer> model, String path) {
        return model.keySet().stream().filter(p -> path.startsWith(p + ".")).findFirst();
    }

    private static List<String> below(Map<String, Integer> model, String path) {
        return model.keySet().stream().filter(p -> p.startsWith(path + ".")).toList();
    }

    private static void removeBelow(Map<String, Integer> model, String path) {
        new ArrayList<>(below(model, path)).forEach(model::remove);
    }

    /** The model's flat paths as the nested maps a snapshot should equal. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nest(Map<String, Integer> model) {
        Map<String, Object> root = new LinkedHashMap<>();
        model.forEach((path, value) -> {
            String[] keys = path.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < keys.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
            }
            node.put(keys[keys.length - 1], value);
        });
        return root;
    }
}
