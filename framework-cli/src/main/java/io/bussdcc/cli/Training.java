package io.bussdcc.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run of the image's ahead-of-time cache (framework-cli's pom, step 3): in one JVM
 * started with {@code -XX:AOTCacheOutput}, what users do most — {@code run} with the dashboard
 * and a JSONL log (the page, its assets, the API and the {@code /ws} stream are fetched; SIGTERM
 * ends it), {@code replay} of that log, {@code cat} of it, and the three throughput cases of
 * {@code bench} — so that the cache holds the classes of all of them, loaded and linked. Not part of the command line; {@code java -m io.bussdcc.cli/io.bussdcc.cli.Training
 * DIR} (DIR: an empty working folder). Exits 1 when a command fails.
 */
public final class Training {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"?#]*)\"");

    private Training() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Training EMPTY-DIR");
            System.exit(Cli.USAGE);
        }
        Main.oneLineLogs(false);
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path log = dir.resolve("run-log");
        Path benchLog = dir.resolve("bench-log");
        int port = freePort();

        AtomicInteger runStatus = new AtomicInteger(-1);
        Thread run = Thread.ofPlatform().name("training-run").start(() -> runStatus.set(command(
                "run", "--for", "120s", "--web", "127.0.0.1:" + port, "--events", log.toString())));
        Set<String> fetched;
        try {
            fetched = useDashboard(port, run);
        } catch (RuntimeException e) {
            System.err.println("training: " + e.getMessage() + (e.getCause() != null ? ": " + e.getCause() : ""));
            System.exit(Cli.FAILED);
            return;
        }
        signalSelf("TERM");
        run.join();
        require("run", runStatus.get());
        System.err.println("training: dashboard fetched " + fetched);

        require("replay", command("replay", log.toString(), "--speed", "max", "--console"));
        require("cat", command("cat", log.toString()));
        require("bench dispatch", command("bench", "--case", "dispatch", "--events", "300000"));
        require("bench jsonl", command("bench", "--case", "jsonl", "--events", "300000", "--dir", benchLog.toString()));
        require("bench replay", command("bench", "--case", "replay", "--events", "300000", "--dir", benchLog.toString()));
        System.exit(Cli.OK);
    }

    /** One command line in this JVM, its output kept and shown only when it fails. */
    private static int command(String... argv) {
        long start = System.nanoTime();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int status = new Cli(new Io(out, errStream, false), Main.commands()).run(argv);
        if (status != Cli.OK) {
            System.err.println("training: bussdcc " + String.join(" ", argv) + " exited " + status + ":");
            System.err.print(err.toString(StandardCharsets.UTF_8));
        }
        System.err.printf("training: bussdcc %s: %d ms%n", argv[0], (System.nanoTime() - start) / 1_000_000);
        return status;
    }

    private static void require(String what, int status) {
        if (status != Cli.OK) {
            System.err.println("training: " + what + " failed");
            System.exit(Cli.FAILED);
        }
    }

    /** Waits for the dashboard, then fetches the page, its assets, the API and a few stream frames. */
    private static Set<String> useDashboard(int port, Thread run) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String page = null;
        while (page == null) {
            if (!run.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the dashboard on port " + port + " never answered");
            }
            try {
                page = get(port, "/");
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        Set<String> paths = new LinkedHashSet<>(List.of("/"));
        Matcher m = ASSET.matcher(page);
        while (m.find()) {
            paths.add(m.group(1));
        }
        paths.addAll(List.of("/favicon.ico", "/api/health", "/api/state", "/api/services", "/api/devices",
                "/api/types", "/api/plugins", "/api/versions", "/api/connections", "/commands"));
        for (int round = 0; round < 3; round++) {
            for (String path : paths) {
                try {
                    get(port, path);
                } catch (IOException e) {
                    throw new UncheckedIOException("GET " + path, e);
                }
            }
            try {
                stream(port);
            } catch (IOException e) {
                throw new UncheckedIOException("/ws", e);
            }
        }
        return paths;
    }

    /** The body of {@code GET path}, or an {@code IOException} (also for a status other than 200). */
    private static String get(int port, String path) throws IOException {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = head(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("GET " + path + ": " + head.lines().findFirst().orElse("no answer"));
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (length.find()) {
                return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            }
            StringBuilder body = new StringBuilder();
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                int size;
                while ((size = Integer.parseInt(line(in).strip(), 16)) > 0) {
                    body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    line(in);
                }
                return body.toString();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The status line and headers, up to the empty line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        String line;
        while (!(line = line(in)).isEmpty()) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c < 0 && line.isEmpty()) {
            throw new IOException("the connection closed");
        }
        return line.toString();
    }

    /** Opens {@code /ws}, reads what arrives for half a second (the hello, events), closes. */
    private static void stream(int port) throws IOException {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Origin: http://127.0.0.1:" + port + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            int first = in.read(buffer);
            if (first < 12 || !new String(buffer, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 101")) {
                throw new IOException("the upgrade was refused: "
                        + (first < 0 ? "no answer" : new String(buffer, 0, first, StandardCharsets.US_ASCII).lines()
                        .findFirst().orElse("")));
            }
            s.setSoTimeout(100);
            long end = System.nanoTime() + 500_000_000L;
            try {
                while (System.nanoTime() < end && in.read(buffer) >= 0) {
                    // frames: the hello and the example's events, for half a second
                }
            } catch (SocketTimeoutException quiet) {
                // nothing more for now
            }
            out.write(new byte[] {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4}); // a masked close frame
            out.flush();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** SIGTERM to this JVM, which the run handles with a graceful shutdown. */
    private static void signalSelf(String signal) {
        sun.misc.Signal.raise(new sun.misc.Signal(signal));
    }
}
