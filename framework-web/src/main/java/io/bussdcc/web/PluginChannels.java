package io.bussdcc.web;

import io.bussdcc.web.spi.WebChannel;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import io.helidon.webserver.websocket.WsRouting;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Mounts the plugins' {@link WebChannel}s at {@code /plugins/<plugin>/ws/<channel>}. */
final class PluginChannels {

    private static final System.Logger LOG = System.getLogger(PluginChannels.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final AtomicLong IDS = new AtomicLong();

    private PluginChannels() {}

    static void register(WsRouting.Builder ws, Iterable<WebPlugin> plugins, RunningWebContext web, Settings settings) {
        for (WebPlugin plugin : plugins) {
            for (WebChannel channel : plugin.channels()) {
                if (channel.name() == null || !NAME.matcher(channel.name()).matches()) {
                    throw new WebInterfaceException("web plugin '" + plugin.name() + "' has a channel named '" + channel.name()
                            + "'; channel names are lower-case letters, digits and '-'");
                }
                ws.endpoint("/plugins/" + plugin.name() + "/ws/" + channel.name(),
                        () -> new Connection(channel, web, settings));
            }
        }
    }

    /** One client of a plugin channel. */
    static final class Connection implements WsListener, WebChannel.Session {
        private final WebChannel channel;
        private final RunningWebContext web;
        private final Settings settings;
        private final long id = IDS.incrementAndGet();
        private final ArrayBlockingQueue<String> queue;
        private final AtomicLong dropped = new AtomicLong();
        private volatile WsSession session;
        private volatile Thread sender;
        private volatile boolean closed;
        private StringBuilder fragments;
        private boolean discarding;

        Connection(WebChannel channel, RunningWebContext web, Settings settings) {
            this.channel = channel;
            this.web = web;
            this.settings = settings;
            this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        }

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
            if (!web.origins().permits(origin, headers.first(HeaderNames.HOST).orElse(null))) {
                throw new WsUpgradeException("origin " + origin + " is not allowed");
            }
            String presented = RunningWebContext.bearer(headers).orElse(prologue.query().first("token").orElse(null));
            if (!web.tokenMatches(presented)) {
                throw new WsUpgradeException(presented == null ? "this channel needs the token" : "wrong token");
            }
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            sender = Thread.ofVirtual().name("bussdcc-web-channel-" + channel.name() + "-" + id).start(this::sendLoop);
            guarded("onOpen", () -> channel.onOpen(this));
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            if (discarding) {
                discarding = !last;
                return;
            }
            if (fragments != null || !last) {
                if (fragments == null) {
                    fragments = new StringBuilder();
                }
                fragments.append(text);
                if (fragments.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > settings.maxFrameSize()) {
                    fragments = null;
                    discarding = !last;
                    session.close(WsCloseCodes.TOO_BIG, "a message may be at most " + settings.maxFrameSize() + " bytes");
                    return;
                }
                if (!last) {
                    return;
                }
                text = fragments.toString();
                fragments = null;
            }
            String whole = text;
            guarded("onMessage", () -> channel.onMessage(this, whole));
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            if (last) {
                session.close(WsCloseCodes.CANNOT_ACCEPT, "binary frames are not accepted: send text");
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            shutdown();
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            LOG.log(System.Logger.Level.DEBUG, "channel " + channel.name() + " connection " + id + " failed", t);
            shutdown();
        }

        private void shutdown() {
            if (closed) {
                return;
            }
            closed = true;
            Thread s = sender;
            if (s != null) {
                s.interrupt();
            }
            queue.clear();
            guarded("onClose", () -> channel.onClose(this));
        }

        private void guarded(String what, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "web channel '" + channel.name() + "' failed in " + what + ": " + e, e);
            }
        }

        private void sendLoop() {
            try {
                while (!closed) {
                    session.send(queue.take(), true);
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "channel " + channel.name() + " connection " + id + ": send failed: " + e);
                shutdown();
            }
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void send(String text) {
            if (closed) {
                return;
            }
            while (!queue.offer(text)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            WsSession s = session;
            if (s != null) {
                s.close(WsCloseCodes.NORMAL_CLOSE, "closed by the server");
            }
            shutdown();
        }
    }
}
