package io.bussdcc.api;

import java.util.Objects;

/**
 * A recorded message whose type this program does not know.
 *
 * <p>Reading a log never drops a line because its type is unknown: the line becomes a
 * {@code RawMessage} that keeps the type name and the data exactly as recorded. Replay passes
 * it through like any other message and a log sink writes it back unchanged, so a log
 * re-recorded by a program that lacks some types loses nothing.
 *
 * @param type the recorded type name, or {@code null} when the record named none (the Python
 *             original writes events embedded in error messages without a type)
 * @param data the recorded data as compact JSON text, exactly as read
 */
public record RawMessage(String type, String data) implements Message {

    public RawMessage {
        Objects.requireNonNull(data, "data");
    }
}
