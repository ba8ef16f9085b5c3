package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.codec.EventCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The {@link WebContext} of a running web interface (from start to stop): what its routes and connections share. */
final class RunningWebContext implements WebContext {

    private final Context context;
    private final EventCodec codec;
    private final Settings settings;
    private final OriginPolicy origins;
    private final byte[] token;
    volatile int port = -1;

    RunningWebContext(Context context, EventCodec codec, Settings settings, OriginPolicy origins) {
        this.context = context;
        this.codec = codec;
        this.settings = settings;
        this.origins = origins;
        this.token = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public EventCodec codec() {
        return codec;
    }

    @Override
    public boolean authorized(ServerRequest request) {
        return tokenMatches(bearer(request.headers()).orElse(null));
    }

    @Override
    public String host() {
        return settings.host();
    }

    @Override
    public int port() {
        return port;
    }

    OriginPolicy origins() {
        return origins;
    }

    boolean tokenRequired() {
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
