package io.bussdcc.web.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.bussdcc.web.form.FormSamples.Box;
import io.bussdcc.web.form.FormSamples.Color;
import io.bussdcc.web.form.FormSamples.Decimals;
import io.bussdcc.web.form.FormSamples.Deep;
import io.bussdcc.web.form.FormSamples.Everything;
import io.bussdcc.web.form.FormSamples.Flags;
import io.bussdcc.web.form.FormSamples.Lists;
import io.bussdcc.web.form.FormSamples.Maps;
import io.bussdcc.web.form.FormSamples.Nested;
import io.bussdcc.web.form.FormSamples.Others;
import io.bussdcc.web.form.FormSamples.Point;
import io.bussdcc.web.form.FormSamples.Texts;
import io.bussdcc.web.form.FormSamples.Times;
import io.bussdcc.web.form.FormSamples.Whole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Any message of the supported kinds survives render → what a browser submits → decode. (An
 * {@code Optional<String>} holding "" cannot: an empty input is {@code Optional.empty()}.)
 */
class FormPropertiesTest {

    @Test
    void anyMessageOfTheSupportedKindsSurvivesRenderAndDecode() {
        qt().withFixedSeed(20261201L).withExamples(200).forAll(everything()).checkAssert(m ->
                assertEquals(m, FormRoundTripTest.roundTrip(m)));
    }

    static <T> Gen<T> of(Function<RandomnessSource, T> f) {
        return f::apply;
    }

    static <T> Gen<T> nullable(Gen<T> g) {
        Gen<Boolean> none = Generate.range(0, 4).map(i -> i == 0);
        return of(in -> none.generate(in) ? null : g.generate(in));
    }

    static <T> Gen<Optional<T>> optional(Gen<T> g) {
        Gen<Boolean> none = Generate.booleans();
        return of(in -> none.generate(in) ? Optional.empty() : Optional.of(g.generate(in)));
    }

    /** Text a one-line input keeps: any code point but line breaks and unpaired surrogates. */
    static Gen<String> strings() {
        Gen<Integer> length = Generate.range(0, 12);
        Gen<Integer> ascii = Generate.range(0x20, 0x7e);
        Gen<Integer> any = Generate.range(0x20, 0x10FFFF);
        Gen<Boolean> wide = Generate.range(0, 5).map(i -> i == 0);
        return of(in -> {
            StringBuilder b = new StringBuilder();
            int n = length.generate(in);
            while (b.codePointCount(0, b.length()) < n) {
                int cp = wide.generate(in) ? any.generate(in) : ascii.generate(in);
                if (Character.getType(cp) != Character.SURROGATE && Character.isDefined(cp)) {
                    b.appendCodePoint(cp);
                }
            }
            return b.toString();
        });
    }

    static Gen<Character> chars() {
        return Generate.range(0x20, 0xD7FF).map(i -> (char) i.intValue());
    }

    static <T> Gen<List<T>> lists(Gen<T> element, int max) {
        Gen<Integer> size = Generate.range(0, max);
        return of(in -> {
            List<T> list = new ArrayList<>();
            for (int k = size.generate(in); k > 0; k--) {
                list.add(element.generate(in));
            }
            return list;
        });
    }

    static <K, V> Gen<Map<K, V>> maps(Gen<K> key, Gen<V> value, int max) {
        Gen<Integer> size = Generate.range(0, max);
        return of(in -> {
            Map<K, V> map = new LinkedHashMap<>();
            for (int k = size.generate(in); k > 0; k--) {
                map.put(key.generate(in), value.generate(in));
            }
            return map;
        });
    }

    static Gen<Double> doubles() {
        Gen<Long> bits = Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<Double> small = Generate.range(-100_000, 100_000).map(i -> i / 100.0);
        Gen<Boolean> raw = Generate.booleans();
        return of(in -> {
            if (!raw.generate(in)) {
                return small.generate(in);
            }
            double d;
            do {
                d = Double.longBitsToDouble(bits.generate(in));
            } while (!Double.isFinite(d));
            return d;
        });
    }

    static Gen<Float> floats() {
        Gen<Integer> bits = Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE);
        return of(in -> {
            float f;
            do {
                f = Float.intBitsToFloat(bits.generate(in));
            } while (!Float.isFinite(f));
            return f;
        });
    }

    static Gen<Long> longs() {
        return Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static Gen<Integer> ints(int lo, int hi) {
        return Generate.range(lo, hi);
    }

    static Gen<Point> points() {
        return ints(-1000, 1000).zip(ints(-1000, 1000), Point::new);
    }

    static Gen<Box> boxes() {
        return points().zip(points(), Box::new);
    }

    static Gen<Instant> instants() {
        return Generate.longRange(-62_135_596_800L, 253_402_300_799L).zip(Generate.range(0, 999_999_999), Instant::ofEpochSecond);
    }

    static Gen<Everything> everything() {
        Gen<Color> color = Generate.enumValues(Color.class);
        Gen<Texts> texts = of(in -> new Texts(strings().generate(in), chars().generate(in), nullable(chars()).generate(in),
                optional(strings().map(t -> "o" + t)).generate(in)));
        Gen<Flags> flags = of(in -> new Flags(Generate.booleans().generate(in), nullable(Generate.booleans()).generate(in),
                optional(Generate.booleans()).generate(in)));
        Gen<Whole> whole = of(in -> new Whole(ints(Byte.MIN_VALUE, Byte.MAX_VALUE).generate(in).byteValue(),
                ints(Short.MIN_VALUE, Short.MAX_VALUE).generate(in).shortValue(),
                ints(Integer.MIN_VALUE, Integer.MAX_VALUE).generate(in), longs().generate(in),
                nullable(ints(Integer.MIN_VALUE, Integer.MAX_VALUE)).generate(in), optional(longs()).generate(in)));
        Gen<Decimals> decimals = of(in -> new Decimals(floats().generate(in), doubles().generate(in),
                nullable(doubles()).generate(in), optional(floats()).generate(in)));
        Gen<LocalDate> dates = Generate.longRange(LocalDate.of(0, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
        Gen<LocalTime> timesOfDay = Generate.longRange(0, 86_400_000_000_000L - 1).map(LocalTime::ofNanoOfDay);
        Gen<OffsetDateTime> odts = of(in -> OffsetDateTime.of(LocalDateTime.ofInstant(instants().generate(in), ZoneOffset.UTC),
                ZoneOffset.ofTotalSeconds(ints(-18 * 4, 18 * 4).generate(in) * 900)));
        Gen<Duration> durations = longs().map(l -> l / 1000).zip(Generate.range(0, 999_999_999), Duration::ofSeconds);
        Gen<Times> times = of(in -> new Times(dates.generate(in), timesOfDay.generate(in), instants().generate(in),
                odts.generate(in), LocalDateTime.of(dates.generate(in), timesOfDay.generate(in)),
                durations.generate(in), optional(durations).generate(in)));
        Gen<Path> paths = of(in -> Path.of((Generate.booleans().generate(in) ? "/" : "") + "p"
                + ints(0, 9999).generate(in) + "/q r"));
        Gen<Others> others = of(in -> new Others(paths.generate(in), longs().zip(longs(), UUID::new).generate(in),
                color.generate(in), optional(color).generate(in)));
        Gen<Nested> nested = of(in -> new Nested(strings().generate(in), points().generate(in), boxes().generate(in)));
        Gen<Lists> lists = of(in -> new Lists(lists(strings(), 4).generate(in),
                new LinkedHashSet<>(lists(ints(-50, 50), 5).generate(in)), lists(points(), 3).generate(in),
                lists(Generate.booleans(), 4).generate(in), lists(color, 3).generate(in)));
        Gen<Maps> maps = of(in -> new Maps(maps(strings().map(s -> "k" + s), doubles(), 3).generate(in),
                maps(ints(-100, 100), strings(), 3).generate(in), maps(color, points(), 3).generate(in),
                maps(Generate.booleans(), ints(-9, 9), 2).generate(in), maps(dates, strings(), 2).generate(in)));
        Gen<Deep> deep = of(in -> new Deep(lists(lists(ints(-9, 9), 3), 3).generate(in),
                maps(strings().map(s -> "t" + s), lists(strings(), 2), 2).generate(in), lists(boxes(), 2).generate(in)));
        return of(in -> new Everything(texts.generate(in), flags.generate(in), whole.generate(in), decimals.generate(in),
                times.generate(in), others.generate(in), nested.generate(in), lists.generate(in), maps.generate(in),
                deep.generate(in)));
    }
}
