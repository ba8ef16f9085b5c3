package io.bussdcc.codec;

/**
 * What a sink does with a value the codec cannot write by its type — a component of a class
 * the codec does not know ({@code BigDecimal}, a class of your own), or an {@code Object}
 * component holding one: the Python sinks' {@code json_fallback()}. It returns a replacement
 * the codec can write (null, a string, boolean, number, enum, date or time, a {@code List},
 * {@code Set} or {@code Map} of such, a record), or {@link #UNHANDLED} to refuse, which makes
 * that event an {@link EncodingException} as without a fallback. A replacement is written by
 * its run-time class; one it cannot write goes through the fallback again (at most 16 times).
 *
 * <p>Writing only: such a component is read back as a field the codec cannot read, so a
 * program reading the log should declare the replacement's type. Set through a sink's builder
 * ({@code JsonlSink.builder(root).fallback(v -> v.toString())}); see {@code docs/codec.md}.
 */
@FunctionalInterface
public interface EncodingFallback {

    /** The answer that leaves a value unhandled. */
    Object UNHANDLED = new Object() {
        @Override
        public String toString() {
            return "EncodingFallback.UNHANDLED";
        }
    };

    /**
     * A value to write instead of {@code value} (never null: the codec handles nulls itself),
     * or {@link #UNHANDLED}.
     */
    Object replace(Object value);
}
