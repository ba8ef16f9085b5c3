package io.bussdcc.cli.reliability;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.cli.Logs;
import io.bussdcc.cli.TestPlugins;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A load generator dropped into {@code bussdcc run --plugins DIR}: the service {@code load}
 * emits {@code reliability.load:Load} events numbered from 0 on its own thread as fast as the
 * runtime takes them (or at {@code service.load.rate} events a second), and writes each number
 * (before its emit) and the time (after it) into a memory-mapped file ({@code service.load.progress}).
 * The kernel keeps that page when the process is killed, so after a SIGKILL the test knows
 * exactly how far the generator got, and so how much of it the log lost.
 *
 * <p>Keys ({@code service.load.*}): {@code run} (a name put into every event, default
 * {@code load}), {@code slice} (how long one tick emits, default 20 ms, so that a stop never
 * waits long), {@code rate} (events per second, 0 = unlimited), {@code count} (stop after that
 * many, then emit {@code reliability.load:LoadDone}; 0 = unlimited), {@code shutdown-when-done}
 * (then ask the runtime to shut down), {@code pad} (characters of padding per event).
 */
final class LoadPlugin {

    /** What the generator emits; registered here under the plugin's name to read logs back. */
    @MessageType("reliability.load:Load")
    record Load(long seq, String run, String pad) implements Message {}

    /** Emitted once when {@code count} events were emitted. */
    @MessageType("reliability.load:LoadDone")
    record LoadDone(String run, long count) implements Message {}

    private LoadPlugin() {}

    /** Built-ins, the image's example types and the load types. */
    static MessageTypeRegistry registry() {
        return Logs.registry().register(Load.class).register(LoadDone.class);
    }

    /**
     * How far a generator got: the last number it handed to {@code emit} ({@code -1}: none),
     * when the last emit returned, and when the emit of number 0 returned (epoch nanoseconds).
     */
    record Progress(long seq, long epochNanos, long firstEpochNanos) {

        static final int SIZE = 24;

        static Progress read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
            return new Progress(b.getLong(0), b.getLong(8), b.getLong(16));
        }
    }

    private static final String MODULE_INFO = """
            module reliability.load {
                requires io.bussdcc.api;
                exports reliability.load;
                provides io.bussdcc.api.spi.ServiceProvider with reliability.load.LoadServiceProvider;
                provides io.bussdcc.api.spi.MessageTypeProvider with reliability.load.LoadTypes;
            }
            """;

    private static final String LOAD = """
            package reliability.load;

            @io.bussdcc.api.MessageType("reliability.load:Load")
            public record Load(long seq, String run, String pad) implements io.bussdcc.api.Message {}
            """;

    private static final String LOAD_DONE = """
            package reliability.load;

            @io.bussdcc.api.MessageType("reliability.load:LoadDone")
            public record LoadDone(String run, long count) implements io.bussdcc.api.Message {}
            """;

    private static final String TYPES = """
            package reliability.load;

            public final class LoadTypes implements io.bussdcc.api.spi.MessageTypeProvider {
                public void registerTypes(io.bussdcc.api.MessageTypeRegistry registry) {
                    registry.register(Load.class).register(LoadDone.class);
                }
            }
            """;

    private static final String PROVIDER = """
            package reliability.load;

            import io.bussdcc.api.Config;
            import io.bussdcc.api.Context;
            import io.bussdcc.api.Service;
            import io.bussdcc.api.spi.ServiceProvider;
            import java.nio.ByteOrder;
            import java.nio.MappedByteBuffer;
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.time.Duration;
            import java.time.Instant;

            public final class LoadServiceProvider implements ServiceProvider {
                public String name() { return "load"; }

                public Service create(Config config) throws Exception {
                    String run = config.get("run", "load");
                    long sliceNanos = config.getDuration("slice", Duration.ofMillis(20)).toNanos();
                    long rate = config.getLong("rate", 0);
                    long count = config.getLong("count", 0);
                    boolean shutdownWhenDone = config.getBoolean("shutdown-when-done", false);
                    String pad = "x".repeat(config.getInt("pad", 16));
                    MappedByteBuffer progress = null;
                    if (config.get("progress").isPresent()) {
                        try (FileChannel ch = FileChannel.open(Path.of(config.require("progress")), StandardOpenOption.CREATE,
                                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                            progress = ch.map(FileChannel.MapMode.READ_WRITE, 0, 24);
                            progress.order(ByteOrder.nativeOrder());
                            progress.putLong(0, -1L).putLong(8, 0L).putLong(16, 0L);
                        }
                    }
                    MappedByteBuffer mapped = progress;
                    return new Service() {
                        private long seq;
                        private long startNanos;
                        private boolean done;

                        public String name() { return "load"; }
                        public Duration interval() { return Duration.ofMillis(1); }

                        public void start(Context ctx) { startNanos = System.nanoTime(); }

                        public void tick(Context ctx) {
                            long end = System.nanoTime() + sliceNanos;
                            while (!done && System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                                if (rate > 0 && seq * 1_000_000_000L / rate > System.nanoTime() - startNanos) {
                                    Thread.onSpinWait();
                                    continue;
                                }
                                if (mapped != null) {
                                    mapped.putLong(0, seq); // before the emit: a kill may come while it is under way
                                }
                                ctx.emit(new Load(seq, run, pad));
                                if (mapped != null) {
                                    Instant now = Instant.now();
                                    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                                    if (seq == 0) {
                                        mapped.putLong(16, nanos);
                                    }
                                    mapped.putLong(8, nanos);
                                }
                                seq++;
                                if (count > 0 && seq == count) {
                                    done = true;
                                    ctx.emit(new LoadDone(run, count));
                                    if (shutdownWhenDone) {
                                        ctx.requestShutdown("load done: " + count + " events");
                                    }
                                }
                            }
                        }
                    };
                }
            }
            """;

    /** Compiles the plugin against the image's api jar into {@code plugins/load.jar}; returns the folder. */
    static Path build(Path work) throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = plugins.resolve("load.jar");
        if (!Files.exists(jar)) {
            TestPlugins.jar(jar, TestPlugins.compile(work, "load-plugin", Map.of(
                    "module-info.java", MODULE_INFO,
                    "reliability/load/Load.java", LOAD,
                    "reliability/load/LoadDone.java", LOAD_DONE,
                    "reliability/load/LoadTypes.java", TYPES,
                    "reliability/load/LoadServiceProvider.java", PROVIDER), List.of()));
        }
        return plugins;
    }

}
