package io.bussdcc.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker (KRaft, broker and controller in one, loopback only) in its own JVM,
 * started from the kafka_2.13 jars on the test class path, on fixed ports so it can be stopped
 * and started again on the same address with the same data. One per test class.
 */
final class Broker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final boolean autoCreate;
    private Process process;

    private Broker(Path dir, boolean autoCreate) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        this.autoCreate = autoCreate;
    }

    /** Formats the storage and starts the broker; returns once it accepts connections. */
    static Broker start(Path dir, boolean autoCreateTopics) throws Exception {
        Broker b = new Broker(dir, autoCreateTopics);
        b.format();
        b.startProcess();
        return b;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    private void format() throws Exception {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", Boolean.toString(autoCreate));
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        try (var w = Files.newBufferedWriter(config())) {
            p.store(w, "test broker");
        }
        Process f = java("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "")
                .substring(0, 22), "-c", config().toString(), "--ignore-formatted").start();
        if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
            throw new IOException("formatting the broker storage failed; see " + dir.resolve("format.log"));
        }
    }

    private ProcessBuilder java(String main, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir,
                "-Dlog4j2.level=WARN", "-cp", cp, main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(main.endsWith("StorageTool") ? "format.log"
                        : "broker.log").toFile()));
    }

    /** Starts the broker (again) and waits until it serves metadata. */
    void startProcess() throws Exception {
        process = java("kafka.Kafka", config().toString()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            if (accepts() && ready()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the broker did not come up in 120 s; see " + dir.resolve("broker.log"));
            }
            Thread.sleep(100);
        }
    }

    private boolean ready() {
        try (Admin a = admin()) {
            a.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the broker if a test left it stopped. */
    void ensureRunning() throws Exception {
        if (process == null || !process.isAlive()) {
            startProcess();
        }
    }

    /** Stops the broker (SIGKILL when {@code kill}, else SIGTERM and a clean shutdown). */
    void stop(boolean kill) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            stop(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path tmp(String name) throws IOException {
        Path base = Path.of(System.getProperty("kafka.test.tmp", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name);
    }

    /** Removes a test's folder (logs, broker data) unless -Dkafka.test.keep=true asks to keep it for a look. */
    static void cleanUp(Path dir) throws IOException {
        if (dir == null || Boolean.getBoolean("kafka.test.keep")) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
