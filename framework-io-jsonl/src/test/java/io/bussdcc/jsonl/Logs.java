package io.bussdcc.jsonl;

import io.bussdcc.api.Event;
import io.bussdcc.api.SourceProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: reading a log completely, listing segment files, writing raw lines. */
final class Logs {

    private Logs() {}

    /** Everything a read of {@code source} delivered and reported. */
    record Read(List<Event<?>> events, List<SourceProblem> problems, ReadCounts counts) {}

    static Read readAll(JsonlSource source) {
        List<SourceProblem> problems = new ArrayList<>();
        ReadCounts counts = new ReadCounts();
        try (Stream<Event<?>> s = source.open(problems::add, counts)) {
            return new Read(s.toList(), problems, counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment files below {@code root}, as relative paths with '/', sorted. */
    static List<String> segments(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".jsonl"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
