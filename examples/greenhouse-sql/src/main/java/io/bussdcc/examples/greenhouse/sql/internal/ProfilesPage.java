package io.bussdcc.examples.greenhouse.sql.internal;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstache.JStacheType;
import java.util.List;

/**
 * The profiles page, a JStachio template checked and compiled with this module.
 *
 * @param profiles    the stored profiles
 * @param unavailable why the database cannot be used, or null
 * @param csrf        the layout's CSRF field (HTML)
 * @param token       the token field when the interface has a token (HTML), or empty
 * @param formTitle   "New profile" or "Edit …"
 * @param form        the generated form's inputs (HTML)
 */
@JStache(path = "io/bussdcc/examples/greenhouse/sql/internal/profiles.mustache")
@JStacheConfig(type = JStacheType.STACHE)
record ProfilesPage(List<Row> profiles, String unavailable, String csrf, String token, String formTitle, String form) {

    /**
     * A stored profile as the table shows it.
     *
     * @param name     its name
     * @param editHref the link that loads it into the form
     * @param mode     its mode
     * @param maxima   its per-sensor maxima, as text
     * @param quiet    its quiet hours, as text
     */
    record Row(String name, String editHref, String mode, String maxima, String quiet) {}
}
