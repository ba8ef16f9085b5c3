package io.bussdcc.web.internal;

import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.websocket.WsConfig;
import java.util.Objects;

/**
 * Turns on the strict WebSocket upgrade ({@link StrictWsUpgradeProvider}) for the server it is
 * added to ({@code WebServer.builder().addProtocol(...)}), with Helidon's WebSocket settings
 * (origins, largest frame). Servers without it keep Helidon's own WebSocket support.
 */
public record StrictWsConfig(WsConfig ws) implements ProtocolConfig {

    /** The protocol type, which the provider asks the server's protocol settings for. */
    public static final String TYPE = "bussdcc-websocket";

    public StrictWsConfig {
        Objects.requireNonNull(ws, "ws");
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
