package dev.lockstep.refinement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Runs TLC itself in a forked JVM, for figures to cross-check the in-process exploration against. */
public final class TlcReference {
    public record Figures(long distinct, int depth) {}

    private TlcReference() {}

    public static Figures run(Path specDir, String module, Path config) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar;
        try {
            jar = Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path metadir = Files.createTempDirectory("lockstep-tlc-ref-");
        try {
            // -deadlock: count the whole graph even where the spec has terminal states.
            Process p = new ProcessBuilder(List.of(java, "-XX:+UseParallelGC", "-cp", jar, "tlc2.TLC", "-deadlock",
                    "-workers", "1", "-metadir", metadir.toString(), "-config", config.toString(), module))
                    .directory(specDir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("TLC exited with " + exit + ":\n" + out);
            }
            // The last count is the final one: a long run also prints progress lines ("17,117 distinct states").
            return new Figures(Long.parseLong(find(out, "([\\d,]+) distinct states found").replace(",", "")),
                    Integer.parseInt(find(out, "depth of the complete state graph search is (\\d+)")));
        } finally {
            try (Stream<Path> walk = Files.walk(metadir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** The last match: TLC's progress reports (once a minute) say "distinct states found" too, before its total. */
    private static String find(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            throw new IllegalStateException("no match for " + regex + " in TLC output:\n" + out);
        }
        return last;
    }
}
