package io.bussdcc.cli;

/**
 * A {@code HOST:PORT} from the command line; an IPv6 host is written in brackets
 * ({@code [::1]:5000}).
 */
record HostPort(String host, int port) {

    static HostPort parse(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("--web needs HOST:PORT (e.g. 127.0.0.1:5000 or 0.0.0.0:0), not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UsageException("--web: write an IPv6 host in brackets, e.g. [::1]:5000, not '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--web: '" + text.substring(colon + 1) + "' is not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--web: port " + port + " is not between 0 and 65535");
        }
        if (host.isBlank()) {
            throw new UsageException("--web needs a host before the port, e.g. 127.0.0.1:" + port);
        }
        return new HostPort(host, port);
    }

    /** The host as a URL writes it: IPv6 in brackets. */
    static String forUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
