package io.bussdcc.web;

import io.bussdcc.api.Severity;
import java.util.Set;

/**
 * One WebSocket connection as the server sees it.
 *
 * @param id          the connection's number (unique within the interface's run)
 * @param remote      the client's address
 * @param queued      events waiting in its queue now
 * @param capacity    how many events its queue holds before the oldest are dropped
 * @param sent        events sent to it so far
 * @param missed      events dropped for it so far because it did not keep up
 * @param types       the type names it subscribed to (empty: every type)
 * @param minSeverity the least severity it receives
 */
public record ConnectionStats(
        long id, String remote, int queued, int capacity, long sent, long missed, Set<String> types, Severity minSeverity) {}
