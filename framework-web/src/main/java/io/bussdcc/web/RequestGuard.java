package io.bussdcc.web;

import io.bussdcc.web.page.Layout;
import io.helidon.common.context.Contexts;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * What every HTTP request passes before any route (docs/web.md, Security): the {@code Host}
 * check, the connection's budget of wrong tokens, the token for reads when reads are
 * protected, and {@code Connection: close}. It also makes the web interface current for the
 * request's handlers ({@link WebInterface#emit}).
 */
final class RequestGuard {

    private final RunningWebContext web;
    private final Layout layout;

    RequestGuard(RunningWebContext web, Layout layout) {
        this.web = web;
        this.layout = layout;
    }

    void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String host = req.headers().first(HeaderNames.HOST).orElse(null);
        if (!web.hosts().permits(host)) {
            Json.error(res, Status.FORBIDDEN_403, WebInterface.hostRefused(host));
            return;
        }
        String connection = req.socketId();
        if (web.tokenAttemptsExhausted(connection)) {
            res.header(HeaderNames.CONNECTION, "close");
            Json.error(res, Status.UNAUTHORIZED_401, RunningWebContext.TOO_MANY_ATTEMPTS);
            throw new CloseConnectionException("too many wrong tokens on one connection");
        }
        if (web.readsProtected() && isRead(req.path().rawPath()) && !web.authorized(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Json.error(res, Status.UNAUTHORIZED_401, RunningWebContext.bearer(req.headers()).isPresent()
                    ? "wrong token" : "reading needs the token: send 'Authorization: Bearer <token>'");
            return;
        }
        req.context().register(web);
        req.context().register(layout); // the shared page layout, for the pages of this request
        Contexts.runInContext(req.context(), chain::proceed);
        if (asksToClose(req.headers().first(HeaderNames.CONNECTION).orElse(null))) {
            // Helidon answers "Connection: close" but would read the next request: end it here.
            throw new CloseConnectionException("the client asked to close the connection");
        }
    }

    /** Whether {@code path} is one of the reads that protected reads guard: {@code /api/…} and {@code /metrics}. */
    static boolean isRead(String path) {
        return path.startsWith("/api/") || path.equals(MetricsRoute.PATH);
    }

    /** Whether a {@code Connection} header holds the token {@code close}. */
    static boolean asksToClose(String connection) {
        if (connection == null) {
            return false;
        }
        for (String token : connection.split(",")) {
            if (token.strip().equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }
}
