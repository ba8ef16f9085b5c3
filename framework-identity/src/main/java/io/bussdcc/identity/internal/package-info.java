/** The module's service-loader providers; not exported. */
package io.bussdcc.identity.internal;
