package io.bussdcc.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jlink image with this module's plugin folder: {@code bussdcc run --plugins target/plugin
 * --set sink.kafka.…} ships, {@code bussdcc replay kafka://…} gives what replaying the local log
 * gives, {@code bussdcc cat kafka://…} prints it, and a missing topic is one clear line.
 */
class ImageIT {

    private static final Path BUSSDCC = Path.of("..", "framework-cli", "target", "image", "bin", "bussdcc")
            .toAbsolutePath().normalize();
    private static final Path PLUGIN = Path.of("target", "plugin").toAbsolutePath();

    private static Path dir;
    private static Broker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        assertTrue(Files.isExecutable(BUSSDCC), "the image is built before this module: " + BUSSDCC);
        dir = Broker.tmp("image");
        broker = Broker.start(dir.resolve("broker"), false);
        broker.createTopic("fleet", 3);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        Broker.cleanUp(dir);
    }

    private record Result(int status, String out, String err) {}

    private static Result bussdcc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BUSSDCC.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> lines(Path root) throws Exception {
        return LineLog.lines(root);
    }

    @Test
    void theImageShipsWithThePluginAndReplaysADeviceFromKafkaAsFromItsLog() throws Exception {
        String[] kafka = {"--set", "sink.kafka.enabled=true", "--set", "sink.kafka.bootstrap=" + broker.bootstrap(),
                "--set", "sink.kafka.topic=fleet", "--set", "sink.kafka.device=pi-1"};
        List<String> run = new ArrayList<>(List.of("run", "--plugins", PLUGIN.toString(), "--events", "events",
                "--no-web", "--for", "3s"));
        run.addAll(List.of(kafka));
        Result first = bussdcc(run.toArray(String[]::new));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.err().contains("enabled  sink      kafka        (module io.bussdcc.kafka, file:"), first.err());
        // A second run ships what the first wrote after its shipper stopped, then its own.
        run.set(run.indexOf("3s"), "2s");
        Result second = bussdcc(run.toArray(String[]::new));
        assertEquals(0, second.status(), second.err());
        Checkpoint cp = Checkpoint.read(dir.resolve("events/.kafka-fleet.checkpoint"));
        assertEquals("pi-1", cp.device());

        Result local = bussdcc("replay", "events", "--speed", "max", "--out", "local");
        assertEquals(0, local.status(), local.err());
        Result fromKafka = bussdcc("replay", "kafka://" + broker.bootstrap() + "/fleet?device=pi-1", "--plugins",
                PLUGIN.toString(), "--speed", "max", "--out", "from-kafka");
        assertEquals(0, fromKafka.status(), fromKafka.err());
        List<String> replayedLocally = lines(dir.resolve("local"));
        List<String> replayedFromKafka = lines(dir.resolve("from-kafka"));
        // Everything up to the checkpoint is in Kafka: the first lines of the local replay, exactly.
        assertTrue(replayedFromKafka.size() >= 50 && replayedFromKafka.size() <= replayedLocally.size(),
                replayedFromKafka.size() + " of " + replayedLocally.size());
        assertEquals(cp.line(), replayedFromKafka.size(), "the checkpoint counts the shipped lines of the segment");
        Kafka.assertSameLines(replayedLocally.subList(0, replayedFromKafka.size()), replayedFromKafka,
                "bussdcc replay kafka://… against bussdcc replay events");

        Result cat = bussdcc("cat", "kafka://" + broker.bootstrap() + "/fleet?device=pi-1", "--plugins", PLUGIN.toString());
        assertEquals(0, cat.status(), cat.err());
        assertEquals(replayedFromKafka, cat.out().lines().toList());
        assertEquals("", cat.err(), "Kafka's own logging stays quiet");

        Result missing = bussdcc("cat", "kafka://" + broker.bootstrap() + "/nope", "--plugins", PLUGIN.toString());
        assertEquals(1, missing.status());
        assertEquals("bussdcc cat: cannot read kafka://" + broker.bootstrap() + "/nope: topic 'nope' does not exist at "
                + broker.bootstrap() + " (topics there: fleet)\n", missing.err());
    }
}
