package io.bussdcc.web.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.ConfigException;
import io.bussdcc.api.Process;
import io.bussdcc.api.spi.InterfaceProvider;
import io.bussdcc.web.WebInterface;
import io.helidon.webserver.http.HttpRouting;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code web} interface of a runtime composed from the module path: the dashboard and
 * its endpoints, configured from the keys below {@code interface.web.}:
 *
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code host}</td><td>127.0.0.1</td><td>host to listen on</td></tr>
 *   <tr><td>{@code port}</td><td>5000</td><td>port (0 = any free port)</td></tr>
 *   <tr><td>{@code token}</td><td>none</td><td>token for control actions and WebSocket emits; not blank</td></tr>
 *   <tr><td>{@code require-token}</td><td>beyond loopback</td><td>require a token; generated and logged once if none is given</td></tr>
 *   <tr><td>{@code protect-reads}</td><td>false</td><td>reading (/api/, the event stream) needs the token too</td></tr>
 *   <tr><td>{@code tls-keystore}, {@code tls-keystore-password}</td><td>none</td><td>PKCS#12 keystore: serve HTTPS and wss:</td></tr>
 *   <tr><td>{@code allow-from-web}</td><td>none</td><td>comma-separated message type names clients may emit</td></tr>
 *   <tr><td>{@code allowed-hosts}</td><td>none</td><td>comma-separated further names of this server (Host header)</td></tr>
 *   <tr><td>{@code allowed-origins}</td><td>none</td><td>comma-separated further origins allowed</td></tr>
 *   <tr><td>{@code max-frame-size}</td><td>65536</td><td>largest WebSocket frame, bytes</td></tr>
 *   <tr><td>{@code max-body-size}</td><td>65536</td><td>largest request body, bytes</td></tr>
 *   <tr><td>{@code queue-size}</td><td>1024</td><td>events queued per WebSocket client, 1..65536</td></tr>
 *   <tr><td>{@code max-connections}</td><td>256</td><td>WebSocket connections at once</td></tr>
 *   <tr><td>{@code max-http-connections}</td><td>1024</td><td>TCP connections at once, WebSocket ones included</td></tr>
 *   <tr><td>{@code max-patterns}</td><td>256</td><td>type patterns per WebSocket subscription</td></tr>
 *   <tr><td>{@code idle-timeout}</td><td>30s</td><td>a silent connection is closed after this; WebSocket peers are pinged</td></tr>
 *   <tr><td>{@code plugins}</td><td>true</td><td>discover web plugins</td></tr>
 * </table>
 */
public final class WebInterfaceProvider implements InterfaceProvider {

    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    /** For {@link java.util.ServiceLoader}. */
    public WebInterfaceProvider() {}

    @Override
    public String name() {
        return "web";
    }

    @Override
    public Process create(Config config) {
        WebInterface.Builder b = WebInterface.builder();
        checked(config, "host", () -> b.host(config.get("host", WebInterface.DEFAULT_HOST)));
        checked(config, "port", () -> b.port(config.getInt("port", WebInterface.DEFAULT_PORT)));
        checked(config, "token", () -> b.token(config.get("token").orElse(null)));
        b.discoverPlugins(config.getBoolean("plugins", true));
        if (config.get("require-token").isPresent()) {
            checked(config, "require-token", () -> b.requireToken(config.getBoolean("require-token", true)));
        }
        config.getPath("tls-keystore").ifPresent(path -> checked(config, "tls-keystore",
                () -> b.tls(path, config.get("tls-keystore-password", ""))));
        if (config.get("protect-reads").isPresent()) {
            checked(config, "protect-reads", () -> b.protectReads(config.getBoolean("protect-reads", false)));
        }
        config.get("allow-from-web").ifPresent(v -> checked(config, "allow-from-web", () -> b.allowFromWeb(list(v))));
        config.get("allowed-hosts").ifPresent(v -> checked(config, "allowed-hosts", () -> b.allowedHosts(list(v))));
        config.get("allowed-origins").ifPresent(v -> checked(config, "allowed-origins", () -> b.allowedOrigins(list(v))));
        if (config.get("max-frame-size").isPresent()) {
            checked(config, "max-frame-size", () -> b.maxFrameSize(config.getInt("max-frame-size", 0)));
        }
        if (config.get("max-body-size").isPresent()) {
            checked(config, "max-body-size", () -> b.maxBodySize(config.getLong("max-body-size", 0)));
        }
        if (config.get("idle-timeout").isPresent()) {
            checked(config, "idle-timeout", () -> b.idleTimeout(config.getDuration("idle-timeout", WebInterface.DEFAULT_IDLE_TIMEOUT)));
        }
        if (config.get("max-connections").isPresent()) {
            checked(config, "max-connections", () -> b.maxConnections(config.getInt("max-connections", 0)));
        }
        if (config.get("max-http-connections").isPresent()) {
            checked(config, "max-http-connections", () -> b.maxHttpConnections(config.getInt("max-http-connections", 0)));
        }
        if (config.get("max-patterns").isPresent()) {
            checked(config, "max-patterns", () -> b.maxPatterns(config.getInt("max-patterns", 0)));
        }
        if (config.get("queue-size").isPresent()) {
            checked(config, "queue-size", () -> b.queueSize(config.getInt("queue-size", 0)));
        }
        WebInterface web = b.build();
        prepareServer();
        return web;
    }

    /**
     * Starts Helidon's global service registry on a daemon thread, once per JVM: in a fresh
     * process its discovery takes about 100 ms of the start of the dashboard (BENCHMARKS.md,
     * launch), which then overlaps the sinks' and devices' start instead of following it. The
     * registry is made with this thread's context class loader, as it would be at the
     * interface's start ({@code bussdcc run} sets it before composing); its creation is
     * thread-safe and the interface's start waits for it. A failure here is left to the
     * start, which makes the same call and reports it.
     */
    private static void prepareServer() {
        if (PREPARED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("bussdcc-web-prepare").start(() -> {
                try {
                    HttpRouting.builder();
                } catch (RuntimeException | LinkageError e) {
                    // the interface's start meets it again and says what went wrong
                }
            });
        }
    }

    private static String[] list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** Runs {@code setter}, turning a rejected value into an error naming the key and its origin. */
    private static void checked(Config config, String key, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.originOf(key) + ": " + e.getMessage(), e);
        }
    }
}
