package dev.lockstep.checker.review;

import static dev.lockstep.checker.review.Html.esc;

import dev.lockstep.checker.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lock graphs the gate's refinement stage wrote ({@code target/lockdep/<protocol>/<variant>.svg} and {@code .txt},
 * lockdep over every explored run): copied into the report and linked per protocol and variant. None if the gate's
 * Java stages have not run.
 */
final class LockGraphs {
    private LockGraphs() {}

    /** Copies {@code lockdep}'s graphs into {@code out/lockdep/} and returns the index's section ("" if none). */
    static String section(Path lockdep, Path out) throws IOException {
        if (!Files.isDirectory(lockdep)) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2 id=\"lockdep\">Lock graphs</h2>\n<p>Lock classes and the order"
                + " every explored run of the Java model took them in (the last <code>./lockstep gate</code>); red"
                + " edges close a cycle, orange ones go against the documented order. The text has lockdep's"
                + " reports.</p>\n<table><tr><th>protocol</th><th>variants</th></tr>\n");
        for (Path protocol : sorted(lockdep)) {
            String p = protocol.getFileName().toString();
            b.append("<tr><td>").append(esc(p)).append("</td><td>");
            for (Path svg : sorted(protocol)) {
                String name = svg.getFileName().toString();
                if (!name.endsWith(".svg")) {
                    continue;
                }
                String variant = name.substring(0, name.length() - ".svg".length());
                copy(svg, out.resolve("lockdep").resolve(p).resolve(name));
                Path txt = protocol.resolve(variant + ".txt");
                b.append("<a href=\"lockdep/").append(esc(p)).append('/').append(esc(name)).append("\">")
                        .append(esc(variant)).append("</a>");
                if (Files.isRegularFile(txt)) {
                    copy(txt, out.resolve("lockdep").resolve(p).resolve(variant + ".txt"));
                    b.append(" (<a href=\"lockdep/").append(esc(p)).append('/').append(esc(variant))
                            .append(".txt\">report</a>)");
                }
                b.append(' ');
            }
            b.append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        AtomicFiles.write(to, Files.readString(from, StandardCharsets.UTF_8));
    }
}
