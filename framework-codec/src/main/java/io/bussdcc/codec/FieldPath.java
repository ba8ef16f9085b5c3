package io.bussdcc.codec;

/** Field paths in error messages: {@code data.tags[2].name}. */
final class FieldPath {

    private FieldPath() {}

    static String join(String outer, String inner) {
        if (inner.isEmpty()) {
            return outer;
        }
        if (outer.isEmpty()) {
            return inner;
        }
        return inner.charAt(0) == '[' ? outer + inner : outer + "." + inner;
    }
}
