/**
 * The bussdcc runtime: the event bus, the state store, the service supervisor, device and
 * process management, the lifecycle, signal handling, configuration, and composition of a
 * runtime from the providers found on the module path.
 *
 * <p>Start with {@link io.bussdcc.runtime.Runtime}; compose from plugins with
 * {@link io.bussdcc.runtime.Composition}. How it behaves is written once, in the README ("How
 * it behaves"). The package {@code io.bussdcc.runtime.replay} is the replay driver's door
 * (replay mode, emit filter, services on virtual time, recorded events), exported only to
 * {@code io.bussdcc.replay} and the benchmarks.
 *
 * @uses io.bussdcc.api.spi.SinkProvider
 * @uses io.bussdcc.api.spi.SourceProvider
 * @uses io.bussdcc.api.spi.ServiceProvider
 * @uses io.bussdcc.api.spi.ProcessProvider
 * @uses io.bussdcc.api.spi.InterfaceProvider
 * @uses io.bussdcc.api.spi.DeviceProvider
 * @uses io.bussdcc.api.spi.MessageTypeProvider
 */
// The modules of the qualified export below depend on this one, so they are not found here.
@SuppressWarnings("module")
module io.bussdcc.runtime {
    requires transitive io.bussdcc.api;
    // sun.misc.Signal, for signal handling; optional so that images without it still run.
    requires static jdk.unsupported;

    exports io.bussdcc.runtime;
    // The replay driver's door (replay mode, emit filter, services on virtual time, recorded
    // events): only the replay module, and the benchmarks measuring its publish path, use it.
    exports io.bussdcc.runtime.replay to io.bussdcc.replay, io.bussdcc.benchmarks;

    // Composition looks up every provider kind; ServiceLoader needs the calling module to say so.
    uses io.bussdcc.api.spi.SinkProvider;
    uses io.bussdcc.api.spi.SourceProvider;
    uses io.bussdcc.api.spi.ServiceProvider;
    uses io.bussdcc.api.spi.ProcessProvider;
    uses io.bussdcc.api.spi.InterfaceProvider;
    uses io.bussdcc.api.spi.DeviceProvider;
    uses io.bussdcc.api.spi.MessageTypeProvider;
}
