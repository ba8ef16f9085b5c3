package io.bussdcc.web.internal;

import io.helidon.common.Weighted;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;

/**
 * Plugs the strict WebSocket upgrade into Helidon's HTTP/1.1 connections ({@link
 * java.util.ServiceLoader}): on servers given a {@link StrictWsConfig} it takes the
 * {@code websocket} upgrade, weighted above Helidon's own upgrader, which then stays unused there.
 */
public final class StrictWsUpgradeProvider implements Http1UpgradeProvider<StrictWsConfig>, Weighted {

    /** For {@link java.util.ServiceLoader}. */
    public StrictWsUpgradeProvider() {}

    @Override
    public String protocolType() {
        return StrictWsConfig.TYPE;
    }

    @Override
    public Class<StrictWsConfig> protocolConfigType() {
        return StrictWsConfig.class;
    }

    @Override
    public Http1Upgrader create(StrictWsConfig config, ProtocolConfigs configs) {
        return new StrictWsUpgrader(config.ws());
    }

    /** Above Helidon's WebSocket upgrader (the default weight, 100): the first one per protocol wins. */
    @Override
    public double weight() {
        return 200;
    }
}
