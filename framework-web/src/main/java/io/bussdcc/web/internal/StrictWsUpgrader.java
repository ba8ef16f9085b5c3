package io.bussdcc.web.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeResponse;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRoute;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP/1.1 → WebSocket upgrade of the web interface: Helidon's handshake rules (GET, key,
 * version 13, origin; the upgrade passes the HTTP filters first) and Helidon's routes and
 * listeners, but the connection is a {@link StrictWsConnection}.
 */
final class StrictWsUpgrader extends WsUpgrader implements Http1RoutedUpgrader {

    private final int maxFrameLength;

    StrictWsUpgrader(WsConfig config) {
        super(config);
        this.maxFrameLength = config.maxFrameLength();
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        return route(ctx, prologue, headers).map(route -> (response, requestHeaders) -> {
            if (!isWebSocketUpgrade(requestHeaders) || route(ctx, prologue, requestHeaders).isEmpty()) {
                return Http1UpgradeResult.notApplicable();
            }
            WsListener listener = route.listener();
            Optional<Headers> extra;
            try {
                extra = Objects.requireNonNull(listener.onHttpUpgrade(prologue, requestHeaders));
            } catch (WsUpgradeException e) {
                response.send(Status.BAD_REQUEST_400);
                return Http1UpgradeResult.responded();
            }
            response.sendSwitchingProtocols(handshake(ctx, requestHeaders, extra));
            return Http1UpgradeResult.upgraded(connection(ctx, prologue, extra, listener));
        });
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        Optional<WsRoute> route = route(ctx, prologue, headers);
        if (route.isEmpty()) {
            return null;
        }
        WsListener listener = route.get().listener();
        Optional<Headers> extra;
        try {
            extra = Objects.requireNonNull(listener.onHttpUpgrade(prologue, headers));
        } catch (WsUpgradeException e) {
            return null;
        }
        BufferData answer = BufferData.growing(256);
        answer.write("HTTP/1.1 101 Switching Protocols\r\n".getBytes(StandardCharsets.US_ASCII));
        handshake(ctx, headers, extra).forEach(h -> h.writeHttp1Header(answer));
        answer.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
            ctx.dataWriter().writeNow(answer);
        } catch (SocketWriterException | UncheckedIOException e) {
            throw new ServerConnectionException("failed to write the WebSocket upgrade answer", e);
        }
        return connection(ctx, prologue, extra, listener);
    }

    private StrictWsConnection connection(ConnectionContext ctx, HttpPrologue prologue, Optional<Headers> extra,
            WsListener listener) {
        return new StrictWsConnection(ctx, prologue, extra.orElseGet(WritableHeaders::create), listener, maxFrameLength);
    }

    /** The WebSocket route for this request, after the handshake's checks; empty when no route is there. */
    private Optional<WsRoute> route(ConnectionContext ctx, HttpPrologue prologue, Headers headers) {
        WsRoute route;
        try {
            route = ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (prologue.method() != Method.GET) {
            throw badRequest("a WebSocket upgrade must use GET");
        }
        if (!headers.contains(WS_KEY)) {
            throw badRequest("the Sec-WebSocket-Key header is missing");
        }
        String version = headers.first(WS_VERSION).orElse(SUPPORTED_VERSION);
        if (!SUPPORTED_VERSION.equals(version)) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .message("unsupported WebSocket version (13 is supported)")
                    .header(SUPPORTED_VERSION_HEADER)
                    .build();
        }
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (origin.isPresent()) {
            validateOrigin(headers, origin.get());
        }
        return Optional.of(route);
    }

    private ServerResponseHeaders handshake(ConnectionContext ctx, Headers requestHeaders, Optional<Headers> extra) {
        ServerResponseHeaders answer = ServerResponseHeaders.create();
        extra.ifPresent(answer::from);
        answer.set(HeaderValues.create(HeaderNames.CONNECTION, "Upgrade"));
        answer.set(HeaderValues.create(HeaderNames.UPGRADE, "websocket"));
        answer.set(HeaderValues.create(HeaderNames.create("Sec-WebSocket-Accept"), hash(ctx, requestHeaders.get(WS_KEY).get())));
        return answer;
    }

    private static RequestException badRequest(String message) {
        return RequestException.builder().type(DirectHandler.EventType.BAD_REQUEST).message(message).build();
    }
}
