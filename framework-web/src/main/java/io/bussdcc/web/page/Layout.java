package io.bussdcc.web.page;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared layout of server-rendered pages: Bootstrap 5, a navigation bar (the dashboard, the
 * command panel and every {@link io.bussdcc.web.spi.WebPlugin#nav() plugin's} entries), flash
 * messages, and a footer with the application's, the framework's and Java's versions. Each
 * running {@link io.bussdcc.web.WebInterface} has one; a route gets it with {@link #of}. See
 * {@code docs/web.md}, "Pages".
 *
 * <pre>{@code
 * routing.get("/greenhouse/chart", (req, res) ->
 *         Layout.of(req).send(req, res, Page.of("Readings", ChartViewRenderer.of().execute(view))));
 * }</pre>
 */
public final class Layout {

    /** The pages' policy: everything from this server only, no inline script, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    /** How many flashes wait to be shown at most; older ones are dropped. */
    static final int MAX_PENDING_FLASHES = 256;

    private final List<NavEntry> nav;
    private final String frameworkVersion;
    private final AppInfo app;
    private static final LayoutViewRenderer RENDERER = new LayoutViewRenderer(Html.FORMATTER, Html.ESCAPER);
    /** The name of the hidden CSRF field ({@link #csrfField()}). */
    public static final String CSRF_FIELD = "_csrf";

    private final SecureRandom random = new SecureRandom();
    private final String csrf;
    private final Map<String, Flash> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Flash> eldest) {
            return size() > MAX_PENDING_FLASHES;
        }
    };

    /**
     * A layout with these navigation entries, naming {@code app} (or, when {@code null}, each
     * page's own) and {@code frameworkVersion} in the footer.
     */
    public Layout(List<NavEntry> nav, String frameworkVersion, AppInfo app) {
        this.nav = List.copyOf(nav);
        this.frameworkVersion = frameworkVersion;
        this.app = app;
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        this.csrf = HexFormat.of().formatHex(secret);
    }

    /**
     * The hidden input every form posting to this server carries: a secret of this run that a
     * page of another site cannot read, so it cannot forge the post. Check it with
     * {@link #csrfMatches}.
     */
    public String csrfField() {
        return "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\"" + csrf + "\">";
    }

    /** Whether {@code presented} (the submitted {@link #CSRF_FIELD}) is this run's secret. Constant time. */
    public boolean csrfMatches(String presented) {
        return presented != null && java.security.MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The layout of the web interface serving {@code request}.
     *
     * @throws IllegalStateException if no web interface routed the request
     */
    public static Layout of(ServerRequest request) {
        return request.context().get(Layout.class)
                .orElseThrow(() -> new IllegalStateException("request " + request.prologue() + " was not routed by a WebInterface"));
    }

    /** The navigation entries. */
    public List<NavEntry> nav() {
        return nav;
    }

    /** The whole HTML document of {@code page}, showing {@code flashes}, with {@code currentPath}'s nav entry active. */
    public String render(Page page, List<Flash> flashes, String currentPath) {
        List<LayoutView.NavLink> links = new ArrayList<>();
        for (NavEntry e : nav) {
            boolean active = e.path().equals(currentPath) || !e.path().equals("/") && currentPath.startsWith(e.path() + "/");
            links.add(new LayoutView.NavLink(e.label(), e.path(), active));
        }
        List<LayoutView.FlashView> views = flashes.stream()
                .map(f -> new LayoutView.FlashView(f.level().css, f.text(), f.detail())).toList();
        AppInfo shown = page.app() != null ? page.app() : app;
        String footer = (shown == null ? "" : shown.name() + (shown.version() == null ? "" : " " + shown.version()) + " · ")
                + "bussdcc " + (frameworkVersion == null ? "(unknown version)" : frameworkVersion)
                + " · Java " + java.lang.Runtime.version();
        LayoutView view = new LayoutView(page.title(), shown == null ? "bussdcc" : shown.name(), links, views,
                page.content(), page.styles(), page.scripts(), footer);
        StringBuilder out = new StringBuilder(page.content().length() + 2048);
        try {
            RENDERER.execute(view, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    /** Sends {@code page} with status 200, showing the flash named by the request's {@code ?flash=}. */
    public void send(ServerRequest req, ServerResponse res, Page page) {
        send(req, res, Status.OK_200, page);
    }

    /** Sends {@code page} with {@code status} (such as 422 for a form with errors). */
    public void send(ServerRequest req, ServerResponse res, Status status, Page page) {
        List<Flash> flashes = req.query().first("flash").flatMap(this::take).map(List::of).orElse(List.of());
        String html = render(page, flashes, req.path().path());
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "same-origin");
        res.send(html);
    }

    /**
     * Answers {@code 303 See Other} to {@code path} (a path of this server), which then shows
     * {@code flash} once: the Post/Redirect/Get pattern, so reloading does not post again.
     */
    public void redirect(ServerResponse res, String path, Flash flash) {
        Objects.requireNonNull(flash, "flash");
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("redirect to a path of this server, not " + path);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        synchronized (pending) {
            pending.put(id, flash);
        }
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, path + (path.contains("?") ? "&" : "?") + "flash=" + id);
        res.send();
    }

    private Optional<Flash> take(String id) {
        synchronized (pending) {
            return Optional.ofNullable(pending.remove(id));
        }
    }
}
