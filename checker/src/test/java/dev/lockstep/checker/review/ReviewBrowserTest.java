package dev.lockstep.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.TraceFile;
import dev.lockstep.checker.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: headless Chromium (from the distribution's packages; skipped without one unless {@code
 * LOCKSTEP_REQUIRE_BROWSER=1} is set, as {@code .ci/run} does whenever Chromium is there) loads the index and the
 * counterexample pages: no console message (a canary page proves such a message is seen), every counterexample page
 * (every page of a long one) reachable by links from the index and every link leading to a file of the report, the
 * diff highlighting in the DOM, hostile names and values as text; a screenshot of a real counterexample's page is
 * written to {@code target/review-screenshot.png} for a person to look at. The load figures of a page of a
 * 10,000-state trace are printed ({@code ReviewBench} measures them on their own).
 */
class ReviewBrowserTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target/review-browser").toAbsolutePath();
    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]*)(#[^\"]*)?\"");

    @Test
    void theReportLoadsInHeadlessChromium() throws Exception {
        Optional<Chromium> found = Chromium.find(OUT.resolve("profile"));
        if (found.isEmpty() && System.getenv("LOCKSTEP_REQUIRE_BROWSER") != null) {
            throw new AssertionError("no chromium on PATH, and LOCKSTEP_REQUIRE_BROWSER is set");
        }
        Assumptions.assumeTrue(found.isPresent(), "no chromium on PATH");
        Chromium chromium = found.get();
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
        // The index links the hostile trace from its check; the other two have no check and are listed as such.
        Path report = OUT.resolve("report");
        Path index = ReviewReport.write(report, specs, List.of(ReviewReportTest.check()),
                ReviewReportTest.javaModels(), List.of(dax, hostile, big));

        Path canary = OUT.resolve("canary.html");
        Files.writeString(canary, "<!DOCTYPE html><script>console.error('canary')</script>");
        assertTrue(chromium.browse(canary, "--dump-dom").consoleMessages(), "a console message is not seen");

        Set<Path> reached = new TreeSet<>();
        Chromium.Run indexRun = chromium.browse(index, "--dump-dom");
        assertFalse(indexRun.consoleMessages(), indexRun.stderr());
        assertTrue(indexRun.stdout().contains("<table class=\"java\">"), indexRun.stdout());
        links(index, indexRun.stdout(), reached);
        for (ReviewReport.CounterexampleView v : List.of(dax, hostile, big)) {
            Path page = report.resolve(v.page());
            assertTrue(reached.contains(page), "the index does not link " + v.page() + ": " + reached);
            Chromium.Run run = chromium.browse(page, "--dump-dom");
            String dom = run.stdout();
            assertFalse(run.consoleMessages(), run.stderr());
            assertTrue(dom.contains("<li class=\"mod\">"), v.page());
            assertTrue(dom.contains("<span class=\"old\">") && dom.contains("<span class=\"new\">"), v.page());
            assertTrue(dom.contains("<ins class=\"add\">") || dom.contains("<li class=\"add\">"), v.page());
            assertFalse(dom.contains("<script"), v.page());
            if (v == hostile) {
                // Markup, quotes, comment ends and unicode arrive as the text they are.
                assertTrue(dom.contains("&lt;script&gt;alert('x')&lt;/script&gt; \"q\" */ caf\u00e9 \u2603"), dom);
            }
            links(page, dom, reached);
        }
        int pages = (10_000 + ReviewReport.STATES_PER_PAGE - 1) / ReviewReport.STATES_PER_PAGE;
        for (int p = 2; p <= pages; p++) {
            Path page = report.resolve("cx/toy/big/Long.p" + p + ".html");
            assertTrue(reached.contains(page), "page " + p + " of the long trace is not linked");
        }
        Chromium.Load load = chromium.measure(report.resolve(big.page()));
        System.out.printf("review: a page of the 10,000-state trace (%d states): loaded in %d ms, laid out in %d ms,"
                + " %d elements%n", ReviewReport.STATES_PER_PAGE, load.loadedMillis(), load.layoutMillis(),
                load.elements());
        assertEquals(ReviewReport.STATES_PER_PAGE, (int) Files.readString(report.resolve(big.page()))
                .split("<tr id=\"s", -1).length - 1);

        Path shot = Path.of("target/review-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium.browse(report.resolve(dax.page()), "--window-size=1400,1600", "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
    }

    /** Adds the files {@code page}'s links lead to; each must be a file of the report. */
    private static void links(Path page, String dom, Set<Path> reached) {
        Matcher links = HREF.matcher(dom);
        List<Path> found = new ArrayList<>();
        while (links.find()) {
            if (links.group(1).isEmpty()) {
                continue;
            }
            Path target = page.getParent().resolve(links.group(1).replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&amp;", "&")).normalize();
            assertTrue(Files.isRegularFile(target), page + " links to a missing " + target);
            found.add(target);
        }
        reached.addAll(found);
    }
}
