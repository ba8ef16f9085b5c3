/**
 * System identity: {@link io.bussdcc.identity.SystemIdentityService} (a supervised service),
 * the {@link io.bussdcc.identity.SystemIdentityEvent} it emits, and
 * {@link io.bussdcc.identity.SystemIdentity}, the discovery itself.
 */
package io.bussdcc.identity;
