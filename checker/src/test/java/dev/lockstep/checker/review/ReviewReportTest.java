package dev.lockstep.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.gate.CheckKind;
import dev.lockstep.checker.gate.Expectation;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's pages: nested diff markup, hostile names escaped, lasso marks, long traces paginated and fast. */
class ReviewReportTest {
    static final String HOSTILE = "<script>alert('x')</script> \"q\" */ caf\u00e9 \u2603";

    /** A two-task trace whose values and action names carry markup, quotes, comment ends and unicode. */
    static Trace hostileTrace(int states, boolean lasso) {
        List<TraceState> out = new ArrayList<>();
        for (int i = 0; i < states; i++) {
            String mover = i % 2 == 0 ? "p1" : HOSTILE;
            Map<String, TlaValue> pc = Map.of("p1", TlaInt.of(i / 2 + i % 2), HOSTILE, TlaInt.of(i / 2));
            ImmutableMap<String, TlaValue> vars = ImmutableMap.of(
                    "pc", TlaFunction.of(Map.of(TlaString.of("p1"), pc.get("p1"), TlaString.of(HOSTILE), pc.get(HOSTILE))),
                    "note", TlaString.of(HOSTILE + i),
                    "held", i % 3 == 0 ? TlaSet.of() : TlaSet.of(TlaString.of(mover)),
                    "rec", TlaFunction.record(i % 2 == 0 ? Map.of("a", TlaInt.of(i)) : Map.of("a", TlaInt.of(i),
                            "b", TlaInt.of(1))));
            out.add(i == 0 ? TraceState.initial(vars) : new TraceState("Act" + HOSTILE,
                    Optional.of(new SourceLocation("Toy", 3, 1, 3, 9)), vars));
        }
        return lasso ? Trace.lasso(ImmutableList.copyOf(out), 1) : Trace.finite(ImmutableList.copyOf(out));
    }

    static ReviewReport.CounterexampleView view(Trace trace) {
        Narration n = new Narration(HOSTILE, ImmutableMap.of(1, ImmutableList.of("mutex_lock(" + HOSTILE + ")")),
                ImmutableList.of(), ImmutableList.of(), ImmutableList.of(HOSTILE), Optional.empty(), ImmutableList.of(),
                ImmutableList.of(new Narration.ExpressionRow(HOSTILE, false, ImmutableMap.of(0, HOSTILE))));
        return new ReviewReport.CounterexampleView("toy", "v<1>", "Inv", "Toy " + HOSTILE, trace, n);
    }

    static ReviewReport.Check check() {
        return new ReviewReport.Check("toy", new Expectation("v<1>", CheckKind.INVARIANT, Optional.of("Inv"),
                Outcome.VIOLATED, 1), Optional.empty(), Optional.empty(), Optional.of("cx/toy/v<1>/Inv.html"),
                HOSTILE);
    }

    /** A recorded variant (one replay passed, one failed), one with no record, and one whose record is unreadable. */
    static List<ReviewReport.JavaModel> javaModels() {
        return List.of(new ReviewReport.JavaModel("toy", "v<1>", Optional.of(new JavaModelRecords.Variant(
                        Optional.of(new JavaModelRecords.Exploration(1_234, 2_000, 7, 7, true)),
                        Optional.of(ImmutableList.of(new JavaModelRecords.Replay("Inv", true, HOSTILE),
                                new JavaModelRecords.Replay("Other", false, "NOT reproduced"))))), Optional.empty()),
                new ReviewReport.JavaModel("toy", "fixed", Optional.empty(), Optional.empty()),
                new ReviewReport.JavaModel("toy", "broken", Optional.empty(), Optional.of("x.json:1:2: " + HOSTILE)));
    }

    static Path writeToy(Path out, Path specs, Trace trace) throws IOException {
        Files.createDirectories(specs.resolve("toy"));
        Files.writeString(specs.resolve("toy/Toy.tla"), "---- MODULE Toy ----\n\\* " + HOSTILE + "\nAct == TRUE\n====\n");
        return ReviewReport.write(out, specs, List.of(check()), javaModels(), List.of(view(trace)));
    }

    @Test
    void everyNameAndValueIsEscapedAndNoPageHasAScript(@TempDir Path dir) throws IOException {
        writeToy(dir.resolve("out"), dir.resolve("specs"), hostileTrace(6, true));
        for (Path page : List.of(dir.resolve("out/index.html"), dir.resolve("out/cx/toy/v<1>/Inv.html"),
                dir.resolve("out/spec/toy/Toy.html"))) {
            String html = Files.readString(page);
            assertFalse(html.toLowerCase().contains("<script"), page + ": " + html);
            assertFalse(html.contains("'x'"), page.toString());
            assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; */ caf\u00e9"),
                    page.toString());
        }
    }

    @Test
    void theIndexShowsTheJavaModelsCoverageAndReplaysPerVariantAndNotRunWhenAbsent(@TempDir Path dir)
            throws IOException {
        writeToy(dir.resolve("out"), dir.resolve("specs"), hostileTrace(6, true));
        String html = Files.readString(dir.resolve("out/index.html"));
        assertTrue(html.contains("<tr><td>v&lt;1&gt;</td><td>1,234/2,000 (61.7 %)</td><td>7/7 (100.0 %)</td>"
                + "<td><span class=\"pass\">ok</span></td><td><div><span class=\"pass\">ok</span> Inv: &lt;script&gt;"),
                html);
        assertTrue(html.contains("<div><span class=\"fail\">FAIL</span> Other: NOT reproduced</div>"), html);
        assertTrue(html.contains("<tr><td>fixed</td><td colspan=\"3\"><span class=\"muted\">not run</span></td>"
                + "<td><span class=\"muted\">not run</span></td></tr>"), html);
        assertTrue(html.contains("<tr><td>broken</td><td colspan=\"4\" class=\"fail\">unreadable record: x.json:1:2:"
                + " &lt;script&gt;"), html);
    }

    @Test
    void stepsShowNestedDiffsFoldedSamenessLassoMarksAndActionLinks(@TempDir Path dir) throws IOException {
        writeToy(dir.resolve("out"), dir.resolve("specs"), hostileTrace(6, true));
        String html = Files.readString(dir.resolve("out/cx/toy/v<1>/Inv.html"));
        assertTrue(html.contains("<li class=\"mod\"><span class=\"name\">note</span>: <span class=\"old\">"), html);
        assertTrue(html.contains("<li class=\"add\"><span class=\"name\">[b]</span> = 1</li>"), html);
        assertTrue(html.contains("<li class=\"del\"><span class=\"name\">"), html);
        assertTrue(html.contains("<ins class=\"add\">"), html);
        assertTrue(html.contains("unchanged variable"), html);
        assertTrue(html.contains("<tr id=\"s2\" class=\"step loop-start\">"), html);
        assertTrue(html.contains("<a href=\"#s2\">back to state 2</a>: the loop repeats forever"), html);
        assertTrue(html.contains("<a href=\"../../../spec/toy/Toy.html#L3\">"), html);
        assertTrue(Files.readString(dir.resolve("out/spec/toy/Toy.html")).contains("<span class=\"line\" id=\"L3\">"));
    }

    @Test
    void aTenThousandStateTraceIsPaginated(@TempDir Path dir) throws IOException {
        Trace big = hostileTrace(1_200, false);
        long start = System.nanoTime();
        writeToy(dir.resolve("out"), dir.resolve("specs"), big);
        double seconds = (System.nanoTime() - start) / 1e9;
        // Linear work: a quadratic slip would take minutes. (The browser test times the page's rendering.)
        assertTrue(seconds < 30, "took " + seconds + " s");
        int pages = (1_200 + ReviewReport.STATES_PER_PAGE - 1) / ReviewReport.STATES_PER_PAGE;
        assertTrue(Files.exists(dir.resolve("out/cx/toy/v<1>/Inv.p" + pages + ".html")));
        assertFalse(Files.exists(dir.resolve("out/cx/toy/v<1>/Inv.p" + (pages + 1) + ".html")));
        String first = Files.readString(dir.resolve("out/cx/toy/v<1>/Inv.html"));
        assertEquals(ReviewReport.STATES_PER_PAGE, first.split("<tr id=\"s", -1).length - 1);
        assertTrue(first.contains("<a href=\"Inv.p2.html\">501-1000</a>"), first.substring(0, 2000));
        assertTrue(Files.readString(dir.resolve("out/cx/toy/v<1>/Inv.p3.html")).contains("<b>1001-1200</b>"));
    }
}
