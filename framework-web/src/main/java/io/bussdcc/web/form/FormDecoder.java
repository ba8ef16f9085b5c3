package io.bussdcc.web.form;

import io.bussdcc.api.Message;
import io.bussdcc.codec.CodecException;
import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormNode.Component;
import io.bussdcc.web.form.FormNode.Group;
import io.bussdcc.web.form.FormNode.Kind;
import io.bussdcc.web.form.FormNode.Pairs;
import io.bussdcc.web.form.FormNode.Rows;
import io.bussdcc.web.form.FormNode.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One decoding of submitted fields: walks the model, checks every input, writes the codec's
 * JSON for the record, and remembers which JSON path came from which input, so that a refusal
 * by the codec (a record's own check) lands beside the right input.
 */
final class FormDecoder {

    /** The codec wraps a record constructor's exception: keep the exception's own message. */
    private static final Pattern REJECTED = Pattern.compile(".* rejected the data: (?:[\\w.$]+(?:Exception|Error): )?(.*)",
            Pattern.DOTALL);

    private final FormData data;
    private final OptionSource options;
    private final int maxRows;
    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();
    private final Map<String, String> inputOfPath = new HashMap<>();
    private final Map<String, List<Option>> resolved = new HashMap<>();

    FormDecoder(FormData data, OptionSource options, int maxRows) {
        this.data = data;
        this.options = options;
        this.maxRows = maxRows;
    }

    <M extends Message> Form.Result<M> decode(Form<M> form, EventCodec codec) {
        String json = group(form.model(), "", "");
        List<String> unknown = new ArrayList<>();
        for (String name : data.names()) {
            if (!consumed.contains(name)) {
                unknown.add(Scalars.quote(name));
            }
        }
        if (!unknown.isEmpty()) {
            errors.put(Form.WHOLE_FORM, (unknown.size() == 1 ? "unknown field " : "unknown fields ")
                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
                    + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : ""));
        }
        if (!errors.isEmpty()) {
            return new Form.Invalid<>(errors);
        }
        try {
            return new Form.Valid<>(form.type().cast(codec.readMessage(codec.types().nameOf(form.type()), json)));
        } catch (CodecException e) {
            Matcher m = REJECTED.matcher(e.reason());
            String reason = m.matches() ? m.group(1) : e.reason();
            errors.put(inputAt(e.path()), reason);
            return new Form.Invalid<>(errors);
        }
    }

    /** The input (or row, or fieldset) whose JSON path is the longest prefix of {@code path}. */
    private String inputAt(String path) {
        String best = Form.WHOLE_FORM;
        int bestLength = -1;
        for (Map.Entry<String, String> e : inputOfPath.entrySet()) {
            String p = e.getKey();
            boolean prefix = path.equals(p) || path.startsWith(p) && p.length() < path.length()
                    && (path.charAt(p.length()) == '.' || path.charAt(p.length()) == '[');
            if (prefix && p.length() > bestLength) {
                best = e.getValue();
                bestLength = p.length();
            }
        }
        return best;
    }

    private String group(Group g, String name, String path) {
        StringBuilder b = new StringBuilder("{");
        for (Component c : g.components()) {
            if (b.length() > 1) {
                b.append(',');
            }
            String childPath = path.isEmpty() ? c.wireName() : path + "." + c.wireName();
            b.append(EventCodec.quote(c.wireName())).append(':').append(node(c.node(), Form.join(name, c.name()), childPath));
        }
        return b.append('}').toString();
    }

    private String node(FormNode node, String name, String path) {
        inputOfPath.put(path, name);
        return switch (node) {
            case Scalar s -> scalar(s, name);
            case Group g -> group(g, name, path);
            case Rows r -> rows(r, name, path);
            case Pairs p -> pairs(p, name, path);
        };
    }

    private String scalar(Scalar s, String name) {
        consumed.add(name);
        List<String> values = data.all(name);
        if (values.size() > 1) {
            errors.put(name, "was given " + values.size() + " times; give it once");
            return "null";
        }
        String raw = values.isEmpty() ? null : values.getFirst();
        if (s.checkbox()) {
            if (raw == null) {
                return "false";
            }
            try {
                return Scalars.toJson(s, raw);
            } catch (Scalars.Invalid e) {
                errors.put(name, e.getMessage());
                return "null";
            }
        }
        // Blank is empty for values that are read stripped; text and a char keep every space.
        if (raw == null || raw.isEmpty() || s.kind() != Kind.TEXT && s.kind() != Kind.CHAR && raw.isBlank()) {
            if (s.required()) {
                errors.put(name, "is required");
                return "null";
            }
            return s.kind() == Kind.TEXT && !s.optional() ? "\"\"" : "null";
        }
        String json;
        try {
            json = Scalars.toJson(s, raw);
        } catch (Scalars.Invalid e) {
            errors.put(name, e.getMessage());
            return "null";
        }
        if (!s.meta().options().isEmpty()) {
            List<Option> choices = choices(s.meta().options());
            if (!choices.isEmpty() && choices.stream().noneMatch(o -> o.value().equals(raw))) {
                errors.put(name, Scalars.quote(raw) + " is not one of the choices ("
                        + String.join(", ", choices.stream().limit(10).map(Option::value).toList())
                        + (choices.size() > 10 ? ", …" : "") + ")");
            }
        }
        return json;
    }

    List<Option> choices(String source) {
        return resolved.computeIfAbsent(source, n -> FormHtml.resolve(options, n));
    }

    private List<String> rowIds(String name, FormNode.Meta meta) {
        Set<String> ids = rowIds(data, name);
        if (meta.required() && ids.isEmpty()) {
            errors.put(name, "needs at least one row");
        }
        if (ids.size() > maxRows) {
            errors.put(name, "has " + ids.size() + " rows; at most " + maxRows + " are accepted");
            // The rows' fields are not checked: count them as read so they are not "unknown".
            String prefix = name + ".";
            for (String n : data.names()) {
                if (n.startsWith(prefix)) {
                    consumed.add(n);
                }
            }
            return List.of();
        }
        return List.copyOf(ids);
    }

    /** The row ids of the collection {@code name}, in order of first appearance. */
    static Set<String> rowIds(FormData data, String name) {
        Set<String> ids = new LinkedHashSet<>();
        String prefix = name + ".";
        for (String n : data.names()) {
            if (n.startsWith(prefix)) {
                int end = n.indexOf('.', prefix.length());
                String id = n.substring(prefix.length(), end < 0 ? n.length() : end);
                if (isRowId(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    static boolean isRowId(String id) {
        if (id.isEmpty() || id.length() > 9) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private String rows(Rows r, String name, String path) {
        List<String> ids = rowIds(name, r.meta());
        StringBuilder b = new StringBuilder("[");
        Map<String, String> seen = new HashMap<>();
        int i = 0;
        for (String id : ids) {
            String row = name + "." + id;
            consumed.add(row + ".#");
            String rowPath = path + "[" + i++ + "]";
            int before = errors.size();
            String json = node(r.element(), row, rowPath);
            if (r.set() && errors.size() == before) {
                String first = seen.putIfAbsent(json, row);
                if (first != null) {
                    errors.put(row, "is the same as an earlier row; a set holds each value once");
                }
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(json);
        }
        return b.append(']').toString();
    }

    private String pairs(Pairs p, String name, String path) {
        List<String> ids = rowIds(name, p.meta());
        boolean object = p.key().kind() == Kind.TEXT;
        StringBuilder b = new StringBuilder(object ? "{" : "[");
        Set<String> keys = new HashSet<>();
        int i = 0;
        for (String id : ids) {
            String row = name + "." + id;
            consumed.add(row + ".#");
            String rowPath = path + "[" + i++ + "]";
            inputOfPath.put(rowPath, row);
            int before = errors.size();
            String key = scalar(p.key(), row + ".key");
            if (errors.size() == before && !keys.add(key)) {
                errors.put(row + ".key", "this key is already in an earlier row");
            }
            String value = node(p.value(), row + ".value", rowPath + "[1]");
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(object ? key + ":" + value : "[" + key + "," + value + "]");
        }
        return b.append(object ? '}' : ']').toString();
    }
}
