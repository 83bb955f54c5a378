package dev.lockstep.checker.review;

/** HTML text: everything from specs, traces and names goes through {@link #esc}, so no content is markup. */
final class Html {
    /** One small style sheet, inline in every page: the report needs no other file and no network. */
    static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            code,pre,.tree{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}
            th{background:#f3f3f3}.pass{color:#070}.fail{color:#b00;font-weight:bold}.muted{color:#777}
            pre.scenario{background:#fafafa;border:1px solid #ddd;padding:.5em;overflow-x:auto}
            ul.tree{list-style:none;margin:0;padding-left:1.2em}ul.tree.top{padding-left:0}
            .mod>.name,.add>.name,.del>.name{font-weight:bold}
            ins.add,li.add{background:#dfd;text-decoration:none}del.del,li.del{background:#fdd}
            li.mod>.old{background:#fdd;text-decoration:line-through}li.mod>.new{background:#dfd}
            tr.loop-start td{border-top:3px solid #c60}.loopmark{color:#c60;font-weight:bold}
            .ops{margin:0;padding-left:1em}.expr{color:#046}details>summary{cursor:pointer;color:#555}
            .line{display:block;white-space:pre}.line:target{background:#ffc}.ln{color:#999;user-select:none}
            """;

    private Html() {}

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page: {@code title} (escaped here) and {@code body} (already HTML). */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " img-src 'self'\">"
                + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body>\n" + body
                + "\n</body></html>\n";
    }
}
