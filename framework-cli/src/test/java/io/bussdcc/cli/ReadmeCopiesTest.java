package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code in README.md and docs/*.md that is marked {@code <!-- copy of PATH -->} (or
 * {@code PATH#REGION}) is exactly that file (or the lines between {@code begin readme: REGION}
 * and {@code end readme: REGION} in it, without their common indentation). The files are those
 * of examples/minimal, which {@code ./dev example} compiles, links and runs, and tests that run
 * their regions: framework-web's ReadmeCommandFormTest, framework-io-kafka's FleetTest (against
 * a broker) and framework-sql's {@code DatabaseTest}, and examples/greenhouse/replay-web.sh, the command
 * ReplayTimelineBrowserIT runs.
 */
class ReadmeCopiesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARK = Pattern.compile("<!-- copy of (\\S+?)(?:#(\\S+))? -->");

    @Test
    void everyMarkedSnippetIsACopyOfItsFile() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> s = Files.list(REPO.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Set<String> copied = new TreeSet<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARK.matcher(lines.get(i).strip());
                if (!m.matches()) {
                    continue;
                }
                String where = REPO.relativize(doc) + ":" + (i + 1);
                if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                    fail(where + ": a copy mark must be followed by a fenced code block");
                }
                int end = i + 2;
                while (end < lines.size() && !lines.get(end).startsWith("```")) {
                    end++;
                }
                String snippet = String.join("\n", lines.subList(i + 2, end)) + "\n";
                Path file = REPO.resolve(m.group(1));
                assertTrue(Files.isRegularFile(file), where + ": no file " + m.group(1));
                String expected = m.group(2) == null ? Files.readString(file, StandardCharsets.UTF_8)
                        : region(file, m.group(2));
                assertEquals(expected, snippet, where + " is not a copy of " + m.group(0));
                copied.add(m.group(1) + (m.group(2) == null ? "" : "#" + m.group(2)));
            }
        }
        String example = "examples/minimal/src/main/java/";
        assertEquals(new TreeSet<>(Set.of("examples/minimal/pom.xml#dependencies", example + "module-info.java",
                example + "io/bussdcc/examples/minimal/Main.java", example + "io/bussdcc/examples/minimal/Greenhouse.java",
                example + "io/bussdcc/examples/minimal/Replay.java",
                "framework-web/src/test/java/io/bussdcc/web/form/ReadmeCommandFormTest.java#command-form",
                "framework-io-kafka/src/test/java/io/bussdcc/kafka/FleetTest.java#fleet",
                "framework-io-kafka/src/test/java/io/bussdcc/kafka/FleetTest.java#replay",
                "framework-sql/src/test/java/io/bussdcc/sql/DatabaseTest.java#database",
                "examples/greenhouse/replay-web.sh",
                "framework-io-jsonl/src/test/java/io/bussdcc/jsonl/RetentionCompressionTest.java#sink",
                "docs/bussdcc.service")), copied,
                "the README's quick start, replay, command form, Kafka fleet, SQL and replay --web; the log's retention and systemd unit");
    }

    private static String region(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals("<!-- begin readme: " + name + " -->") || l.equals("// begin readme: " + name)) {
                begin = i;
            } else if (l.equals("<!-- end readme: " + name + " -->") || l.equals("// end readme: " + name)) {
                end = i;
            }
        }
        assertTrue(begin >= 0 && end > begin, file + " has no region " + name);
        List<String> body = lines.subList(begin + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : body) {
            b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return b.toString();
    }
}
