/**
 * The bussdcc kernel contracts: messages and events, the event bus, state, clocks, the
 * contracts of processes, services, devices, sinks and sources, configuration, and the SPIs
 * through which modules contribute to a runtime.
 *
 * <p>This module depends on nothing but {@code java.base}. Implementations live in
 * {@code io.bussdcc.runtime} and the plugin modules.
 *
 * <ul>
 *   <li>{@link io.bussdcc.api} — the contracts an application programs against;</li>
 *   <li>{@link io.bussdcc.api.message} — the built-in lifecycle and failure messages;</li>
 *   <li>{@link io.bussdcc.api.spi} — what plugin modules implement.</li>
 * </ul>
 */
module io.bussdcc.api {
    exports io.bussdcc.api;
    exports io.bussdcc.api.message;
    exports io.bussdcc.api.spi;
}
