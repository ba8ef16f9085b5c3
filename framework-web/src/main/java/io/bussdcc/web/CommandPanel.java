package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.web.form.Form;
import io.bussdcc.web.form.FormData;
import io.bussdcc.web.form.FormException;
import io.bussdcc.web.form.OptionSource;
import io.bussdcc.web.page.Flash;
import io.bussdcc.web.page.Html;
import io.bussdcc.web.page.Layout;
import io.bussdcc.web.page.NavEntry;
import io.bussdcc.web.page.Page;
import io.bussdcc.web.spi.WebPlugin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command panel: {@code GET /commands} lists the message types allowed from the web,
 * {@code GET /commands/{type}} shows the generated form of one, {@code POST /commands/{type}}
 * decodes and emits it. A post must come from an allowed origin, carry this run's CSRF field
 * and, when a token is configured, the token (header or form field). See {@code docs/web.md}.
 */
final class CommandPanel {

    static final String CSRF_FIELD = Layout.CSRF_FIELD;
    static final String TOKEN_FIELD = "_token";
    /** Where a page of one's own posting here wants to go back to after success (a path of this server). */
    static final String BACK_FIELD = "_back";
    /** Name/value pairs a form body may hold. */
    static final int MAX_FIELDS = 4096;

    private final RunningWebContext web;
    private final Set<String> allowFromWeb;
    private final Map<String, Optional<Form<?>>> forms = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    CommandPanel(RunningWebContext web, Set<String> allowFromWeb) {
        this.web = web;
        this.allowFromWeb = allowFromWeb;
    }

    /** The layout of this run: the dashboard, this panel, then the plugins' entries. */
    static Layout layout(List<WebPlugin> plugins, String frameworkVersion) {
        List<NavEntry> nav = new ArrayList<>(List.of(new NavEntry("Dashboard", "/"), new NavEntry("Commands", "/commands")));
        for (WebPlugin p : plugins) {
            nav.addAll(p.nav());
        }
        return new Layout(nav, frameworkVersion, null);
    }

    void register(HttpRouting.Builder r) {
        r.get("/commands", this::list);
        r.get("/commands/{type}", this::show);
        r.post("/commands/{type}", this::submit);
    }

    private void list(ServerRequest req, ServerResponse res) {
        StringBuilder b = new StringBuilder();
        if (allowFromWeb.isEmpty()) {
            b.append("<p class=\"text-body-secondary\">No message type is allowed from the web. Allow some with "
                    + "<code>WebInterface.builder().allowFromWeb(...)</code> or <code>interface.web.allow-from-web</code>.</p>");
        } else {
            b.append("<div class=\"list-group\" data-commands>");
            for (String name : allowFromWeb.stream().sorted().toList()) {
                Optional<Form<?>> form = form(name);
                b.append("<div class=\"list-group-item\">");
                if (form.isPresent()) {
                    b.append("<a href=\"/commands/").append(escape(encode(name))).append("\" data-command=\"")
                            .append(escape(name)).append("\">").append(escape(form.get().model().meta().label()))
                            .append("</a>");
                } else {
                    b.append(escape(name)).append(" <span class=\"text-body-secondary\">(no form: ")
                            .append(escape(problems.getOrDefault(name, "")))
                            .append(")</span>");
                }
                b.append(" <code class=\"small ms-2\">").append(escape(name)).append("</code></div>");
            }
            b.append("</div>");
        }
        Layout.of(req).send(req, res, Page.of("Commands", b.toString()));
    }

    private void show(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("type");
        Optional<Form<?>> form = allowed(req, res, name);
        if (form.isPresent()) {
            page(req, res, Status.OK_200, name, form.get(), FormData.empty(), Map.of());
        }
    }

    private void submit(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("type");
        Optional<Form<?>> found = allowed(req, res, name);
        if (found.isEmpty()) {
            return;
        }
        Form<?> form = found.get();
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        boolean crossSite = req.headers().first(HeaderNames.create("Sec-Fetch-Site")).filter("cross-site"::equals).isPresent();
        if (crossSite || !web.origins().permits(origin, req.headers().first(HeaderNames.HOST).orElse(null))) {
            plain(res, Status.FORBIDDEN_403, "commands from origin " + origin + " are not allowed");
            return;
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            plain(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "a command form is posted as application/x-www-form-urlencoded, not "
                    + (contentType.isEmpty() ? "without a Content-Type" : contentType));
            return;
        }
        String body = req.content().as(String.class);
        FormData data;
        try {
            data = FormData.parse(body, MAX_FIELDS);
        } catch (IllegalArgumentException e) {
            page(req, res, Status.UNPROCESSABLE_CONTENT_422, name, form, FormData.empty(), Map.of(Form.WHOLE_FORM, e.getMessage()));
            return;
        }
        String presented = data.first(CSRF_FIELD);
        if (data.all(CSRF_FIELD).size() != 1 || !Layout.of(req).csrfMatches(presented)) {
            plain(res, Status.FORBIDDEN_403, "the form lacks this server's CSRF field or it is stale: reload the form");
            return;
        }
        String token = RunningWebContext.bearer(req.headers()).orElse(data.first(TOKEN_FIELD));
        String back = data.first(BACK_FIELD);
        if (back != null && (!back.startsWith("/") || back.startsWith("//") || back.contains("\\"))) {
            back = null;
        }
        FormData fields = data.without(CSRF_FIELD, TOKEN_FIELD, BACK_FIELD);
        if (!web.tokenMatches(token)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            page(req, res, Status.UNAUTHORIZED_401, name, form, fields, Map.of(Form.WHOLE_FORM,
                    token == null || token.isEmpty() ? "this command needs the token" : "wrong token"));
            return;
        }
        Form.Result<?> result = form.decode(fields, web.codec(), OptionSource.standard(web.context()));
        switch (result) {
            case Form.Invalid<?> invalid -> page(req, res, Status.UNPROCESSABLE_CONTENT_422, name, form, fields, invalid.errors());
            case Form.Valid<?> valid -> {
                Message m = valid.message();
                web.emit(m);
                Layout.of(req).redirect(res, back != null ? back : "/commands/" + encode(name),
                        new Flash(Flash.Level.SUCCESS, "Emitted " + name, web.codec().dataToJson(m)));
            }
        }
    }

    /** The form of an allowed type; otherwise answers 404 (an unknown or not allowed type look the same). */
    private Optional<Form<?>> allowed(ServerRequest req, ServerResponse res, String name) {
        Optional<Form<?>> form = allowFromWeb.contains(name) ? form(name) : Optional.empty();
        if (form.isEmpty()) {
            String why = allowFromWeb.contains(name) ? "'" + name + "' has no form: " + problems.get(name)
                    : "no command '" + name + "': it is not a message type allowed from the web";
            Layout.of(req).send(req, res, Status.NOT_FOUND_404, Page.of("No such command", "<p class=\"alert alert-warning\">"
                    + escape(why) + "</p><p><a href=\"/commands\">All commands</a></p>"));
        }
        return form;
    }

    private Optional<Form<?>> form(String name) {
        return forms.computeIfAbsent(name, n -> {
            Class<? extends Message> type = web.messageTypes().resolve(n).orElseThrow();
            try {
                return Optional.of(Form.of(type));
            } catch (FormException e) {
                problems.put(n, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private void page(ServerRequest req, ServerResponse res, Status status, String name, Form<?> form, FormData values,
                      Map<String, String> errors) {
        StringBuilder b = new StringBuilder();
        b.append("<p><code>").append(escape(name)).append("</code></p>");
        b.append("<form method=\"post\" action=\"/commands/").append(escape(encode(name)))
                .append("\" novalidate data-command-form=\"").append(escape(name)).append("\">\n");
        b.append(Layout.of(req).csrfField()).append('\n');
        if (web.tokenRequired()) {
            b.append("<div class=\"mb-3\"><label class=\"form-label\" for=\"f-_token\">Token</label><input type=\"password\" "
                    + "class=\"form-control\" id=\"f-_token\" name=\"_token\" autocomplete=\"current-password\" required></div>\n");
        }
        String inputs;
        try {
            inputs = form.render(values, errors, OptionSource.standard(web.context()));
        } catch (FormException e) {
            plain(res, Status.INTERNAL_SERVER_ERROR_500, "the form of '" + name + "' cannot be shown: " + e.getMessage());
            return;
        }
        b.append(inputs);
        b.append("<button type=\"submit\" class=\"btn btn-primary\">Emit</button>\n</form>");
        Layout.of(req).send(req, res, status, Page.of(form.model().meta().label(), b.toString()));
    }

    private static void plain(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(message);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return Html.escape(s);
    }
}
