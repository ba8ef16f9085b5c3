/**
 * Service-provider interfaces: how modules contribute sinks, sources, services, processes,
 * interfaces, devices and message types to a runtime composed from the module path.
 *
 * <p>A module provides them with {@code provides ... with ...} in its {@code module-info.java}
 * and, for class-path users, a {@code META-INF/services} file. Each provider has a stable
 * {@code name()} that its configuration keys and its disable switch use
 * ({@code sink.jsonl.enabled=false}).
 */
package io.bussdcc.api.spi;
