package io.bussdcc.web.internal;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.web.FromWeb;
import io.bussdcc.web.WebInterfaceStarted;

/** Registers the web interface's messages, so logs holding them read back. */
public final class WebMessageTypes implements MessageTypeProvider {

    /** For {@link java.util.ServiceLoader}. */
    public WebMessageTypes() {}

    @Override
    public void registerTypes(MessageTypeRegistry registry) {
        registry.register(WebInterfaceStarted.class);
        registry.register(FromWeb.class);
    }
}
