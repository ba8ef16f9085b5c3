/**
 * The web interface: {@link io.bussdcc.web.WebInterface}, the {@link io.bussdcc.web.WebContext}
 * routes see, and the interface's messages.
 */
package io.bussdcc.web;
