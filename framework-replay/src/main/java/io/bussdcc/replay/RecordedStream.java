package io.bussdcc.replay;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSource;
import io.bussdcc.api.SourceProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The recorded events of one or more sources as one stream. Several sources are merged by
 * time; of events at the same instant, the earlier-added source's come first, and each
 * source's own order is kept.
 */
final class RecordedStream implements AutoCloseable {

    private final List<Stream<Event<?>>> streams;
    private final List<Iterator<Event<?>>> iterators;
    private final Event<?>[] heads;
    private final boolean[] primed;

    private RecordedStream(List<Stream<Event<?>>> streams) {
        this.streams = streams;
        this.iterators = new ArrayList<>(streams.size());
        for (Stream<Event<?>> s : streams) {
            iterators.add(s.iterator());
        }
        this.heads = new Event<?>[streams.size()];
        this.primed = new boolean[streams.size()];
    }

    /**
     * Opens every source, in order.
     *
     * @throws IOException naming the source, if one cannot be opened (those opened are closed)
     */
    static RecordedStream open(List<EventSource> sources, Consumer<SourceProblem> problems) throws IOException {
        List<Stream<Event<?>>> opened = new ArrayList<>(sources.size());
        for (EventSource source : sources) {
            try {
                opened.add(source.open(problems));
            } catch (IOException | RuntimeException e) {
                IOException failure = new IOException("cannot open replay source " + source.describe() + ": " + e.getMessage(), e);
                for (Stream<Event<?>> s : opened) {
                    try {
                        s.close();
                    } catch (RuntimeException closing) {
                        failure.addSuppressed(closing); // the open failure stays the one reported
                    }
                }
                throw failure;
            }
        }
        return new RecordedStream(opened);
    }

    /** The sum of the sources' known sizes, if every one knows its size. */
    static OptionalLong knownSize(List<EventSource> sources) {
        long total = 0;
        for (EventSource source : sources) {
            OptionalLong size = source.knownSize();
            if (size.isEmpty()) {
                return OptionalLong.empty();
            }
            total += size.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** The next event, or {@code null} at the end of every source. */
    Event<?> next() {
        if (iterators.size() == 1) {
            Iterator<Event<?>> it = iterators.get(0);
            return it.hasNext() ? it.next() : null;
        }
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (!primed[i]) {
                Iterator<Event<?>> it = iterators.get(i);
                heads[i] = it.hasNext() ? it.next() : null;
                primed[i] = true;
            }
            Event<?> head = heads[i];
            if (head != null && (best < 0 || head.time().isBefore(heads[best].time()))) {
                best = i; // strictly earlier only: ties go to the earlier source
            }
        }
        if (best < 0) {
            return null;
        }
        Event<?> event = heads[best];
        primed[best] = false;
        heads[best] = null;
        return event;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Stream<Event<?>> s : streams) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
