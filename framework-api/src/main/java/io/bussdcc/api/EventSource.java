package io.bussdcc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A recorded stream of events, read in time order: what a replay re-lives.
 *
 * <p>Reading never stops at a bad record: each one is passed to the problem consumer (with
 * where it is and why it is bad) and skipped, or, when only its type is unknown, delivered as a
 * {@link RawMessage}.
 */
public interface EventSource {

    /** What this source reads, for messages (e.g. the directory or file). */
    String describe();

    /**
     * Opens the stream. Close it (try-with-resources) to release files when not reading to the
     * end.
     *
     * @param problems receives every bad record as it is met
     * @throws IOException if the source cannot be opened at all
     */
    Stream<Event<?>> open(Consumer<SourceProblem> problems) throws IOException;

    /** The number of events the stream will deliver, when known without reading it. */
    default OptionalLong knownSize() {
        return OptionalLong.empty();
    }

    /**
     * The files or directories this source reads, when it reads from the file system; empty
     * otherwise. A replay compares them with its sinks' {@link EventSink#writesTo()} and refuses
     * to write into the log it reads.
     */
    default List<Path> readsFrom() {
        return List.of();
    }
}
