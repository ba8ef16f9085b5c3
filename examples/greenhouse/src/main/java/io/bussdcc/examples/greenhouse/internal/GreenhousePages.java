package io.bussdcc.examples.greenhouse.internal;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstache.JStacheType;
import java.util.List;

/**
 * The greenhouse's own pages, as JStachio templates checked and compiled with this module
 * (zero-dependency mode: the renderers are generated code; see {@code docs/web.md}, "Pages").
 */
@JStacheConfig(type = JStacheType.STACHE)
final class GreenhousePages {

    private GreenhousePages() {}

    /**
     * The settings page: the settings in force and the generated form.
     *
     * @param mode   the mode in force
     * @param maxima the per-sensor maxima in force
     * @param quiet  the quiet hours in force
     * @param csrf   the layout's CSRF field (HTML)
     * @param form   the form's inputs (HTML)
     */
    @JStache(path = "io/bussdcc/examples/greenhouse/internal/settings.mustache")
    record Settings(String mode, List<Maximum> maxima, List<String> quiet, String csrf, String form) {}

    /**
     * A sensor's maximum temperature.
     *
     * @param sensor its id
     * @param max    its maximum, °C
     */
    record Maximum(String sensor, String max) {}

    /**
     * The chart page.
     *
     * @param sensors how many sensors have readings
     */
    @JStache(path = "io/bussdcc/examples/greenhouse/internal/chart.mustache")
    record Chart(int sensors) {}
}
