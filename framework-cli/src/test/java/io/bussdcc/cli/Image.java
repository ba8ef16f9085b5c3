package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built jlink image, run as a child process the way a user runs it. */
public final class Image {

    /** Set by the build (failsafe); running from an IDE, the default folder. */
    public static final Path HOME = Path.of(System.getProperty("cli.image", "target/image")).toAbsolutePath();
    /** The modules the image was linked from (the api jar compiles test plugins). */
    public static final Path MODULES = Path.of(System.getProperty("cli.imageModules", "target/image-modules")).toAbsolutePath();
    public static final Path LAUNCHER = HOME.resolve("bin/bussdcc");

    private Image() {}

    /** What a finished run left. */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> stdoutLines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** A started {@code bussdcc}, its output going to files in {@code dir}. */
    public static final class Running {
        public final Process process;
        public final Path stdout;
        public final Path stderr;

        Running(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public String stderrText() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Waits until stderr contains {@code text}; fails with what it said otherwise. */
        public String awaitStderr(String text, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String err = stderrText();
                if (err.contains(text)) {
                    return err;
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("bussdcc did not say '" + text + "' within " + timeout + "; alive="
                    + process.isAlive() + "\n--- stderr\n" + stderrText());
        }

        public Result await(Duration timeout) throws Exception {
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly();
                throw new AssertionError("bussdcc did not end within " + timeout + "\n--- stderr\n" + stderrText());
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), stderrText());
        }

        public void kill() {
            process.destroyForcibly();
        }
    }

    public static Running start(Path dir, Map<String, String> env, String... args) throws IOException {
        assertTrue(Files.isExecutable(LAUNCHER), "no image at " + HOME + ": run 'mvn package' first");
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        // The tests' own environment must not configure the image.
        pb.environment().keySet().removeIf(k -> k.startsWith("BUSSDCC_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    public static Result run(Path dir, String... args) throws Exception {
        return run(dir, Map.of(), args);
    }

    public static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        return start(dir, env, args).await(Duration.ofSeconds(60));
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }
}
