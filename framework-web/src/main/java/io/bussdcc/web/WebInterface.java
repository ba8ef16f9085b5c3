package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.internal.StrictWsConfig;
import io.bussdcc.web.page.Layout;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.common.context.Contexts;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web interface: a Helidon SE web server inside the runtime, serving the dashboard, JSON
 * endpoints, a live WebSocket event stream, and the application's own routes.
 *
 * <pre>{@code
 * runtime.addInterface(new WebInterface());                     // http://127.0.0.1:5000/
 * runtime.addInterface(WebInterface.builder()
 *         .host("0.0.0.0").port(8080)
 *         .token(System.getenv("BUSSDCC_TOKEN"))
 *         .allowFromWeb(WaterRequested.class)
 *         .build());
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * The server starts in {@link #start} (at boot, after the processes) and stops in
 * {@link #stop}; the runtime owns shutdown, so Helidon's own JVM shutdown hook is off. Once
 * listening it emits {@link WebInterfaceStarted} with the bound port. When the address cannot
 * be bound (a busy port) {@code start} throws and the runtime fails its boot: there is never a
 * half-started server. An instance can be started again after it stopped (in a new runtime).
 *
 * <h2>Routes</h2>
 * Subclass and override {@link #registerRoutes}, or contribute a {@link WebPlugin}. Inside
 * any route handler {@link #emit(Message)} emits into the runtime; so does the
 * {@link WebContext} handed to the routes. Routes are matched in this order: the subclass's,
 * then the built-in ones ({@code /}, {@code /index.html}, {@code /favicon.ico}, {@code /assets/*},
 * {@code /api/*}, {@code /commands}, {@code /plugins/*}, {@code /ws}), then the plugins' — so a subclass can replace the
 * dashboard at {@code /}.
 *
 * <h2>Events</h2>
 * Every event the runtime dispatches goes to the connected WebSocket clients whose
 * subscription matches, through a bounded queue per connection drained by that connection's
 * own virtual thread: the bus never waits for a browser. A client that cannot keep up loses
 * its oldest queued events and is told how many ({@code {"op":"missed","count":N}}). See
 * {@code docs/web.md} for the protocol.
 *
 * <h2>Security</h2>
 * Loopback by default; beyond it a token is {@linkplain Builder#requireToken required} (made
 * and logged at start when none is given). With a {@linkplain Builder#token token}, control
 * actions (service start/stop) and WebSocket emits must present it, and reads too when
 * {@linkplain Builder#protectReads protected}. Requests must name this server in {@code Host}
 * ({@linkplain Builder#allowedHosts DNS rebinding}). WebSocket upgrades and control requests
 * from a browser must come from the same origin or an {@linkplain Builder#allowedOrigins
 * allowed} one. Frames and request bodies are size-limited; static files are served from the
 * module's own resources by exact name only.
 */
public class WebInterface implements Process {

    /** The default host: loopback, so the dashboard is not reachable from the network unasked. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 5000;

    /** The largest per-connection queue {@link Builder#queueSize} accepts (each client may fill its own). */
    public static final int MAX_QUEUE_SIZE = 65_536;
    /** The WebSocket endpoint's path. */
    public static final String WS_PATH = "/ws";
    /** How long a connection may stay silent by default (see {@link Builder#idleTimeout}). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(WebInterface.class.getName());

    private final Settings settings;
    private final Object lifecycle = new Object();
    private volatile Running running;
    private final AtomicInteger senderThreads = new AtomicInteger();

    /** A web interface on {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT} with default settings. */
    public WebInterface() {
        this(builder());
    }

    /** A web interface on {@code host}:{@code port} (0 = any free port) with default settings. */
    public WebInterface(String host, int port) {
        this(builder().host(host).port(port));
    }

    /** A web interface with the builder's settings; for subclasses ({@code super(builder)}). */
    protected WebInterface(Builder builder) {
        this.settings = builder.settings();
    }

    /** A builder of web interface settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** The host this interface listens on (as configured). */
    public String host() {
        return settings.host();
    }

    /** The bound port while running, else {@code -1}. */
    public int port() {
        Running r = running;
        return r == null ? -1 : r.port;
    }

    /** The dashboard's address while running ({@code http://host:port/}), else {@code null}. */
    public URI uri() {
        Running r = running;
        return r == null ? null : URI.create((settings.tlsKeystore() != null ? "https://" : "http://") + OriginPolicy.hostForUri(browsableHost(settings.host())) + ":" + r.port + "/");
    }

    /**
     * How many of the connections' sender threads (one virtual thread per WebSocket connection)
     * are alive now, over every run of this interface: it comes back to the number of
     * connections when clients leave — a leak would show here.
     */
    public int senderThreads() {
        return senderThreads.get();
    }

    /** The hub while running, for tests. */
    EventHub hub() {
        Running r = running;
        return r == null ? null : r.hub;
    }

    /** The WebSocket clients connected now, with their queue figures. */
    public List<ConnectionStats> connections() {
        Running r = running;
        return r == null ? List.of() : r.hub.stats();
    }

    /**
     * Adds the application's routes; called on every start, before the server listens. The
     * default adds none. {@code web} gives the runtime context, emitting and the codec.
     */
    protected void registerRoutes(HttpRouting.Builder routing, WebContext web) {}

    // ---- process lifecycle -------------------------------------------------------------

    /**
     * Builds and starts the server.
     *
     * @throws WebInterfaceException if the address cannot be bound, an allowed-from-web type is
     *                               not registered, or a plugin is broken
     */
    @Override
    public final void start(Context ctx) throws Exception {
        Running r;
        synchronized (lifecycle) {
            if (running != null) {
                throw new IllegalStateException("web interface '" + name() + "' is already running on port " + running.port);
            }
            r = startServer(ctx);
            running = r;
        }
        if (settings.tlsKeystore() == null && !OriginPolicy.isLoopback(settings.host())) {
            LOG.log(System.Logger.Level.WARNING, "web interface '" + name() + "' listens beyond loopback without TLS:"
                    + " the token and the events travel in clear; give it a keystore (tls-keystore) or a TLS proxy");
        }
        if (settings.token() == null && r.web.tokenRequired()) {
            // Jupyter-style: a token made for this run, shown once, in the address to open.
            LOG.log(System.Logger.Level.INFO, "web interface '" + name() + "' listening on " + uri() + "?token="
                    + r.web.token() + " (a token generated for this run: it is needed to "
                    + (settings.protectReads() ? "read and to act" : "act") + ")");
        } else {
            LOG.log(System.Logger.Level.INFO, "web interface '" + name() + "' listening on " + uri());
        }
        ctx.emit(new WebInterfaceStarted(settings.host(), r.port));
    }

    /**
     * Hands {@code event} to the WebSocket connections (never blocking on a client) and to the
     * plugins that asked for its type.
     */
    @Override
    public final void handle(Context ctx, Event<?> event) {
        Running r = running;
        if (r != null) {
            r.hub.publish(event);
            r.pluginEvents.dispatch(event);
        }
    }

    /** Closes the WebSocket connections and stops the server. */
    @Override
    public final void stop(Context ctx) {
        Running r;
        synchronized (lifecycle) {
            r = running;
            running = null;
        }
        if (r != null) {
            r.web.replay().stop();
            r.hub.closeAll();
            r.server.stop();
            r.headerDeadline.stop();
            EarlyEnds.reportPending();
        }
    }

    private Running startServer(Context ctx) {
        EventCodec codec = new EventCodec(ctx.messageTypes());
        Set<String> allowFromWeb = settings.resolveAllowFromWeb(ctx.messageTypes());
        List<WebPlugin> plugins = Plugins.resolve(settings.plugins(), settings.discoverPlugins());
        int port = settings.port();
        if (port == 0 && !settings.allowedOrigins().isEmpty()) {
            // The WebSocket allow-list must name this server's own origin, so its port must be
            // known before the server is built.
            port = freePort(settings.host());
        }
        OriginPolicy origins = new OriginPolicy(settings.allowedOrigins(), settings.host(), port);
        RunningWebContext web = new RunningWebContext(ctx, codec, settings, origins,
                new HostPolicy(settings.allowedHosts(), settings.host()), effectiveToken());
        EventHub hub = new EventHub(ctx.messageTypes(), codec, settings.queueSize(), senderThreads, settings.maxConnections());
        Layout layout = CommandPanel.layout(plugins, ctx.version());

        HttpRouting.Builder routing = HttpRouting.builder();
        RequestGuard guard = new RequestGuard(web, layout);
        routing.addFilter(guard::filter);
        routing.error(io.helidon.common.buffers.DataReader.InsufficientDataAvailableException.class, EarlyEnds::bodyCutShort);
        EarlyEnds.install();
        registerRoutes(routing, web);
        StaticAssets assets = StaticAssets.load(plugins);
        assets.register(routing);
        ReplayControls replay = new ReplayControls(web, hub);
        web.replay(replay);
        replay.register(routing); // before /api/'s catch-all
        new ApiRoutes(web, hub, allowFromWeb, plugins).register(routing);
        new MetricsRoute(web, hub).register(routing);
        new CommandPanel(web, allowFromWeb).register(routing);
        for (WebPlugin plugin : plugins) {
            try {
                plugin.register(routing, web);
            } catch (RuntimeException e) {
                throw new WebInterfaceException("web plugin '" + plugin.name() + "' (" + plugin.getClass().getName()
                        + ") failed to register its routes: " + e, e);
            }
        }
        WsRouting.Builder ws = WsRouting.builder().endpoint(WS_PATH,
                () -> new EventConnection(hub, web, settings, allowFromWeb));
        PluginChannels.register(ws, plugins, web, settings);

        HeaderDeadline headerDeadline = new HeaderDeadline(settings.idleTimeout());
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(port)
                .shutdownHook(false)
                .maxPayloadSize(settings.maxBodySize())
                // Helidon's reaper closes connections silent this long (WebSocket peers answer
                // the sender's pings, so only dead ones are silent); a backstop to the heartbeat.
                // Helidon's clock for this ticks once a second: 2 s more, so it never cuts first.
                .idleConnectionTimeout(settings.idleTimeout().plusSeconds(2))
                .idleConnectionPeriod(idlePeriod(settings.idleTimeout()))
                .maxTcpConnections(settings.maxHttpConnections())
                // Responses go out as written: with Nagle's algorithm the tail of a response of a
                // few segments (/metrics, a state tree) waited for the client's delayed ACK, 40 ms.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .addProtocol(Http1Config.builder().addReceiveListener(headerDeadline).build())
                .update(b -> {
                    if (settings.tlsKeystore() != null) {
                        b.tls(io.helidon.common.tls.Tls.builder().sslContext(sslContext()).build());
                    }
                })
                .routing(routing)
                .addRouting(ws)
                // Helidon's WebSocket settings, read by our strict RFC 6455 connection (docs/web.md)
                .addProtocol(new StrictWsConfig(WsConfig.builder()
                        .maxFrameLength(settings.maxFrameSize())
                        // empty: Origin must then match Host (same origin only)
                        .origins(origins.allowed())
                        .build()))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new WebInterfaceException(cannotListen(port) + ": " + e.getMessage(), e);
        }
        if (!server.isRunning() || server.port() <= 0) {
            // Helidon logs a failed bind and returns a server that is not listening.
            stopQuietly(server);
            throw new WebInterfaceException(cannotListen(port) + ": " + bindFailure(settings.host(), port));
        }
        web.port = server.port();
        headerDeadline.start(name());
        replay.start();
        return new Running(server, hub, server.port(), headerDeadline, web, new PluginEvents(plugins, web));
    }

    static String hostRefused(String host) {
        return "Host '" + host + "' is not a name of this server: add it to allowedHosts (interface.web.allowed-hosts)"
                + " to serve it under that name";
    }

    /** The server's TLS context from the configured PKCS#12 keystore. */
    private javax.net.ssl.SSLContext sslContext() {
        java.nio.file.Path file = settings.tlsKeystore();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            char[] password = settings.tlsPassword().toCharArray();
            keys.load(in, password);
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new WebInterfaceException("web interface '" + name() + "': cannot use TLS keystore " + file + ": " + e, e);
        }
    }

    /**
     * The configured token; else, when a token is required (asked for, or by default when
     * listening beyond loopback), one made for this run.
     */
    private String effectiveToken() {
        if (settings.token() != null) {
            return settings.token();
        }
        boolean required = settings.requireToken() != null ? settings.requireToken() : !OriginPolicy.isLoopback(settings.host());
        if (!required) {
            return null;
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The token in force while running (configured or generated), else null; for tests. */
    String tokenInForce() {
        Running r = running;
        return r == null ? null : r.web.token();
    }

    private static Duration idlePeriod(Duration idle) {
        Duration quarter = idle.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250) : quarter;
    }

    private String cannotListen(int port) {
        return "web interface '" + name() + "' cannot listen on " + settings.host() + ":" + port;
    }

    private static void stopQuietly(WebServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping a web server that failed to start", e);
        }
    }

    /** Words why the address cannot be bound, by trying it ourselves. */
    private static String bindFailure(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return "the server did not start listening (see the log above)";
        } catch (IOException e) {
            return e.getMessage() + (port != 0 ? " (is another program using port " + port + "?)" : "");
        }
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new WebInterfaceException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    static String browsableHost(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> host;
        };
    }

    // ---- emitting from routes ----------------------------------------------------------

    /**
     * Emits {@code message} into the runtime of the web interface serving the current request.
     * Works in any route handler (the interface's own, a subclass's, a plugin's): the interface
     * registers itself in each request's Helidon {@link io.helidon.common.context.Context},
     * which Helidon makes current while the request is handled.
     *
     * @throws IllegalStateException outside a request handled by a running web interface
     */
    public static void emit(Message message) {
        Objects.requireNonNull(message, "message");
        current().emit(message);
    }

    /**
     * The {@link WebContext} of the web interface serving the current request.
     *
     * @throws IllegalStateException outside a request handled by a running web interface
     */
    public static WebContext current() {
        return Contexts.context()
                .flatMap(c -> c.get(RunningWebContext.class))
                .orElseThrow(() -> new IllegalStateException("WebInterface.emit/current() work inside a route handler "
                        + "of a running WebInterface; elsewhere emit through a bussdcc Context"));
    }

    /**
     * The {@link WebContext} of the web interface serving {@code request}, without relying on
     * the current thread.
     *
     * @throws IllegalStateException if no web interface handled {@code request}
     */
    public static WebContext of(ServerRequest request) {
        return request.context().get(RunningWebContext.class)
                .orElseThrow(() -> new IllegalStateException("request " + request.prologue()
                        + " was not routed by a WebInterface"));
    }

    @Override
    public String toString() {
        Running r = running;
        return "WebInterface[" + name() + ", " + settings.host() + ":" + (r == null ? settings.port() + ", stopped" : r.port) + "]";
    }

    /** What exists while the server runs. */
    private record Running(WebServer server, EventHub hub, int port, HeaderDeadline headerDeadline, RunningWebContext web,
            PluginEvents pluginEvents) {}

    // ---- settings ----------------------------------------------------------------------

    /** Settings of a {@link WebInterface}; every one has a default. */
    public static final class Builder {
        private String name = "web";
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String token;
        private final Set<Class<? extends Message>> allowFromWebTypes = new LinkedHashSet<>();
        private final Set<String> allowFromWebNames = new LinkedHashSet<>();
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private int maxFrameSize = 64 * 1024;
        private long maxBodySize = 64 * 1024;
        private int queueSize = 1024;
        private boolean discoverPlugins = true;
        private final List<WebPlugin> plugins = new ArrayList<>();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private int maxConnections = 256;
        private int maxPatterns = 256;
        private int maxHttpConnections = 1024;
        private Boolean requireToken;
        private boolean protectReads;
        private java.nio.file.Path tlsKeystore;
        private String tlsPassword;

        private Builder() {}

        /** The process name; {@code web} by default. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a web interface needs a name");
            }
            this.name = name;
            return this;
        }

        /** The host (name or address) to listen on; {@value #DEFAULT_HOST} by default. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.strip();
            return this;
        }

        /** The port; {@value #DEFAULT_PORT} by default, 0 for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 0..65535");
            }
            this.port = port;
            return this;
        }

        /**
         * The token control actions and WebSocket emits must present; none (no check) by
         * default. {@code null} means none.
         *
         * @throws IllegalArgumentException if {@code token} is blank: a token meant but empty
         *                                  would leave the controls open
         */
        public Builder token(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("the token is blank; give a token, or none (leave it unset) "
                        + "for no token check");
            }
            this.token = token;
            return this;
        }

        /** Message types WebSocket clients may emit; none by default. */
        @SafeVarargs
        public final Builder allowFromWeb(Class<? extends Message>... types) {
            for (Class<? extends Message> type : types) {
                allowFromWebTypes.add(Objects.requireNonNull(type, "allow-from-web type"));
            }
            return this;
        }

        /**
         * Message types, by registered name, WebSocket clients may emit. Each must be
         * registered with the runtime when the interface starts.
         */
        public Builder allowFromWeb(String... typeNames) {
            for (String n : typeNames) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException("allow-from-web type names must not be blank");
                }
                allowFromWebNames.add(n.strip());
            }
            return this;
        }

        /**
         * Further origins (such as {@code https://ops.example.com}) whose pages may open the
         * WebSocket and send control requests; by default only pages of this server's own
         * origin may.
         */
        public Builder allowedOrigins(String... origins) {
            for (String o : origins) {
                allowedOrigins.add(OriginPolicy.normalizeConfigured(o));
            }
            return this;
        }

        /** The largest WebSocket frame a client may send, in bytes; 64 KiB by default. */
        public Builder maxFrameSize(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxFrameSize " + bytes + " is below 125 bytes");
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /** The largest HTTP request body, in bytes; 64 KiB by default. */
        public Builder maxBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodySize must not be negative");
            }
            this.maxBodySize = bytes;
            return this;
        }

        /**
         * Events queued per WebSocket connection before the oldest are dropped; 1,024 by default,
         * at most {@value #MAX_QUEUE_SIZE}.
         */
        public Builder queueSize(int events) {
            if (events < 1 || events > MAX_QUEUE_SIZE) {
                throw new IllegalArgumentException("the queue size is " + events + "; it must be 1.." + MAX_QUEUE_SIZE
                        + " events per connection");
            }
            this.queueSize = events;
            return this;
        }

        /** Whether to find {@link WebPlugin}s with {@link java.util.ServiceLoader}; on by default. */
        public Builder discoverPlugins(boolean on) {
            this.discoverPlugins = on;
            return this;
        }

        /** Adds a plugin explicitly; explicit plugins come before discovered ones. */
        public Builder plugin(WebPlugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /**
         * How long a connection may send nothing before it is closed: an HTTP connection that
         * has not finished its request head (slowloris) or is idle between requests, and a
         * WebSocket peer, which is pinged after a third of it and must answer (any frame
         * counts). 30 s by default; at least 100 ms.
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "idleTimeout");
            if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("idleTimeout " + timeout + " is below 100 ms");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Further names under which clients may reach this server (the {@code Host} header):
         * {@code dash.example.com}, or {@code .example.com} for a domain and its subdomains, or
         * {@code *} for any. IP addresses, {@code localhost} and the listening host always
         * pass; any other name is refused (403), against DNS rebinding. See docs/web.md.
         */
        public Builder allowedHosts(String... hosts) {
            for (String h : hosts) {
                allowedHosts.add(HostPolicy.normalizeConfigured(h));
            }
            return this;
        }

        /** The most WebSocket connections at once; further upgrades are refused. 256 by default. */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = connections;
            return this;
        }

        /** The most type patterns one WebSocket subscription may have; 256 by default. */
        public Builder maxPatterns(int patterns) {
            if (patterns < 1) {
                throw new IllegalArgumentException("maxPatterns must be at least 1");
            }
            this.maxPatterns = patterns;
            return this;
        }

        /**
         * The most TCP connections at once, WebSocket ones included; further ones are closed
         * on accept. 1,024 by default.
         */
        public Builder maxHttpConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxHttpConnections must be at least 1");
            }
            this.maxHttpConnections = connections;
            return this;
        }

        /**
         * Whether a token is required; when it is and none is {@linkplain #token given}, one is
         * generated at start and logged once in the dashboard's address ({@code ?token=}). By
         * default a token is required when listening beyond loopback; {@code false} turns that
         * off (behind a proxy that authenticates).
         */
        public Builder requireToken(boolean required) {
            this.requireToken = required;
            return this;
        }

        /**
         * Whether reading needs the token too: every {@code /api/} endpoint and the WebSocket
         * upgrade (the event stream). Off by default; needs a token (given, or required).
         */
        public Builder protectReads(boolean on) {
            this.protectReads = on;
            return this;
        }

        /**
         * Serves HTTPS and {@code wss:} with the key and certificate chain of a PKCS#12
         * keystore ({@code keytool -genkeypair -storetype PKCS12 …}); plain HTTP by default.
         * The keystore is read at start; a file that cannot be read or opened with the
         * password fails the start, naming it.
         */
        public Builder tls(java.nio.file.Path pkcs12Keystore, String password) {
            this.tlsKeystore = Objects.requireNonNull(pkcs12Keystore, "keystore");
            this.tlsPassword = Objects.requireNonNull(password, "keystore password");
            return this;
        }

        /** A web interface with these settings. */
        public WebInterface build() {
            return new WebInterface(this);
        }

        Settings settings() {
            return new Settings(name, host, port, token, Set.copyOf(allowFromWebTypes), Set.copyOf(allowFromWebNames),
                    Set.copyOf(allowedOrigins), maxFrameSize, maxBodySize, queueSize, discoverPlugins, List.copyOf(plugins),
                    idleTimeout, Set.copyOf(allowedHosts), maxConnections, maxPatterns, maxHttpConnections,
                    protectReads && requireToken == null && token == null ? Boolean.TRUE : requireToken, protectReads,
                    tlsKeystore, tlsPassword);
        }
    }
}
