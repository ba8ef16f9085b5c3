package io.bussdcc.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.bussdcc.api.Context;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.api.ServiceState;
import io.bussdcc.web.spi.WebAsset;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The JSON endpoints below {@code /api/} (see {@code docs/web.md}). */
final class ApiRoutes {

    /** Where the identity service keeps the system identity; read by path, not by type. */
    static final String IDENTITY_PATH = "system.identity";

    private final Bound web;
    private final EventHub hub;
    private final Set<String> allowFromWeb;
    private final List<WebPlugin> plugins;

    ApiRoutes(Bound web, EventHub hub, Set<String> allowFromWeb, List<WebPlugin> plugins) {
        this.web = web;
        this.hub = hub;
        this.allowFromWeb = allowFromWeb;
        this.plugins = plugins;
    }

    void register(HttpRouting.Builder r) {
        r.get("/api/state", this::state);
        r.get("/api/services", this::services);
        r.post("/api/services/{name}/{action}", this::serviceAction);
        r.get("/api/devices", this::devices);
        r.get("/api/identity", this::identity);
        r.get("/api/health", this::health);
        r.get("/api/versions", this::versions);
        r.get("/api/types", this::types);
        r.get("/api/plugins", this::plugins);
        r.get("/api/connections", this::connections);
        r.any("/api/*", (req, res) -> Json.error(res, Status.NOT_FOUND_404,
                "no endpoint " + req.prologue().method().text() + " " + req.path().rawPath()));
    }

    private Context ctx() {
        return web.context();
    }

    /** The whole state tree, or the branch or value at {@code ?path=}. */
    private void state(ServerRequest req, ServerResponse res) {
        Optional<String> path = req.query().first("path").filter(p -> !p.isBlank());
        if (path.isEmpty()) {
            Json.send(res, g -> Json.value(g, ctx().state().snapshot(), web.codec()));
            return;
        }
        Optional<Object> value;
        try {
            value = ctx().state().get(path.get());
        } catch (IllegalArgumentException e) {
            Json.error(res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        if (value.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "nothing in state at '" + path.get() + "'");
            return;
        }
        Json.send(res, g -> Json.value(g, value.get(), web.codec()));
    }

    private void services(ServerRequest req, ServerResponse res) {
        List<ServiceInfo> list = ctx().services().list();
        Json.send(res, g -> {
            g.writeStartArray();
            for (ServiceInfo s : list) {
                service(g, s);
            }
            g.writeEndArray();
        });
    }

    private static void service(JsonGenerator g, ServiceInfo s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("state", s.state().name());
        g.writeBooleanField("running", s.running());
        g.writeBooleanField("enabled", s.enabled());
        g.writeStringField("interval", s.interval().toString());
        g.writeNumberField("intervalMillis", s.interval().toMillis());
        g.writeBooleanField("restartOnFailure", s.restartOnFailure());
        g.writeBooleanField("critical", s.critical());
        g.writeNumberField("restarts", s.restarts());
        g.writeStringField("lastError", s.lastError());
        g.writeEndObject();
    }

    /** {@code POST /api/services/{name}/start|stop|enable|disable}: a control action. */
    private void serviceAction(ServerRequest req, ServerResponse res) {
        if (!control(req, res)) {
            return;
        }
        String name = req.path().pathParameters().get("name");
        String action = req.path().pathParameters().get("action");
        try {
            switch (action) {
                case "start" -> ctx().services().start(name);
                case "stop" -> ctx().services().stop(name);
                case "enable" -> ctx().services().enable(name);
                case "disable" -> ctx().services().disable(name);
                default -> {
                    Json.error(res, Status.NOT_FOUND_404, "unknown service action '" + action
                            + "' (start, stop, enable, disable)");
                    return;
                }
            }
        } catch (NoSuchElementException e) {
            Json.error(res, Status.NOT_FOUND_404, "no service named '" + name + "'");
            return;
        } catch (IllegalStateException e) {
            Json.error(res, Status.CONFLICT_409, "cannot " + action + " service '" + name + "': " + e.getMessage());
            return;
        }
        ServiceInfo info = ctx().services().info(name).orElseThrow();
        Json.send(res, g -> service(g, info));
    }

    /**
     * Guards a control action: a browser page must be of an allowed origin, and the token (if
     * any) must be presented. Answers 403 or 401 and returns false otherwise.
     */
    private boolean control(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (!web.origins().permits(origin, req.headers().first(HeaderNames.HOST).orElse(null))) {
            Json.error(res, Status.FORBIDDEN_403, "control requests from origin " + origin + " are not allowed");
            return false;
        }
        if (!web.authorized(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Json.error(res, Status.UNAUTHORIZED_401, Bound.bearer(req.headers()).isPresent()
                    ? "wrong token" : "this action needs the token: send 'Authorization: Bearer <token>'");
            return false;
        }
        return true;
    }

    private void devices(ServerRequest req, ServerResponse res) {
        List<DeviceInfo> list = ctx().devices();
        Json.send(res, g -> {
            g.writeStartArray();
            for (DeviceInfo d : list) {
                g.writeStartObject();
                g.writeStringField("id", d.id());
                g.writeStringField("kind", d.kind());
                g.writeBooleanField("online", d.online());
                g.writeStringField("lastError", d.lastError());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void identity(ServerRequest req, ServerResponse res) {
        Optional<Object> identity = ctx().state().get(IDENTITY_PATH);
        if (identity.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "no system identity in state at '" + IDENTITY_PATH
                    + "' (the identity service puts it there)");
            return;
        }
        Json.send(res, g -> Json.value(g, identity.get(), web.codec()));
    }

    private void health(ServerRequest req, ServerResponse res) {
        List<ServiceInfo> services = ctx().services().list();
        List<DeviceInfo> devices = ctx().devices();
        long running = services.stream().filter(ServiceInfo::running).count();
        long failed = services.stream().filter(s -> s.state() == ServiceState.FAILED).count();
        long online = devices.stream().filter(DeviceInfo::online).count();
        // Components that report their own health put a branch with a "status" below state
        // "health" (the Kafka shipper: health.kafka); one that is not UP degrades the whole.
        Object components = ctx().state().get("health").orElse(null);
        boolean componentDown = components instanceof Map<?, ?> m && m.values().stream()
                .anyMatch(c -> c instanceof Map<?, ?> cm && cm.get("status") != null && !"UP".equals(cm.get("status")));
        boolean degraded = failed > 0 || online < devices.size() || componentDown;
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeStringField("status", degraded ? "DEGRADED" : "UP");
            g.writeStringField("mode", ctx().mode().name());
            g.writeStringField("version", ctx().version());
            g.writeStringField("time", ctx().clock().now().toString());
            g.writeStringField("uptime", ctx().clock().uptime().toString());
            g.writeObjectFieldStart("services");
            g.writeNumberField("total", services.size());
            g.writeNumberField("running", running);
            g.writeNumberField("failed", failed);
            g.writeEndObject();
            g.writeObjectFieldStart("devices");
            g.writeNumberField("total", devices.size());
            g.writeNumberField("online", online);
            g.writeEndObject();
            g.writeNumberField("connections", hub.size());
            g.writeBooleanField("tokenRequired", web.tokenRequired());
            if (components instanceof Map<?, ?>) {
                g.writeFieldName("components");
                Json.value(g, components, web.codec());
            }
            g.writeEndObject();
        });
    }

    private void versions(ServerRequest req, ServerResponse res) {
        List<Module> modules = bussdccModules();
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeStringField("framework", ctx().version());
            g.writeObjectFieldStart("java");
            g.writeStringField("version", java.lang.Runtime.version().toString());
            g.writeStringField("vendor", System.getProperty("java.vendor"));
            g.writeStringField("vm", System.getProperty("java.vm.name"));
            g.writeEndObject();
            g.writeStringField("helidon", versionOf(WebServer.class.getModule()));
            g.writeArrayFieldStart("modules");
            for (Module m : modules) {
                g.writeStartObject();
                g.writeStringField("name", m.getName());
                g.writeStringField("version", versionOf(m));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The {@code io.bussdcc.*} modules of this module's layer and its parents, by name. */
    static List<Module> bussdccModules() {
        Set<Module> found = new LinkedHashSet<>();
        ModuleLayer layer = WebInterface.class.getModule().getLayer();
        List<ModuleLayer> layers = new ArrayList<>();
        if (layer != null) {
            collect(layer, layers);
        } else {
            layers.add(ModuleLayer.boot());
        }
        for (ModuleLayer l : layers) {
            for (Module m : l.modules()) {
                if (m.getName().startsWith("io.bussdcc.")) {
                    found.add(m);
                }
            }
        }
        return found.stream().sorted(Comparator.comparing(Module::getName)).toList();
    }

    private static void collect(ModuleLayer layer, List<ModuleLayer> into) {
        if (!into.contains(layer)) {
            into.add(layer);
            layer.parents().forEach(p -> collect(p, into));
        }
    }

    /** The module's version from its descriptor, or its jar manifest; null if neither says. */
    static String versionOf(Module m) {
        if (m.getDescriptor() != null) {
            Optional<String> raw = m.getDescriptor().rawVersion();
            if (raw.isPresent()) {
                return raw.get();
            }
        }
        for (String pkg : m.getPackages()) {
            Package p = m.getClassLoader() == null ? null : m.getClassLoader().getDefinedPackage(pkg);
            if (p != null && p.getImplementationVersion() != null) {
                return p.getImplementationVersion();
            }
        }
        return null;
    }

    private void types(ServerRequest req, ServerResponse res) {
        Set<String> registered = ctx().messageTypes().names();
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("registered");
            for (String n : registered) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("allowFromWeb");
            for (String n : allowFromWeb.stream().sorted().toList()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void plugins(ServerRequest req, ServerResponse res) {
        Json.send(res, g -> {
            g.writeStartArray();
            for (WebPlugin p : plugins) {
                String base = "/plugins/" + p.name() + "/";
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeStringField("class", p.getClass().getName());
                g.writeArrayFieldStart("assets");
                for (WebAsset a : p.assets()) {
                    g.writeString(base + a.path());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("widgets");
                for (WebPlugin.Widget w : p.widgets()) {
                    g.writeStartObject();
                    g.writeStringField("name", w.name());
                    g.writeStringField("title", w.title());
                    g.writeStringField("script", base + w.script());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void connections(ServerRequest req, ServerResponse res) {
        List<ConnectionStats> stats = hub.stats();
        Json.send(res, g -> {
            g.writeStartArray();
            for (ConnectionStats s : stats) {
                g.writeStartObject();
                g.writeNumberField("id", s.id());
                g.writeStringField("remote", s.remote());
                g.writeNumberField("queued", s.queued());
                g.writeNumberField("capacity", s.capacity());
                g.writeNumberField("sent", s.sent());
                g.writeNumberField("missed", s.missed());
                g.writeArrayFieldStart("types");
                for (String t : s.types()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeStringField("minSeverity", s.minSeverity().name());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }
}
