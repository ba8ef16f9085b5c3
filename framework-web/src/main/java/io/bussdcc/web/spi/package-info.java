/**
 * How other modules contribute to every {@link io.bussdcc.web.WebInterface}: routes, static
 * assets and dashboard widgets, through {@link io.bussdcc.web.spi.WebPlugin}.
 */
package io.bussdcc.web.spi;
