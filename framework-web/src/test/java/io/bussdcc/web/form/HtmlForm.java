package io.bussdcc.web.form;

import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser would submit from rendered form HTML: the inputs and selects outside
 * {@code <template>}s in document order, checkboxes only when checked, a select's selected (or
 * first) option. Only for HTML this module writes (quoted attributes, no comments).
 */
final class HtmlForm {

    private static final Pattern TAG = Pattern.compile("<(input|select)\\b([^>]*)>|<option\\b([^>]*)>|</select>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z][\\w-]*)(?:=\"([^\"]*)\")?");

    private HtmlForm() {}

    static String withoutTemplates(String html) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        int i = 0;
        while (i < html.length()) {
            if (html.startsWith("<template", i)) {
                depth++;
                i = html.indexOf('>', i) + 1;
            } else if (html.startsWith("</template>", i)) {
                depth--;
                i += "</template>".length();
            } else {
                if (depth == 0) {
                    b.append(html.charAt(i));
                }
                i++;
            }
        }
        return b.toString();
    }

    /** The submitted pairs, in order (a name may repeat). */
    static List<Map.Entry<String, String>> submitted(String html) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Matcher m = TAG.matcher(withoutTemplates(html));
        String selectName = null;
        String firstOption = null;
        String selected = null;
        while (m.find()) {
            if (m.group(1) != null) {
                Map<String, String> a = attributes(m.group(2));
                if (m.group(1).equals("select")) {
                    selectName = a.get("name");
                    firstOption = null;
                    selected = null;
                } else {
                    String type = a.getOrDefault("type", "text");
                    if (a.containsKey("name") && (!type.equals("checkbox") || a.containsKey("checked"))) {
                        out.add(Map.entry(a.get("name"), a.getOrDefault("value", type.equals("checkbox") ? "on" : "")));
                    }
                }
            } else if (m.group(3) != null) {
                Map<String, String> a = attributes(m.group(3));
                if (firstOption == null) {
                    firstOption = a.get("value");
                }
                if (a.containsKey("selected")) {
                    selected = a.get("value");
                }
            } else if (selectName != null) {
                out.add(Map.entry(selectName, selected != null ? selected : firstOption));
                selectName = null;
            }
        }
        return out;
    }

    /** The submission as a URL-encoded body, read back as the server would. */
    static FormData submit(String html) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : submitted(html)) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return FormData.parse(body.toString(), 1_000_000);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(text);
        while (m.find()) {
            a.put(m.group(1), m.group(2) == null ? "" : unescape(m.group(2)));
        }
        return a;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The message shown for {@code name}, or null. */
    static String errorFor(String html, String name) {
        Matcher m = Pattern.compile("data-error-for=\"" + Pattern.quote(FormHtml.escape(name)) + "\">([^<]*)<").matcher(html);
        return m.find() ? unescape(m.group(1)) : null;
    }
}
