/**
 * The contracts an application programs against.
 *
 * <p>Everything that happens is a {@link io.bussdcc.api.Message} (a record), emitted as an
 * {@link io.bussdcc.api.Event} through a {@link io.bussdcc.api.Context} onto one
 * {@link io.bussdcc.api.EventBus}. {@link io.bussdcc.api.Process}es react to events,
 * {@link io.bussdcc.api.Service}s do periodic work under supervision,
 * {@link io.bussdcc.api.Device}s stand for hardware, {@link io.bussdcc.api.EventSink}s record
 * and {@link io.bussdcc.api.EventSource}s replay. Shared state lives in the
 * {@link io.bussdcc.api.StateStore}; time comes from the {@link io.bussdcc.api.Clock}.
 */
package io.bussdcc.api;
