/**
 * System identity: what machine this runtime runs on — hostname, hardware model, a serial
 * number, OS, kernel, architecture, CPU, memory, Java and framework versions.
 *
 * <p>{@link io.bussdcc.identity.SystemIdentityService} discovers it once at start, emits one
 * {@link io.bussdcc.identity.SystemIdentityEvent} and stores it in state under
 * {@code system.identity}. {@link io.bussdcc.identity.SystemIdentity#discover(java.nio.file.Path)}
 * does the same discovery without a runtime (the {@code bussdcc identity} command).
 *
 * @provides io.bussdcc.api.spi.ServiceProvider the service, named {@code identity}; configuration
 *           key {@code service.identity.root} (default {@code /}) points it at another filesystem root
 * @provides io.bussdcc.api.spi.MessageTypeProvider {@code SystemIdentityEvent}, so recorded identity
 *           events read back from logs
 */
module io.bussdcc.identity {
    // The event is a Message and the service a Service: users of this module need the api too.
    requires transitive io.bussdcc.api;

    exports io.bussdcc.identity;

    provides io.bussdcc.api.spi.ServiceProvider with io.bussdcc.identity.internal.IdentityServiceProvider;
    provides io.bussdcc.api.spi.MessageTypeProvider with io.bussdcc.identity.internal.IdentityMessageTypes;
}
