package io.bussdcc.web.page;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstache.JStacheType;
import java.util.List;

/**
 * What the shared layout template shows. Its renderer, {@code LayoutViewRenderer}, is generated
 * at compile time by JStachio (zero-dependency mode: no template engine at run time).
 */
@JStache(path = "io/bussdcc/web/page/layout.mustache")
@JStacheConfig(type = JStacheType.STACHE)
record LayoutView(
        String title,
        String appTitle,
        List<NavLink> nav,
        List<FlashView> flashes,
        String content,
        List<String> styles,
        List<String> scripts,
        String footer) {

    /** A nav entry; {@code active} for the page being shown. */
    record NavLink(String label, String href, boolean active) {}

    /** A flash message with its Bootstrap alert class. */
    record FlashView(String css, String text, String detail) {}
}
