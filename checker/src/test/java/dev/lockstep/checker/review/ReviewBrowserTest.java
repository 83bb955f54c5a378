package dev.lockstep.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.TraceFile;
import dev.lockstep.checker.io.FileTrees;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: headless Chromium (from the distribution's packages; skipped without one unless {@code
 * LOCKSTEP_REQUIRE_BROWSER=1} is set) loads the index and the
 * counterexample pages: no console message, every link of the index leads to a file of the report, the diff
 * highlighting is in the DOM, hostile names stay text, a page of a 10,000-state trace loads in time; a screenshot of
 * a real counterexample's page is written to {@code target/review-screenshot.png} for a person to look at.
 */
class ReviewBrowserTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target/review-browser").toAbsolutePath();
    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)(#[^\"]*)?\"");

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private record Run(String stdout, String stderr, double seconds) {}

    private static Run browse(String browser, Path page, String... action) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--enable-logging=stderr", "--v=0", "--user-data-dir=" + OUT.resolve("profile")));
        cmd.addAll(List.of(action));
        cmd.add(page.toUri().toString());
        Path err = Files.createTempFile("chromium", ".err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        double seconds = (System.nanoTime() - start) / 1e9;
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        assertEquals(0, p.exitValue(), stderr);
        return new Run(new String(out, StandardCharsets.UTF_8), stderr, seconds);
    }

    @Test
    void theReportLoadsInHeadlessChromium() throws Exception {
        Optional<String> browser = chromium();
        if (browser.isEmpty() && System.getenv("LOCKSTEP_REQUIRE_BROWSER") != null) {
            throw new AssertionError("no chromium on PATH, and LOCKSTEP_REQUIRE_BROWSER is set");
        }
        Assumptions.assumeTrue(browser.isPresent(), "no chromium on PATH");
        FileTrees.delete(OUT);
        Path specs = OUT.resolve("specs");
        Files.createDirectories(specs.resolve("dax"));
        try (Stream<Path> tla = Files.list(ROOT.resolve("specs/dax"))) {
            for (Path f : tla.filter(f -> f.toString().endsWith(".tla")).toList()) {
                Files.copy(f, specs.resolve("dax").resolve(f.getFileName()));
            }
        }
        TraceFile real = TraceFile.read(ROOT.resolve("counterexamples/dax/refcount-relaxed/NoReclaimWhileInUse.itf.json"));
        ReviewReport.CounterexampleView dax = new ReviewReport.CounterexampleView("dax", "refcount-relaxed",
                "NoReclaimWhileInUse", real.title(), real.trace(), Narration.specOnly("spec actions only (test)"));
        ReviewReport.CounterexampleView hostile = ReviewReportTest.view(ReviewReportTest.hostileTrace(6, true));
        ReviewReport.CounterexampleView big = new ReviewReport.CounterexampleView("toy", "big", "Long", "10,000 states",
                ReviewReportTest.hostileTrace(10_000, false), Narration.specOnly("spec"));
        Files.createDirectories(specs.resolve("toy"));
        Files.writeString(specs.resolve("toy/Toy.tla"), "---- MODULE Toy ----\nAct == TRUE\n====\n");
        Path index = ReviewReport.write(OUT.resolve("report"), specs, List.of(ReviewReportTest.check()),
                ReviewReportTest.javaModels(),
                List.of(dax, hostile, big));
        String b = browser.get();

        Run indexRun = browse(b, index, "--dump-dom");
        assertFalse(indexRun.stderr().contains("CONSOLE"), indexRun.stderr());
        Matcher links = HREF.matcher(indexRun.stdout());
        int linked = 0;
        while (links.find()) {
            Path target = index.getParent().resolve(links.group(1).replace("&lt;", "<").replace("&gt;", ">"));
            assertTrue(Files.isRegularFile(target), "the index links to a missing " + target);
            linked++;
        }
        assertTrue(linked >= 1, indexRun.stdout());

        Map<ReviewReport.CounterexampleView, Double> seconds = new HashMap<>();
        for (ReviewReport.CounterexampleView v : List.of(dax, hostile, big)) {
            Run page = browse(b, OUT.resolve("report").resolve(v.page()), "--dump-dom");
            assertFalse(page.stderr().contains("CONSOLE"), page.stderr());
            assertTrue(page.stdout().contains("<li class=\"mod\">"), v.page());
            assertTrue(page.stdout().contains("<span class=\"old\">") && page.stdout().contains("<span class=\"new\">"),
                    v.page());
            assertFalse(page.stdout().contains("<script"), v.page());
            if (v == hostile) {
                assertTrue(page.stdout().contains("&lt;script&gt;alert('x')&lt;/script&gt;"), page.stdout());
            }
            System.out.printf("review: %s: chromium started, loaded and dumped it in %.1f s%n", v.page(),
                    page.seconds());
            seconds.put(v, page.seconds());
        }
        // One page of 500 of the 10,000 states against a 6-state page: the browser's start-up cancels out (on a shared
        // machine it is most of either figure), what is left is loading and laying out the larger page.
        double extra = seconds.get(big) - seconds.get(hostile);
        assertTrue(extra < 3, "the 10,000-state trace's page took " + extra + " s longer than a 6-state page");
        Path shot = Path.of("target/review-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        browse(b, OUT.resolve("report").resolve(dax.page()), "--window-size=1400,1600", "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
    }
}
