package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.DeviceInfo;
import io.bussdcc.api.Health;
import io.bussdcc.api.ServiceInfo;
import io.bussdcc.api.ServiceState;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /metrics}: the runtime's figures in the Prometheus text format, or OpenMetrics
 * when the scraper asks for it ({@code Accept}), written by the Prometheus Java client's own
 * writers from snapshots taken at the scrape, so that nothing is counted on the event path
 * but the runtime's telemetry. The metric names and when each is current: docs/web.md,
 * "Metrics".
 */
final class MetricsRoute {

    static final String PATH = "/metrics";

    private final RunningWebContext web;
    private final EventHub hub;
    private final PrometheusTextFormatWriter prometheus = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    MetricsRoute(RunningWebContext web, EventHub hub) {
        this.web = web;
        this.hub = hub;
    }

    void register(HttpRouting.Builder routing) {
        routing.get(PATH, this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse("");
        ExpositionFormatWriter writer = openMetrics.accepts(accept) ? openMetrics : prometheus;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(body, snapshots(web.context(), hub));
        } catch (IOException | RuntimeException e) {
            Json.error(res, Status.INTERNAL_SERVER_ERROR_500, "metrics could not be written: " + e);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, writer.getContentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header("X-Content-Type-Options", "nosniff");
        res.send(body.toByteArray());
    }

    /** Everything /metrics shows, as of now. */
    static MetricSnapshots snapshots(Context ctx, EventHub hub) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        events(ctx, all);
        components(ctx, all);
        services(ctx, all);
        devices(ctx, all);
        web(hub, all);
        jvm(all);
        return all.build();
    }

    private static void events(Context ctx, MetricSnapshots.Builder all) {
        CounterSnapshot.Builder events = CounterSnapshot.builder().name("bussdcc_events")
                .help("Events dispatched since the runtime booted, by message type and severity");
        ctx.eventCounts().byType().forEach((type, bySeverity) -> bySeverity.forEach((severity, n) ->
                events.dataPoint(CounterDataPointSnapshot.builder()
                        .labels(Labels.of("type", type, "severity", lower(severity))).value(n).build())));
        all.metricSnapshot(events.build());
    }

    private static void components(Context ctx, MetricSnapshots.Builder all) {
        Map<String, Health> health = ctx.health();
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("bussdcc_component_up")
                .help("1 while a component (a sink) reports UP in /api/health, 0 while DOWN");
        GaugeSnapshot.Builder counts = GaugeSnapshot.builder().name("bussdcc_component_count")
                .help("The counts a component reports with its health (bytes held back, lag, events lost, retries)");
        health.forEach((component, h) -> {
            up.dataPoint(gauge(Labels.of("component", component), h.isUp() ? 1 : 0));
            h.counts().forEach((name, n) -> counts.dataPoint(gauge(Labels.of("component", component, "count", name), n)));
        });
        all.metricSnapshot(up.build());
        all.metricSnapshot(counts.build());
    }

    private static void services(Context ctx, MetricSnapshots.Builder all) {
        CounterSnapshot.Builder restarts = CounterSnapshot.builder().name("bussdcc_service_restarts")
                .help("Restarts of a supervised service after a failure");
        StateSetSnapshot.Builder state = StateSetSnapshot.builder().name("bussdcc_service_state")
                .help("Where a supervised service is");
        for (ServiceInfo s : ctx.services().list()) {
            Labels service = Labels.of("service", s.name());
            restarts.dataPoint(CounterDataPointSnapshot.builder().labels(service).value(s.restarts()).build());
            StateSetDataPointSnapshot.Builder point = StateSetDataPointSnapshot.builder().labels(service);
            for (ServiceState each : ServiceState.values()) {
                point.state(lower(each), each == s.state());
            }
            state.dataPoint(point.build());
        }
        all.metricSnapshot(restarts.build());
        all.metricSnapshot(state.build());
    }

    private static void devices(Context ctx, MetricSnapshots.Builder all) {
        GaugeSnapshot.Builder online = GaugeSnapshot.builder().name("bussdcc_device_online")
                .help("1 while a device is online, 0 while not");
        for (DeviceInfo d : ctx.devices()) {
            online.dataPoint(gauge(Labels.of("device", d.id()), d.online() ? 1 : 0));
        }
        all.metricSnapshot(online.build());
    }

    private static void web(EventHub hub, MetricSnapshots.Builder all) {
        all.metricSnapshot(GaugeSnapshot.builder().name("bussdcc_web_clients")
                .help("WebSocket clients connected to the event stream")
                .dataPoint(gauge(Labels.EMPTY, hub.size())).build());
        all.metricSnapshot(CounterSnapshot.builder().name("bussdcc_web_events_dropped")
                .help("Events dropped from WebSocket clients' full queues (each told as missed)")
                .dataPoint(CounterDataPointSnapshot.builder().value(hub.dropped()).build()).build());
    }

    private static void jvm(MetricSnapshots.Builder all) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        Labels heapArea = Labels.of("area", "heap");
        Labels nonHeapArea = Labels.of("area", "nonheap");
        all.metricSnapshot(GaugeSnapshot.builder().name("jvm_memory_used_bytes").unit(Unit.BYTES)
                .help("Memory in use, heap and non-heap")
                .dataPoint(gauge(heapArea, heap.getUsed())).dataPoint(gauge(nonHeapArea, nonHeap.getUsed())).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jvm_memory_committed_bytes").unit(Unit.BYTES)
                .help("Memory committed by the JVM, heap and non-heap")
                .dataPoint(gauge(heapArea, heap.getCommitted())).dataPoint(gauge(nonHeapArea, nonHeap.getCommitted()))
                .build());
        GaugeSnapshot.Builder max = GaugeSnapshot.builder().name("jvm_memory_max_bytes").unit(Unit.BYTES)
                .help("The most memory the JVM may use (absent when it has no limit)");
        if (heap.getMax() >= 0) {
            max.dataPoint(gauge(heapArea, heap.getMax()));
        }
        if (nonHeap.getMax() >= 0) {
            max.dataPoint(gauge(nonHeapArea, nonHeap.getMax()));
        }
        all.metricSnapshot(max.build());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        all.metricSnapshot(GaugeSnapshot.builder().name("jvm_threads_current")
                .help("Live platform threads").dataPoint(gauge(Labels.EMPTY, threads.getThreadCount())).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jvm_threads_daemon")
                .help("Live daemon platform threads").dataPoint(gauge(Labels.EMPTY, threads.getDaemonThreadCount())).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jvm_threads_peak")
                .help("The most live platform threads since the JVM started")
                .dataPoint(gauge(Labels.EMPTY, threads.getPeakThreadCount())).build());
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
