package io.bussdcc.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {

    final Layout layout = new Layout(List.of(new NavEntry("Dashboard", "/"), new NavEntry("Greenhouse", "/greenhouse")),
            "1.2.3", new AppInfo("Greenhouse", "0.9"));

    @Test
    void thePageSitsInTheLayoutWithNavFlashAndVersions() {
        String html = layout.render(Page.of("Chart", "<canvas id=\"c\"></canvas>").withScripts("/plugins/g/chart.js"),
                List.of(new Flash(Flash.Level.SUCCESS, "Saved", "{\"a\":1}")), "/greenhouse/chart");
        assertTrue(html.contains("<title>Chart · Greenhouse</title>"), html);
        assertTrue(html.contains("<canvas id=\"c\"></canvas>"), "content is inserted as it is: " + html);
        assertTrue(html.contains("<a class=\"nav-link active\" href=\"/greenhouse\" aria-current=\"page\">Greenhouse</a>"), html);
        assertTrue(html.contains("<a class=\"nav-link\" href=\"/\">Dashboard</a>"), html);
        assertTrue(html.contains("<div class=\"alert alert-success\" role=\"status\" data-flash>Saved"), html);
        assertTrue(html.contains("<code>{&quot;a&quot;:1}</code>"), html);
        assertTrue(html.contains("data-footer>Greenhouse 0.9 · bussdcc 1.2.3 · Java " + java.lang.Runtime.version() + "</p>"), html);
        assertTrue(html.indexOf("/assets/vendor/bootstrap.bundle.min.js") < html.indexOf("/plugins/g/chart.js"), html);
    }

    @Test
    void everyTemplateVariableIsEscaped() {
        String html = layout.render(Page.of("<script>alert('t')</script>", "").withApp(new AppInfo("A&B\"", null)),
                List.of(Flash.of(Flash.Level.ERROR, "<img src=x onerror=alert(1)>")), "/");
        assertFalse(html.contains("<script>alert"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("A&amp;B&quot;"), html);
    }

    @Test
    void navEntriesArePathsOfThisServer() {
        assertThrows(IllegalArgumentException.class, () -> new NavEntry("x", "https://evil.example/"));
        assertThrows(IllegalArgumentException.class, () -> new NavEntry("x", "//evil.example/"));
        assertEquals("/a", new NavEntry("x", "/a").path());
    }
}
