package io.bussdcc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.codec.CodecPropertiesTest.Gens;
import io.bussdcc.codec.PythonShapes.Level;
import io.bussdcc.codec.PythonShapes.Mode;
import io.bussdcc.codec.PythonShapes.Span;
import io.bussdcc.codec.PythonShapes.Unit;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any value of the kinds the Python original writes differently survives write → read in both
 * shapes — enums by name and by value, maps with non-string keys as pairs and as objects — and
 * what either shape writes, the other origin reads to an equal message.
 */
class PythonShapesPropertiesTest {

    private static final long SEED = 20260315L;
    private static final int EXAMPLES = 1000;

    @MessageType("test.pyprop:Everything")
    record Everything(Mode mode, Level level, Unit unit, Map<Integer, String> byInt, Map<Long, Double> byLong,
            Map<Mode, List<Integer>> byMode, Map<Level, Boolean> byLevel, Map<Boolean, String> byFlag,
            Map<Unit, Integer> byUnit, Map<UUID, Mode> byId, Map<Character, Integer> byChar, LocalDateTime at,
            java.time.OffsetDateTime aware, Span span, List<Object> mixed) implements Message {}

    private static MessageTypeRegistry java() {
        return MessageTypeRegistry.withBuiltins().register(Everything.class);
    }

    private static MessageTypeRegistry python() {
        return java().fromPython(Everything.class);
    }

    private static <K, V> Gen<Map<K, V>> maps(Gen<K> key, Gen<V> value, int max) {
        Gen<Integer> size = Generate.range(0, max);
        return Gens.of(in -> {
            Map<K, V> m = new LinkedHashMap<>();
            int n = size.generate(in);
            for (int i = 0; i < n; i++) {
                m.put(key.generate(in), value.generate(in));
            }
            return m;
        });
    }

    private static Gen<Object> scalars() {
        return Generate.frequency(
                Pair.of(2, Gens.strings().map(s -> (Object) s)),
                Pair.of(2, Gens.longs().map(l -> (Object) l)),
                Pair.of(2, Gens.doubles().map(d -> (Object) d)),
                Pair.of(1, Generate.booleans().map(b -> (Object) b)),
                Pair.of(1, Generate.constant((Object) null)));
    }

    private static Gen<LocalDateTime> naive() {
        Gen<Long> seconds = Generate.longRange(LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC));
        Gen<Integer> nanos = Generate.frequency(Pair.of(2, Generate.range(0, 999_999).map(us -> us * 1000)),
                Pair.of(1, Generate.range(0, 999_999_999)), Pair.of(1, Generate.constant(0)));
        return Gens.of(in -> LocalDateTime.ofEpochSecond(seconds.generate(in), nanos.generate(in), ZoneOffset.UTC));
    }

    private static Gen<Everything> everything() {
        Gen<Mode> mode = Generate.enumValues(Mode.class);
        Gen<Level> level = Generate.enumValues(Level.class);
        Gen<Unit> unit = Generate.enumValues(Unit.class);
        Gen<Map<Integer, String>> byInt = maps(Gens.ints(Integer.MIN_VALUE, Integer.MAX_VALUE), Gens.nullable(Gens.strings()), 5);
        Gen<Map<Long, Double>> byLong = maps(Gens.longs(), Gens.doubles(), 4);
        Gen<Map<Mode, List<Integer>>> byMode = maps(mode, Gens.lists(Gens.ints(-9, 9), 3), 2);
        Gen<Map<Level, Boolean>> byLevel = maps(level, Generate.booleans(), 2);
        Gen<Map<Boolean, String>> byFlag = maps(Generate.booleans(), Gens.strings(), 2);
        Gen<Map<Unit, Integer>> byUnit = maps(unit, Gens.ints(-100, 100), 2);
        Gen<Map<UUID, Mode>> byId = maps(Gens.longs().zip(Gens.longs(), UUID::new), mode, 3);
        Gen<Map<Character, Integer>> byChar = maps(Generate.characters(32, 0xD7FF), Gens.ints(0, 9), 3);
        Gen<Span> span = Gens.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).zip(Gens.nullable(Gens.strings()), Span::new);
        Gen<List<Object>> mixed = Gens.of(in -> new ArrayList<>(Gens.lists(scalars(), 5).generate(in)));
        Gen<LocalDateTime> at = Gens.nullable(naive());
        Gen<java.time.OffsetDateTime> aware = Gens.nullable(Gens.offsetDateTimes());
        return Gens.of(in -> new Everything(mode.generate(in), level.generate(in), unit.generate(in),
                byInt.generate(in), byLong.generate(in), byMode.generate(in), byLevel.generate(in),
                byFlag.generate(in), byUnit.generate(in), byId.generate(in), byChar.generate(in), at.generate(in),
                aware.generate(in), span.generate(in), mixed.generate(in)));
    }

    private static Event<?> read(EventCodec codec, String line) {
        try {
            return codec.readEvent(line);
        } catch (CodecException e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void everyValueSurvivesWriteThenReadInBothShapesAndEachOriginReadsTheOther() {
        List<EventCodec> writers = List.of(new EventCodec(java()), new EventCodec(python()),
                new EventCodec(java(), false), new EventCodec(python(), false));
        EventCodec javaReader = new EventCodec(java());
        EventCodec pythonReader = new EventCodec(python());
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(everything()).checkAssert(m -> {
            Event<?> e = new Event<>(Instant.EPOCH, m);
            for (EventCodec writer : writers) {
                String line = writer.toJson(e);
                assertEquals(e, read(javaReader, line), line);
                assertEquals(e, read(pythonReader, line), line);
                assertEquals(line, writer.toJson(read(writer, line)), "stable bytes");
            }
        });
    }

    @Test
    void theTwoOriginsWriteTheTwoShapes() {
        qt().withFixedSeed(SEED).withExamples(200).forAll(everything()).checkAssert(m -> {
            String java = new EventCodec(java()).dataToJson(m);
            String python = new EventCodec(python()).dataToJson(m);
            assertTrue(java.contains("\"mode\":\"" + m.mode().name() + "\""), java);
            assertTrue(python.contains("\"mode\":\"" + m.mode().value() + "\""), python);
            assertTrue(python.contains("\"level\":" + m.level().value() + ","), python);
            assertTrue(java.contains("\"byInt\":[") && python.contains("\"byInt\":{"), java + "\n" + python);
            assertTrue(java.contains("\"byFlag\":[") && python.contains("\"byFlag\":{"), java + "\n" + python);
            assertTrue(java.contains("\"span\":[") && python.contains("\"span\":["), "a tuple is an array in both");
        });
    }
}
