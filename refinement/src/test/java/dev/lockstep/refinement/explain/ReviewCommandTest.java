package dev.lockstep.refinement.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.cli.LockstepCommand;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.refinement.binding.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lockstep review} on a copy of the syncfs protocol: the index shows the Java model's coverage and replays
 * the gate recorded for a variant, "not run" for a variant without a record, and links every counterexample page.
 */
class ReviewCommandTest {
    @TempDir
    Path root;

    private void copy(String folder) throws IOException {
        Path from = Repository.ROOT.resolve(folder);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = root.resolve(folder).resolve(from.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
    }

    @Test
    void theIndexShowsTheRecordedJavaModelPerVariantAndNotRunWithoutARecord() throws IOException {
        copy("specs/syncfs");
        copy("counterexamples/syncfs");
        JavaModelRecords records = new JavaModelRecords(root);
        records.writeExploration("syncfs", "upstream", new JavaModelRecords.Exploration(7792, 7792, 23414, 23414,
                true));
        records.writeReplays("syncfs", "upstream", List.of(new JavaModelRecords.Replay("StaleBucketZero", true,
                "reproduced step for step")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LockstepCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("review", "--root", root.toString(), "--protocol", "syncfs"), err.toString());
        Path report = root.resolve("target/lockstep-review");
        String index = Files.readString(report.resolve("index.html"));
        assertTrue(index.contains("<tr><td>upstream</td><td>7,792/7,792 (100.0 %)</td><td>23,414/23,414 (100.0 %)</td>"
                + "<td><span class=\"pass\">ok</span></td><td><div><span class=\"pass\">ok</span> StaleBucketZero:"
                + " reproduced step for step</div></td></tr>"), index);
        assertTrue(index.contains("<tr><td>no-wait</td><td colspan=\"3\"><span class=\"muted\">not run</span></td>"),
                index);
        try (Stream<Path> files = Files.walk(root.resolve("counterexamples/syncfs"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".itf.json")).toList()) {
                String name = f.getFileName().toString();
                String page = "cx/syncfs/" + f.getParent().getFileName() + "/"
                        + name.substring(0, name.length() - ".itf.json".length()) + ".html";
                assertTrue(index.contains("href=\"" + page + "\""), page + " is not linked: " + index);
                assertTrue(Files.isRegularFile(report.resolve(page)), page);
            }
        }
    }
}
