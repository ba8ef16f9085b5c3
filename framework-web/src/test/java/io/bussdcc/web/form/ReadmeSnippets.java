package io.bussdcc.web.form;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * README snippets that are copies of tested code. In the README, a code block follows the line
 * {@code <!-- snippet: NAME -->}; in a test source, the code sits between the comment lines
 * {@code // README: NAME} and {@code // README: end}. The block must equal the region, dedented.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {}

    /** The lines between the markers in {@code source}, without their common indentation. */
    static String region(Path source, String name) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = index(lines, "// README: " + name, source);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).strip().equals("// README: end")) {
            end++;
        }
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : region) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return String.join("\n", out);
    }

    /** The fenced code block after {@code <!-- snippet: NAME -->} in {@code readme}. */
    static String block(Path readme, String name) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int marker = index(lines, "<!-- snippet: " + name + " -->", readme);
        int open = marker + 1;
        if (open >= lines.size() || !lines.get(open).startsWith("```")) {
            throw new AssertionError(readme + ":" + (marker + 1) + ": the snippet marker must be followed by a ``` block");
        }
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).startsWith("```")) {
            close++;
        }
        return String.join("\n", lines.subList(open + 1, close));
    }

    private static int index(List<String> lines, String marker, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line '" + marker + "'");
    }
}
