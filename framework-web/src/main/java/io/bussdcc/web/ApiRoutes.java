package io.bussdcc.web;

import tools.jackson.core.JsonGenerator;
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
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The JSON endpoints below {@code /api/} (see {@code docs/web.md}). */
final class ApiRoutes {

    /** Where the identity service keeps the system identity; read by path, not by type. */
    static final String IDENTITY_PATH = "system.identity";

    private final RunningWebContext web;
    private final EventHub hub;
    private final Set<String> allowFromWeb;
    private final List<WebPlugin> plugins;

    ApiRoutes(RunningWebContext web, EventHub hub, Set<String> allowFromWeb, List<WebPlugin> plugins) {
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
        g.writeStringProperty("name", s.name());
        g.writeStringProperty("state", s.state().name());
        g.writeBooleanProperty("running", s.running());
        g.writeBooleanProperty("enabled", s.enabled());
        g.writeStringProperty("interval", s.interval().toString());
        g.writeNumberProperty("intervalMillis", s.interval().toMillis());
        g.writeBooleanProperty("restartOnFailure", s.restartOnFailure());
        g.writeBooleanProperty("critical", s.critical());
        g.writeNumberProperty("restarts", s.restarts());
        g.writeStringProperty("lastError", s.lastError());
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
            Json.error(res, Status.UNAUTHORIZED_401, RunningWebContext.bearer(req.headers()).isPresent()
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
                g.writeStringProperty("id", d.id());
                g.writeStringProperty("kind", d.kind());
                g.writeBooleanProperty("online", d.online());
                g.writeStringProperty("lastError", d.lastError());
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
        boolean degraded = failed > 0 || online < devices.size();
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeStringProperty("status", degraded ? "DEGRADED" : "UP");
            g.writeStringProperty("mode", ctx().mode().name());
            g.writeStringProperty("version", ctx().version());
            g.writeStringProperty("time", ctx().clock().now().toString());
            g.writeStringProperty("uptime", ctx().clock().uptime().toString());
            g.writeObjectPropertyStart("services");
            g.writeNumberProperty("total", services.size());
            g.writeNumberProperty("running", running);
            g.writeNumberProperty("failed", failed);
            g.writeEndObject();
            g.writeObjectPropertyStart("devices");
            g.writeNumberProperty("total", devices.size());
            g.writeNumberProperty("online", online);
            g.writeEndObject();
            g.writeNumberProperty("connections", hub.size());
            g.writeBooleanProperty("tokenRequired", web.tokenRequired());
            g.writeEndObject();
        });
    }

    private void versions(ServerRequest req, ServerResponse res) {
        List<Module> modules = bussdccModules();
        Json.send(res, g -> {
            g.writeStartObject();
            g.writeStringProperty("framework", ctx().version());
            g.writeObjectPropertyStart("java");
            g.writeStringProperty("version", java.lang.Runtime.version().toString());
            g.writeStringProperty("vendor", System.getProperty("java.vendor"));
            g.writeStringProperty("vm", System.getProperty("java.vm.name"));
            g.writeEndObject();
            g.writeStringProperty("helidon", versionOf(WebServer.class.getModule()));
            g.writeArrayPropertyStart("modules");
            for (Module m : modules) {
                g.writeStartObject();
                g.writeStringProperty("name", m.getName());
                g.writeStringProperty("version", versionOf(m));
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
            g.writeArrayPropertyStart("registered");
            for (String n : registered) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("allowFromWeb");
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
                g.writeStringProperty("name", p.name());
                g.writeStringProperty("class", p.getClass().getName());
                g.writeArrayPropertyStart("assets");
                for (WebAsset a : p.assets()) {
                    g.writeString(base + a.path());
                }
                g.writeEndArray();
                g.writeArrayPropertyStart("widgets");
                for (WebPlugin.Widget w : p.widgets()) {
                    g.writeStartObject();
                    g.writeStringProperty("name", w.name());
                    g.writeStringProperty("title", w.title());
                    g.writeStringProperty("script", base + w.script());
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
                g.writeNumberProperty("id", s.id());
                g.writeStringProperty("remote", s.remote());
                g.writeNumberProperty("queued", s.queued());
                g.writeNumberProperty("capacity", s.capacity());
                g.writeNumberProperty("sent", s.sent());
                g.writeNumberProperty("missed", s.missed());
                g.writeArrayPropertyStart("types");
                for (String t : s.types()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeStringProperty("minSeverity", s.minSeverity().name());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }
}
