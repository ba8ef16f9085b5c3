package io.bussdcc.api;

/** A state path passes through a leaf: {@code a.b.c} was used while {@code a.b} holds a value. */
public final class StatePathConflictException extends IllegalStateException {

    private final String path;
    private final String leaf;

    public StatePathConflictException(String path, String leaf) {
        super("state path '" + path + "' goes below '" + leaf + "', which holds a value, not a branch");
        this.path = path;
        this.leaf = leaf;
    }

    /** The path that was used. */
    public String path() {
        return path;
    }

    /** The prefix of {@link #path()} that holds a value. */
    public String leaf() {
        return leaf;
    }
}
