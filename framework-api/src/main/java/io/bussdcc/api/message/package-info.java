/**
 * The messages the runtime emits about itself: lifecycle of the runtime, devices, processes,
 * interfaces and services, signals, and failures of handlers, processes, services, sinks and
 * devices.
 *
 * <p>Their type names are those of the Python original ({@code bussdcc.message.runtime:RuntimeBooting},
 * {@code bussdcc_framework.message.framework:FrameworkBooted}, ...), so logs of either read in
 * the other. The failure messages are of severity {@code ERROR} (or {@code CRITICAL} for
 * {@link io.bussdcc.api.message.ServiceFailure}); those of handlers carry the
 * {@link io.bussdcc.api.Event} being handled, when there is one. A failure while handling an
 * {@code ERROR} event is counted and logged instead of reported, so failures cannot feed on
 * themselves.
 */
package io.bussdcc.api.message;
