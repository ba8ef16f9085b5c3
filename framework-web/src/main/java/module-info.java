/**
 * The bussdcc web interface on Helidon SE: an interface-role process serving JSON endpoints,
 * a live WebSocket event stream, a browser client library and a dashboard.
 *
 * <ul>
 *   <li>{@link io.bussdcc.web} — {@link io.bussdcc.web.WebInterface} (add it with
 *       {@code runtime.addInterface(...)}; subclass it to add routes), the
 *       {@link io.bussdcc.web.WebContext} handed to routes, and its messages;</li>
 *   <li>{@link io.bussdcc.web.spi} — {@link io.bussdcc.web.spi.WebPlugin}, how other modules
 *       add routes, assets and dashboard widgets.</li>
 * </ul>
 *
 * @uses io.bussdcc.web.spi.WebPlugin
 * @provides io.bussdcc.api.spi.InterfaceProvider the {@code web} interface (dashboard on 127.0.0.1:5000)
 * @provides io.bussdcc.api.spi.MessageTypeProvider {@code WebInterfaceStarted}
 */
module io.bussdcc.web {
    requires transitive io.bussdcc.api;
    // EventCodec appears in WebContext: users of the web module write messages with it.
    requires transitive io.bussdcc.codec;
    // HttpRouting.Builder and ServerRequest appear in the API (registerRoutes, WebPlugin).
    requires transitive io.helidon.webserver;
    requires io.helidon.webserver.websocket;
    requires io.helidon.websocket;
    requires tools.jackson.core;

    exports io.bussdcc.web;
    exports io.bussdcc.web.spi;

    uses io.bussdcc.web.spi.WebPlugin;

    provides io.bussdcc.api.spi.InterfaceProvider with io.bussdcc.web.internal.WebInterfaceProvider;
    provides io.bussdcc.api.spi.MessageTypeProvider with io.bussdcc.web.internal.WebMessageTypes;
}
