package io.bussdcc.sql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: {@code initdb} in a
 * temporary folder, listening on a free loopback port, run as the non-root {@code postgres}
 * user when the tests run as root (initdb refuses root). Without the binaries the tests are
 * skipped with a message — except in CI ({@code CI=true}), where that is a failure.
 */
public final class PgServer implements AutoCloseable {

    static final Path BIN = binaries();
    static final String USER = "bussdcc";

    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PgServer(Path dir, int port, boolean asPostgres) {
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * {@code $BUSSDCC_PG_BIN}, else the newest Debian server under {@code /usr/lib/postgresql}
     * (the version differs between releases: 15 on Debian 12, 17 on Debian 13).
     */
    private static Path binaries() {
        String chosen = System.getenv("BUSSDCC_PG_BIN");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElse(root.resolve("<version>/bin"));
        } catch (IOException e) {
            return root.resolve("<version>/bin");
        }
    }

    /**
     * Starts a server, or skips the calling test when PostgreSQL is not installed outside CI.
     *
     * @param durable whether the server fsyncs (the benchmark); tests run with {@code fsync=off}
     */
    public static PgServer start(boolean durable) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            String why = "PostgreSQL binaries not found in " + BIN + " (apt-get install -y postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + ": in CI the PostgreSQL tests must run");
            }
            Assumptions.abort("skipped: " + why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        // Below the build's target folder when the socket path stays short (a server whose
        // folder a temp cleaner removes shuts itself down), else in the temporary folder.
        Path target = Path.of("target").toAbsolutePath();
        Path dir = Files.isDirectory(target) && target.toString().length() < 70
                ? Files.createTempDirectory(target, "pg-") : Files.createTempDirectory("bussdcc-pg-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PgServer pg = new PgServer(dir, port, root);
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), dir);
        }
        pg.pg("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C",
                "--no-sync");
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        pg.pg("pg_ctl", "-D", dir.resolve("data").toString(), "-o", options, "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "start");
        return pg;
    }

    /** A JDBC URL of database {@code name} (create it with {@link #createDatabase}). */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
    }

    /** The URL of the database that always exists. */
    public String url() {
        return url("postgres");
    }

    public int port() {
        return port;
    }

    /** Creates database {@code name} and returns its URL. */
    public String createDatabase(String name) throws Exception {
        Samples.execute(url(), "CREATE DATABASE " + name);
        return url(name);
    }

    /** Stops the server (fast: open connections are cut), keeping its data. */
    public void stop() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts the stopped server again on the same port. */
    public void restart() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-o", "-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off", "-l", dir.resolve("server.log").toString(), "-w", "-t",
                "60", "start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void pg(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IOException(String.join(" ", command) + " failed: " + output + log);
        }
    }
}
