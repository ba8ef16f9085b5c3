package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormData;
import io.bussdcc.web.page.Layout;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The {@link WebContext} of a running web interface (from start to stop): what its routes and connections share. */
final class RunningWebContext implements WebContext {

    private final Context context;
    private final EventCodec codec;
    private final Settings settings;
    private final OriginPolicy origins;
    private final HostPolicy hosts;
    private final byte[] token;
    volatile int port = -1;
    /** The replay controls (inactive in a live runtime); set once, before the server listens. */
    private volatile ReplayControls replay;

    /** Wrong tokens one connection may present before it is closed. */
    static final int MAX_TOKEN_ATTEMPTS = 5;
    static final String TOO_MANY_ATTEMPTS = "too many wrong tokens on this connection (" + MAX_TOKEN_ATTEMPTS + "): reconnect";
    /** Connections with wrong tokens remembered at most; past it the oldest are forgotten. */
    private static final int MAX_TRACKED = 4096;
    private final java.util.Map<String, Integer> failures = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Integer> eldest) {
                    return size() > MAX_TRACKED;
                }
            });
    private final String tokenText;

    RunningWebContext(Context context, EventCodec codec, Settings settings, OriginPolicy origins, HostPolicy hosts,
            String token) {
        this.hosts = hosts;
        this.tokenText = token;
        this.context = context;
        this.codec = codec;
        this.settings = settings;
        this.origins = origins;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    ReplayControls replay() {
        return replay;
    }

    void replay(ReplayControls controls) {
        this.replay = controls;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public EventCodec codec() {
        return codec;
    }

    /** Whether {@code request} presents the token (or none is required); a wrong one counts against its connection. */
    @Override
    public boolean authorized(ServerRequest request) {
        String presented = bearer(request.headers()).orElse(null);
        boolean ok = tokenMatches(presented);
        if (!ok && presented != null) {
            failures.merge(request.socketId(), 1, Integer::sum);
        }
        return ok;
    }

    /** Whether the connection {@code socketId} has presented {@link #MAX_TOKEN_ATTEMPTS} wrong tokens. */
    boolean tokenAttemptsExhausted(String socketId) {
        Integer n = failures.get(socketId);
        if (n != null && n >= MAX_TOKEN_ATTEMPTS) {
            failures.remove(socketId); // the connection is closed now; its id may be reused
            return true;
        }
        return false;
    }

    boolean readsProtected() {
        return settings.protectReads() && token != null;
    }

    /** The token in force, or null. */
    String token() {
        return tokenText;
    }

    @Override
    public Optional<FormData> acceptFormPost(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        boolean crossSite = req.headers().first(HeaderNames.create("Sec-Fetch-Site")).filter("cross-site"::equals).isPresent();
        if (crossSite || !origins.permits(origin, req.headers().first(HeaderNames.HOST).orElse(null))) {
            return refuse(res, Status.FORBIDDEN_403, "posts from origin " + origin + " are not allowed");
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            return refuse(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "a form is posted as application/x-www-form-urlencoded, not "
                    + (contentType.isEmpty() ? "without a Content-Type" : contentType));
        }
        FormData data;
        try {
            data = FormData.parse(req.content().as(String.class), CommandPanel.MAX_FIELDS);
        } catch (IllegalArgumentException e) {
            return refuse(res, Status.BAD_REQUEST_400, e.getMessage());
        }
        if (data.all(CommandPanel.CSRF_FIELD).size() != 1 || !Layout.of(req).csrfMatches(data.first(CommandPanel.CSRF_FIELD))) {
            return refuse(res, Status.FORBIDDEN_403, "the form lacks this server's CSRF field or it is stale: reload the page");
        }
        String presented = bearer(req.headers()).orElse(data.first(CommandPanel.TOKEN_FIELD));
        if (!tokenMatches(presented)) {
            if (presented != null && !presented.isEmpty()) {
                failures.merge(req.socketId(), 1, Integer::sum);
            }
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            return refuse(res, Status.UNAUTHORIZED_401, presented == null || presented.isEmpty()
                    ? "this form needs the token" : "wrong token");
        }
        return Optional.of(data.without(CommandPanel.CSRF_FIELD, CommandPanel.TOKEN_FIELD));
    }

    private static Optional<FormData> refuse(ServerResponse res, Status status, String reason) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(reason);
        return Optional.empty();
    }

    @Override
    public String host() {
        return settings.host();
    }

    @Override
    public int port() {
        return port;
    }

    HostPolicy hosts() {
        return hosts;
    }

    OriginPolicy origins() {
        return origins;
    }

    @Override
    public boolean tokenRequired() {
        return token != null;
    }

    /** Whether {@code presented} is the token, or no token is required. Constant time. */
    boolean tokenMatches(String presented) {
        if (token == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, if any. */
    static Optional<String> bearer(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip());
    }

    @Override
    public String toString() {
        return "WebContext[" + settings.name() + ", " + settings.host() + ":" + port + "]";
    }
}
