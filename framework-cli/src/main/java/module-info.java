/**
 * The {@code bussdcc} command-line launcher: {@code run} composes a runtime from every provider
 * on the module path (and in plugin jars), {@code replay} re-lives a recorded log,
 * {@code cat} prints one (or follows it), {@code log} looks after a log folder (info, prune), {@code identity} prints the machine's identity, {@code sql} runs one
 * SQL statement (with a JDBC driver from the image or the plugins), {@code bench}
 * measures throughput and boot time. Its jlink image holds the framework modules and the
 * greenhouse example; see {@code docs/cli.md}.
 *
 * <p>It requires only what it calls directly (the JSONL and console modules for
 * {@code bench}); plugins (sinks, sources, the web interface, the example) are found through
 * {@link java.util.ServiceLoader}.
 *
 * @uses io.bussdcc.api.spi.SourceProvider to find a reader for {@code replay}'s and {@code cat}'s SOURCE
 * @uses io.bussdcc.api.spi.SinkProvider to make {@code replay}'s output sinks
 * @uses io.bussdcc.api.spi.InterfaceProvider to make the dashboard of {@code replay --web}
 * @uses io.bussdcc.api.spi.ProcessProvider to run the application's processes in {@code replay --web}
 * @uses io.bussdcc.api.spi.MessageTypeProvider to read every known message type back
 * @uses java.sql.Driver to find the JDBC driver for {@code sql}'s URL
 */
module io.bussdcc.cli {
    requires io.bussdcc.runtime;
    requires io.bussdcc.codec;
    requires io.bussdcc.identity;
    requires io.bussdcc.replay;
    // bench measures these two sinks and the source by name, not through their providers.
    requires io.bussdcc.jsonl;
    requires io.bussdcc.console;
    // The runtime handles signals with sun.misc.Signal but requires jdk.unsupported only
    // statically; the launcher wants them handled, so it makes the boot layer resolve it.
    requires jdk.unsupported;
    // sql runs statements over JDBC. Both also put into the image and the boot layer the JDK
    // modules that the SQL plugin folder (framework-sql/target/plugin) needs: SQLite's driver
    // requires java.sql.rowset, and JDK modules cannot come from a plugins folder.
    requires java.sql;
    // log compress reports the CPU time it took (ThreadMXBean).
    requires java.management;
    requires java.sql.rowset;

    // The benchmark workload, so that the JMH benchmarks (benchmarks/) measure the very events
    // bench does; the codec reads its record as it reads any exported public record.
    exports io.bussdcc.cli.bench;
    // The tests' own message types (patched into this package) are read by the codec.
    opens io.bussdcc.cli to io.bussdcc.codec;

    uses io.bussdcc.api.spi.SourceProvider;
    uses io.bussdcc.api.spi.SinkProvider;
    uses io.bussdcc.api.spi.InterfaceProvider;
    uses io.bussdcc.api.spi.ProcessProvider;
    uses io.bussdcc.api.spi.MessageTypeProvider;
    uses java.sql.Driver;
}
