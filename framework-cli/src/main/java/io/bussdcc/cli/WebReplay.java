package io.bussdcc.cli;

import io.bussdcc.api.Config;
import io.bussdcc.api.Event;
import io.bussdcc.api.Process;
import io.bussdcc.api.SafeText;
import io.bussdcc.api.Severity;
import io.bussdcc.api.SourceProblem;
import io.bussdcc.api.Timeline;
import io.bussdcc.api.spi.InterfaceProvider;
import io.bussdcc.api.spi.ProcessProvider;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.replay.Origin;
import io.bussdcc.replay.ReplayListener;
import io.bussdcc.replay.ReplayTimeline;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bussdcc replay SOURCE --web [HOST:PORT]}: the recording as a {@link ReplayTimeline}
 * whose viewer is the {@code web} interface (found through its provider, as {@code run} finds
 * it), with the application's processes made afresh for every run of the timeline. The web and
 * replay modules know nothing of each other; they meet here and in the api's {@link Timeline}.
 */
final class WebReplay {

    private static final Pattern PORT = Pattern.compile("\"port\":(\\d+)");
    private static final Pattern HOST = Pattern.compile("\"host\":\"([^\"]*)\"");

    private WebReplay() {}

    /** {@code --web}'s value as the web interface's host and port keys; empty keeps the configured (or default) ones. */
    static void listenFlags(String value, Map<String, String> flags) throws UsageException {
        if (value.isBlank()) {
            return;
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--web " + value + ": give HOST:PORT (127.0.0.1:5000) or :PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = value.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new UsageException("--web " + value + ": the port '" + port + "' is not a number from 0 to 65535");
        }
        if (!host.isEmpty()) {
            flags.put("interface.web.host", host);
        }
        flags.put("interface.web.port", Integer.toString(p));
    }

    static int run(Recording recording, double speed, Io io) throws Exception {
        Config config = recording.config;
        InterfaceProvider webProvider = Recording.load(recording.layer, InterfaceProvider.class).stream()
                .filter(p -> p.name().equals("web")).findFirst()
                .orElseThrow(() -> new CliFailure("--web needs the 'web' interface provider (module io.bussdcc.web), "
                        + "which is not on the module path"));
        Process web;
        try {
            web = webProvider.create(config.section("interface.web"));
        } catch (Exception e) {
            throw new CliFailure("the web interface cannot be made: " + e.getMessage(), e);
        }
        List<ProcessProvider> processes = new ArrayList<>();
        for (ProcessProvider p : Recording.load(recording.layer, ProcessProvider.class)) {
            boolean enabled;
            try {
                enabled = config.getBoolean("process." + p.name() + ".enabled", p.enabledByDefault());
            } catch (RuntimeException e) {
                throw new CliFailure(e.getMessage(), e);
            }
            if (enabled) {
                processes.add(p);
            }
        }
        AtomicLong problems = new AtomicLong();
        EventCodec codec = new EventCodec(recording.registry);
        Listener listener = new Listener(io, problems, codec);
        ReplayTimeline timeline;
        try {
            timeline = ReplayTimeline.builder(ReplayCommand.filtered(recording))
                    .registry(recording.registry)
                    .config(config)
                    .speed(speed)
                    .listener(listener)
                    .components(run -> {
                        for (ProcessProvider p : processes) {
                            try {
                                run.addProcess(p.create(config.section("process." + p.name())));
                            } catch (Exception e) {
                                throw new CliFailure("process '" + p.name() + "' cannot be made: " + e.getMessage(), e);
                            }
                        }
                    })
                    .viewer(web)
                    .open();
        } catch (IOException e) {
            throw new CliFailure("cannot replay " + recording.location + ": " + e.getMessage(), e);
        } catch (CliFailure | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new CliFailure("the web interface cannot start: " + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> timeline.close(), "bussdcc-replay-web-stop");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
        Timeline.Range range = timeline.range();
        io.err().println("replaying " + Cli.count(range.events(), "event") + " from " + recording.location + " ("
                + range.start() + " to " + range.end() + ", processes: "
                + (processes.isEmpty() ? "none" : String.join(", ", processes.stream().map(ProcessProvider::name).toList()))
                + ")");
        range.problem().ifPresent(p -> io.err().println(SafeText.escape(p)));
        io.err().println("dashboard of the replay: " + listener.address() + " (paused before the first event; Ctrl-C to stop)");
        io.err().flush();
        try {
            while (!timeline.awaitClosed(Duration.ofSeconds(1))) {
                // serving until Ctrl-C (the hook closes the timeline) or a viewer asks to stop
            }
        } finally {
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down and runs the hook
            }
            timeline.close();
        }
        io.err().println("replay stopped (" + timeline.closeReason().orElse("closed") + ")");
        return Cli.OK;
    }

    /** Reports problems and failures; learns the dashboard's address from the web interface's start message. */
    private static final class Listener implements ReplayListener {
        private final Io io;
        private final AtomicLong problems;
        private final EventCodec codec;
        private volatile String address = "(the web interface did not say where it listens)";

        Listener(Io io, AtomicLong problems, EventCodec codec) {
            this.io = io;
            this.problems = problems;
            this.codec = codec;
        }

        String address() {
            return address;
        }

        @Override
        public void problem(SourceProblem problem) {
            problems.incrementAndGet();
            io.err().println(SafeText.escape(problem.toString()));
        }

        @Override
        public void runtimeEvent(Event<?> event) {
            if (event.severity().isAtLeast(Severity.WARNING)) {
                io.err().println(SafeText.escape(event.severity() + " while replaying: " + event.payload()));
            }
        }

        @Override
        public void suppressed(Origin origin, Event<?> event) {
            // The web interface's own start message: not part of the recording, but it says the port.
            if (origin.kind() == Origin.Kind.INTERFACE && codec.types().nameOf(event.payload()).endsWith(":WebInterfaceStarted")) {
                String json = codec.dataToJson(event.payload());
                Matcher port = PORT.matcher(json);
                Matcher host = HOST.matcher(json);
                if (port.find() && host.find()) {
                    String h = switch (host.group(1)) {
                        case "0.0.0.0", "::" -> "127.0.0.1";
                        default -> host.group(1).contains(":") ? "[" + host.group(1) + "]" : host.group(1);
                    };
                    address = "http://" + h + ":" + port.group(1) + "/";
                }
            }
        }
    }
}
