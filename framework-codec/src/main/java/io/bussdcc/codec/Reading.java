package io.bussdcc.codec;

import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.JsonParser;
import java.nio.charset.StandardCharsets;

/**
 * One decode in progress: the codec and the bytes being parsed, so that data of unknown types
 * can be kept as the exact text it was recorded as.
 */
final class Reading {

    final EventCodec codec;
    private final byte[] input;
    private final int base;

    Reading(EventCodec codec, byte[] input, int base) {
        this.codec = codec;
        this.input = input;
        this.base = base;
    }

    /** Offset in {@link #input} of the current token's first byte. */
    int tokenStart(JsonParser p) {
        TokenStreamLocation location = p.currentTokenLocation();
        return base + (int) location.getByteOffset();
    }

    String text(int start, int end) {
        return new String(input, start, end - start, StandardCharsets.UTF_8);
    }

    byte[] input() {
        return input;
    }
}
