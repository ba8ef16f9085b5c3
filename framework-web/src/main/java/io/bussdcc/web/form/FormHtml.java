package io.bussdcc.web.form;

import io.bussdcc.web.form.FormNode.Component;
import io.bussdcc.web.form.FormNode.Group;
import io.bussdcc.web.form.FormNode.Kind;
import io.bussdcc.web.form.FormNode.Meta;
import io.bussdcc.web.form.FormNode.Pairs;
import io.bussdcc.web.form.FormNode.Rows;
import io.bussdcc.web.form.FormNode.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a form's inputs as HTML with Bootstrap 5 classes (plain HTML without Bootstrap). Every
 * text goes through {@link #escape}. Row prototypes are {@code <template>} elements whose row id
 * is the placeholder {@code __rowN__} (N = how deep the collection is nested), which
 * {@code forms.js} replaces when a row is added.
 */
final class FormHtml {

    private final FormData data;
    private final Map<String, String> errors;
    private final OptionSource options;
    private final Map<String, List<Option>> resolved = new HashMap<>();
    private final StringBuilder out = new StringBuilder(4096);

    FormHtml(FormData data, Map<String, String> errors, OptionSource options) {
        this.data = data;
        this.errors = errors;
        this.options = options;
    }

    String render(Group root) {
        String whole = errors.get(Form.WHOLE_FORM);
        if (whole != null) {
            out.append("<div class=\"alert alert-danger\" role=\"alert\" data-form-error>").append(escape(whole))
                    .append("</div>\n");
        }
        components(root, "", 0, data);
        return out.toString();
    }

    static List<Option> resolve(OptionSource options, String name) {
        List<Option> found = options.resolve(name);
        if (found == null) {
            throw new FormException("no option source knows '" + name + "' (built in: devices, devices.online, "
                    + "services, types, state:<path>)");
        }
        return found;
    }

    private void components(Group g, String prefix, int depth, FormData values) {
        Map<String, List<Component>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (Component c : g.components()) {
            String group = c.node().meta().group();
            if (group.isEmpty()) {
                order.add(c);
            } else {
                if (!groups.containsKey(group)) {
                    order.add(group);
                }
                groups.computeIfAbsent(group, k -> new ArrayList<>()).add(c);
            }
        }
        for (Object o : order) {
            if (o instanceof Component c) {
                node(c.node(), Form.join(prefix, c.name()), depth, values);
            } else {
                String group = (String) o;
                out.append("<fieldset class=\"border rounded p-3 mb-3\" data-group=\"").append(escape(group))
                        .append("\"><legend class=\"fs-6 fw-semibold\">").append(escape(group)).append("</legend>\n");
                for (Component c : groups.get(group)) {
                    node(c.node(), Form.join(prefix, c.name()), depth, values);
                }
                out.append("</fieldset>\n");
            }
        }
    }

    private void node(FormNode node, String name, int depth, FormData values) {
        switch (node) {
            case Scalar s -> scalar(s, name, values);
            case Group g -> {
                out.append("<fieldset class=\"border rounded p-3 mb-3\" data-fieldset=\"").append(escape(name))
                        .append("\"><legend class=\"fs-6 fw-semibold\">").append(escape(g.meta().label()))
                        .append("</legend>\n");
                help(g.meta(), null);
                error(name);
                components(g, name, depth, values);
                out.append("</fieldset>\n");
            }
            case Rows r -> collection(name, r.meta(), depth, values, (row, d) -> rowContent(r.element(), row, d, values),
                    (row, d, proto) -> rowContent(r.element(), row, d, proto));
            case Pairs p -> collection(name, p.meta(), depth, values, (row, d) -> {
                scalar(p.key(), row + ".key", values);
                node(p.value(), row + ".value", d, values);
            }, (row, d, proto) -> {
                scalar(p.key(), row + ".key", proto);
                node(p.value(), row + ".value", d, proto);
            });
        }
    }

    /** A record in a row is shown without a fieldset of its own: the row is its frame. */
    private void rowContent(FormNode element, String row, int depth, FormData values) {
        if (element instanceof Group g) {
            components(g, row, depth, values);
        } else {
            node(element, row, depth, values);
        }
    }

    private interface RowWriter {
        void write(String row, int depth);
    }

    private interface PrototypeWriter {
        void write(String row, int depth, FormData empty);
    }

    private void collection(String name, Meta meta, int depth, FormData values, RowWriter rows, PrototypeWriter proto) {
        String placeholder = "__row" + depth + "__";
        out.append("<fieldset class=\"border rounded p-3 mb-3\" data-rows=\"").append(escape(name))
                .append("\" data-placeholder=\"").append(placeholder).append("\"><legend class=\"fs-6 fw-semibold\">")
                .append(escape(meta.label())).append("</legend>\n");
        help(meta, null);
        error(name);
        out.append("<div data-rows-entries>\n");
        Set<String> ids = FormDecoder.rowIds(values, name);
        for (String id : ids) {
            row(name + "." + id, id, depth, rows);
        }
        out.append("</div>\n<template data-rows-prototype>");
        String protoRow = name + "." + placeholder;
        out.append("<div class=\"border rounded p-2 mb-2 bussdcc-row\" data-row=\"").append(placeholder).append("\">");
        out.append("<input type=\"hidden\" name=\"").append(escape(protoRow)).append(".#\" value=\"\">\n");
        proto.write(protoRow, depth + 1, FormData.empty());
        removeButton();
        out.append("</div></template>\n");
        out.append("<button type=\"button\" class=\"btn btn-outline-primary btn-sm\" data-rows-add>Add</button>\n");
        out.append("</fieldset>\n");
    }

    private void row(String row, String id, int depth, RowWriter rows) {
        out.append("<div class=\"border rounded p-2 mb-2 bussdcc-row\" data-row=\"").append(escape(id)).append("\">");
        out.append("<input type=\"hidden\" name=\"").append(escape(row)).append(".#\" value=\"\">\n");
        error(row);
        rows.write(row, depth + 1);
        removeButton();
        out.append("</div>\n");
    }

    private void removeButton() {
        out.append("<div class=\"text-end\"><button type=\"button\" class=\"btn btn-outline-danger btn-sm\" "
                + "data-rows-remove>Remove</button></div>");
    }

    private void scalar(Scalar s, String name, FormData values) {
        String id = "f-" + name;
        String raw = values.first(name);
        String error = errors.get(name);
        Meta m = s.meta();
        out.append("<div class=\"mb-3\" data-field=\"").append(escape(name)).append("\">");
        if (s.checkbox()) {
            out.append("<div class=\"form-check\"><input type=\"checkbox\" class=\"form-check-input")
                    .append(error != null ? " is-invalid" : "").append("\" value=\"true\"");
            attributes(id, name, error, m);
            if (raw != null && !raw.equals("false") && !raw.equals("off")) {
                out.append(" checked");
            }
            out.append("> <label class=\"form-check-label\" for=\"").append(escape(id)).append("\">")
                    .append(escape(m.label())).append("</label></div>");
        } else {
            label(id, m);
            List<Option> choices = choices(s);
            if (choices != null) {
                select(s, id, name, raw, error, choices);
            } else {
                input(s, id, name, raw, error);
            }
        }
        feedback(id, name, error);
        help(m, id);
        out.append("</div>\n");
    }

    /** The choices of a select, or {@code null} for a free input. */
    private List<Option> choices(Scalar s) {
        Meta m = s.meta();
        if (!m.options().isEmpty()) {
            List<Option> found = resolved.computeIfAbsent(m.options(), n -> resolve(options, n));
            return found.isEmpty() ? null : found;
        }
        if (s.kind() == Kind.ENUM) {
            List<Option> list = new ArrayList<>();
            for (Object c : s.type().getEnumConstants()) {
                Enum<?> e = (Enum<?>) c;
                list.add(new Option(e.name(), enumLabel(e)));
            }
            return list;
        }
        if (s.kind() == Kind.BOOLEAN) {
            return List.of(new Option("true", "yes"), new Option("false", "no"));
        }
        return null;
    }

    static String enumLabel(Enum<?> e) {
        try {
            FormField f = e.getDeclaringClass().getField(e.name()).getAnnotation(FormField.class);
            if (f != null && !f.label().isBlank()) {
                return f.label();
            }
        } catch (NoSuchFieldException ignored) {
            // every constant is a field of its enum
        }
        return Form.humanize(e.name());
    }

    private void select(Scalar s, String id, String name, String raw, String error, List<Option> choices) {
        out.append("<select class=\"form-select").append(error != null ? " is-invalid" : "").append('"');
        attributes(id, name, error, s.meta());
        if (s.required()) {
            out.append(" required");
        }
        out.append(">");
        out.append("<option value=\"\"").append(raw == null || raw.isEmpty() ? " selected" : "").append(">")
                .append(s.required() ? "— choose —" : "—").append("</option>");
        boolean found = false;
        for (Option o : choices) {
            boolean selected = o.value().equals(raw);
            found |= selected;
            out.append("<option value=\"").append(escape(o.value())).append('"').append(selected ? " selected" : "")
                    .append(">").append(escape(o.label())).append("</option>");
        }
        if (!found && raw != null && !raw.isEmpty()) {
            // Keep what was there (a device now offline, a value typed elsewhere) rather than silently drop it.
            out.append("<option value=\"").append(escape(raw)).append("\" selected>").append(escape(raw))
                    .append(" (not available)</option>");
        }
        out.append("</select>");
    }

    private void input(Scalar s, String id, String name, String raw, String error) {
        Meta m = s.meta();
        String type = switch (s.kind()) {
            case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> "number";
            case DATE -> "date";
            case TIME -> "time";
            case INSTANT, LOCAL_DATE_TIME -> "datetime-local";
            default -> "text";
        };
        out.append("<input type=\"").append(type).append("\" class=\"form-control").append(error != null ? " is-invalid" : "")
                .append('"');
        attributes(id, name, error, m);
        if (raw != null) {
            out.append(" value=\"").append(escape(raw)).append('"');
        }
        switch (s.kind()) {
            case BYTE, SHORT, INT, LONG -> {
                numberRange(m);
                out.append(" step=\"").append(m.step().isEmpty() ? "1" : escape(m.step())).append('"');
            }
            case FLOAT, DOUBLE -> {
                numberRange(m);
                out.append(" step=\"").append(m.step().isEmpty() ? "any" : escape(m.step())).append('"');
            }
            case TEXT -> {
                if (!Double.isNaN(m.min())) {
                    out.append(" minlength=\"").append((long) m.min()).append('"');
                }
                if (!Double.isNaN(m.max())) {
                    out.append(" maxlength=\"").append((long) m.max()).append('"');
                }
            }
            case CHAR -> out.append(" maxlength=\"1\"");
            case TIME, INSTANT, LOCAL_DATE_TIME -> {
                String step = m.step().isEmpty() && raw != null ? Scalars.timeStep(raw) : m.step();
                if (!step.isEmpty()) {
                    out.append(" step=\"").append(escape(step)).append('"');
                }
            }
            default -> { }
        }
        if (s.required()) {
            out.append(" required");
        }
        String placeholder = !m.placeholder().isEmpty() ? m.placeholder() : switch (s.kind()) {
            case DURATION -> "10s, 1h30m or PT10S";
            case OFFSET_DATE_TIME -> "2026-03-09T23:45:02+01:00";
            case UUID -> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
            default -> "";
        };
        if (!placeholder.isEmpty()) {
            out.append(" placeholder=\"").append(escape(placeholder)).append('"');
        }
        out.append('>');
    }

    private void numberRange(Meta m) {
        if (!Double.isNaN(m.min())) {
            out.append(" min=\"").append(Scalars.number(m.min())).append('"');
        }
        if (!Double.isNaN(m.max())) {
            out.append(" max=\"").append(Scalars.number(m.max())).append('"');
        }
    }

    private void attributes(String id, String name, String error, Meta m) {
        out.append(" id=\"").append(escape(id)).append("\" name=\"").append(escape(name)).append('"');
        List<String> described = new ArrayList<>(2);
        if (error != null) {
            out.append(" aria-invalid=\"true\"");
            described.add(id + "-error");
        }
        if (!m.help().isEmpty()) {
            described.add(id + "-help");
        }
        if (!described.isEmpty()) {
            out.append(" aria-describedby=\"").append(escape(String.join(" ", described))).append('"');
        }
    }

    private void label(String id, Meta m) {
        out.append("<label class=\"form-label\" for=\"").append(escape(id)).append("\">").append(escape(m.label()))
                .append("</label>");
    }

    private void feedback(String id, String name, String error) {
        if (error != null) {
            out.append("<div class=\"invalid-feedback d-block\" id=\"").append(escape(id)).append("-error\" data-error-for=\"")
                    .append(escape(name)).append("\">").append(escape(error)).append("</div>");
        }
    }

    private void error(String name) {
        String error = errors.get(name);
        if (error != null) {
            out.append("<div class=\"invalid-feedback d-block\" data-error-for=\"").append(escape(name)).append("\">")
                    .append(escape(error)).append("</div>\n");
        }
    }

    private void help(Meta m, String id) {
        if (!m.help().isEmpty()) {
            out.append("<div class=\"form-text\"").append(id == null ? "" : " id=\"" + escape(id) + "-help\"").append('>')
                    .append(escape(m.help())).append("</div>");
        }
    }

    /** Text safe in HTML content and in double- or single-quoted attributes. */
    static String escape(String s) {
        return io.bussdcc.web.page.Html.escape(s);
    }
}
