package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.runtime.Composition;
import io.bussdcc.runtime.ProviderReport;
import io.bussdcc.runtime.Runtime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code bussdcc run}: composes a runtime from every provider found and runs it. */
final class RunCommand implements Command {

    /** The type name of the web module's {@code WebInterfaceStarted}, known here without requiring the module. */
    static final String WEB_STARTED = "bussdcc_framework.message.web:WebInterfaceStarted";

    private static final Option EVENTS = Option.value("--events", "DIR", "record events as JSONL under DIR (sink.jsonl.dir)");
    private static final Option WEB = Option.value("--web", "HOST:PORT",
            "serve the dashboard on HOST:PORT; port 0 picks a free one (interface.web.host/port)");
    private static final Option NO_WEB = Option.flag("--no-web", "do not start the web interface (interface.web.enabled=false)");
    private static final Option CONSOLE = Option.flag("--console", "print every event on stdout (sink.console.enabled=true)");
    private static final Option FOR = Option.value("--for", "DURATION", "stop after DURATION: 500ms, 3s, 2m, 1h or ISO-8601 (PT3S)");

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "compose a runtime from the module path and plugins, and run it";
    }

    @Override
    public String usage() {
        return "bussdcc run [--config FILE] [--events DIR] [--web HOST:PORT | --no-web] [--console] [--plugins DIR] "
                + "[--for DURATION] [--set KEY=VALUE]...";
    }

    @Override
    public String description() {
        return """
                Finds every provider (sinks, devices, processes, interfaces, services, message types)
                on the module path and in the plugin jars of --plugins DIR, enables each unless its
                configuration says <kind>.<name>.enabled=false, prints what it found and the
                dashboard's address on stderr, and runs until SIGINT or SIGTERM (or --for) shuts it
                down gracefully.""";
    }

    @Override
    public List<Option> options() {
        return List.of(Setup.CONFIG, EVENTS, WEB, NO_WEB, CONSOLE, Setup.PLUGINS, FOR, Setup.SET);
    }

    @Override
    public int run(Arguments args, Io io) throws Exception {
        args.noPositionals();
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<String> events = args.value(EVENTS.name());
        if (events.isPresent()) {
            if (events.get().isBlank()) {
                throw new UsageException("--events is empty: give the folder to record into");
            }
            flags.put("sink.jsonl.dir", events.get());
        }
        if (args.has(WEB.name()) && args.has(NO_WEB.name())) {
            throw new UsageException("--web and --no-web exclude each other");
        }
        if (args.has(WEB.name())) {
            HostPort web = HostPort.parse(args.value(WEB.name()).orElseThrow());
            flags.put("interface.web.host", web.host());
            flags.put("interface.web.port", Integer.toString(web.port()));
        }
        if (args.has(NO_WEB.name())) {
            flags.put("interface.web.enabled", "false");
        }
        if (args.has(CONSOLE.name())) {
            flags.put("sink.console.enabled", "true");
        }
        Optional<String> forText = args.value(FOR.name());
        Optional<Duration> runFor = Optional.empty();
        if (forText.isPresent()) {
            try {
                runFor = Optional.of(Config.parseDuration(forText.get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--for: " + e.getMessage());
            }
        }
        Config config = Setup.config(args, flags);
        ModuleLayer layer = Setup.layer(args);
        if (layer != ModuleLayer.boot()) {
            // Components that look services up through the context loader then see the plugins
            // too; set before composing, as providers may start such look-ups when they create
            // their component (the web interface prepares its server then).
            Thread.currentThread().setContextClassLoader(loaderOf(layer));
        }

        Composition composition = Composition.discover(layer, config);
        io.err().println("bussdcc " + Runtime.version() + ": providers found");
        for (ProviderReport r : composition.report()) {
            io.err().println("  " + r);
        }

        Runtime runtime = Runtime.builder().config(config).handleSignals(true).build();
        composition.addTo(runtime);
        runtime.context().subscribe(Message.class, event -> watch(runtime, event, io));
        runtime.boot();
        io.err().println("running; stop with Ctrl-C (SIGINT) or SIGTERM" + forText.map(t -> ", or after " + t).orElse(""));
        if (runFor.isPresent()) {
            Duration d = runFor.get();
            String ranFor = "ran for " + forText.get();
            Thread.ofPlatform().daemon().name("bussdcc-run-for").start(() -> {
                try {
                    if (!runtime.awaitShutdown(d)) {
                        runtime.shutdown(ranFor);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        runtime.run();
        String reason = runtime.shutdownReason().orElse("shut down");
        List<String> failures = runtime.failures();
        if (!failures.isEmpty()) {
            // The run failed, whatever stopped it: lost events, an unrecordable type, a critical service.
            io.err().println("stopped: " + reason);
            failures.stream().skip(1).forEach(f -> io.err().println("failure: " + f));
            throw new CliFailure("the run failed: " + failures.get(0)
                    + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more, above)" : ""));
        }
        io.err().println("stopped: " + reason);
        return 0;
    }

    /** Prints the dashboard's address once the web interface listens. */
    private static void watch(Runtime runtime, Event<?> event, Io io) {
        Message payload = event.payload();
        if (WEB_STARTED.equals(runtime.messageTypes().nameOf(payload))) {
            Object host = Records.component(payload, "host");
            Object port = Records.component(payload, "port");
            io.err().println("dashboard: http://" + HostPort.forUrl(String.valueOf(host)) + ":" + port + "/");
        }
    }

    private static ClassLoader loaderOf(ModuleLayer layer) {
        return layer.modules().stream().findFirst()
                .map(m -> layer.findLoader(m.getName()))
                .orElseThrow();
    }
}
