package dev.lockstep.checker.review;

import static dev.lockstep.checker.review.Html.esc;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.ScenarioRenderer;
import dev.lockstep.checker.gate.CheckResult;
import dev.lockstep.checker.gate.Expectation;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.checker.gate.Outcome;
import dev.lockstep.checker.gate.StepActors;
import dev.lockstep.checker.io.AtomicFiles;
import dev.lockstep.checker.tlc.Stats;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The static review report: {@code index.html} with every protocol, variant and check, one page per counterexample,
 * and a rendered copy of each protocol's spec modules with an anchor per line ({@code #L419}) that the actions of
 * the counterexample pages link to. Pages are plain HTML with one inline style sheet and no script, so they work
 * from a file, offline, and as a CI artifact; every name and value is escaped.
 */
public final class ReviewReport {
    /** A counterexample page shows at most this many states; longer traces continue on further pages. */
    public static final int STATES_PER_PAGE = 500;
    /** The scenario text on a counterexample page is wrapped to this width. */
    static final int SCENARIO_WIDTH = 120;

    private ReviewReport() {}

    /**
     * One check of the index.
     *
     * @param result what the last gate with today's inputs found; empty when there is none (sources changed)
     * @param stats TLC's statistics of the run that decided the check
     * @param counterexample the page of its counterexample, if one is stored
     * @param replay what the replay on the Java model says of that counterexample
     */
    public record Check(String protocol, Expectation expectation, Optional<CheckResult> result,
            Optional<Stats> stats, Optional<String> counterexample, String replay) {}

    /**
     * What the last gate's Java stages recorded for one variant (see {@link JavaModelRecords}).
     *
     * @param record the record for today's inputs; empty when the stages did not run on them
     * @param unreadable why a record file could not be read, if it could not
     */
    public record JavaModel(String protocol, String variant, Optional<JavaModelRecords.Variant> record,
            Optional<String> unreadable) {}

    /** One counterexample page. */
    public record CounterexampleView(String protocol, String variant, String check, String title, Trace trace,
            Narration narration) {
        /** The page's path inside the report. */
        public String page() {
            return page(0);
        }

        String page(int index) {
            return "cx/" + protocol + "/" + variant + "/" + check + (index == 0 ? "" : ".p" + (index + 1)) + ".html";
        }
    }

    /** Writes the report to {@code out}; {@code specsRoot} holds the specs to render. Returns the index file. */
    public static Path write(Path out, Path specsRoot, List<Check> checks, List<JavaModel> javaModels,
            List<CounterexampleView> views) throws IOException {
        Set<String> protocols = new LinkedHashSet<>();
        checks.forEach(c -> protocols.add(c.protocol()));
        views.forEach(v -> protocols.add(v.protocol()));
        for (String p : protocols) {
            writeSpecs(out, specsRoot.resolve(p), p);
        }
        for (CounterexampleView v : views) {
            writeCounterexample(out, specsRoot, v);
        }
        Path index = out.resolve("index.html");
        AtomicFiles.write(index, index(checks, javaModels, views,
                LockGraphs.section(specsRoot.resolveSibling("target").resolve("lockdep"), out)));
        return index;
    }

    private static String index(List<Check> checks, List<JavaModel> javaModels, List<CounterexampleView> views,
            String lockGraphs) {
        StringBuilder b = new StringBuilder("<h1>Lockstep review</h1>\n");
        b.append("<p>Outcomes, TLC figures and the Java model's figures are those the last <code>./lockstep gate</code>"
                + " stored for today's inputs (spec files, configs, checks, counterexamples, builds); what was not run"
                + " on them shows <em>not run</em>. The replay column of the checks is the review's own replay.</p>\n");
        Map<String, List<Check>> checksOf = new LinkedHashMap<>();
        checks.forEach(c -> checksOf.computeIfAbsent(c.protocol(), p -> new ArrayList<>()).add(c));
        Map<String, List<JavaModel>> modelsOf = new LinkedHashMap<>();
        javaModels.forEach(m -> modelsOf.computeIfAbsent(m.protocol(), p -> new ArrayList<>()).add(m));
        // Every counterexample page is reachable from the index: those no check links are listed on their own.
        Set<String> linked = new HashSet<>();
        checks.forEach(c -> c.counterexample().ifPresent(linked::add));
        Map<String, List<CounterexampleView>> unlinkedOf = new LinkedHashMap<>();
        views.stream().filter(v -> !linked.contains(v.page()))
                .forEach(v -> unlinkedOf.computeIfAbsent(v.protocol(), p -> new ArrayList<>()).add(v));
        Set<String> protocols = new LinkedHashSet<>(checksOf.keySet());
        protocols.addAll(modelsOf.keySet());
        protocols.addAll(unlinkedOf.keySet());
        for (String protocol : protocols) {
            b.append("<h2 id=\"").append(esc(protocol)).append("\">").append(esc(protocol)).append("</h2>\n");
            checks(b, checksOf.getOrDefault(protocol, List.of()));
            List<CounterexampleView> unlinked = unlinkedOf.getOrDefault(protocol, List.of());
            if (!unlinked.isEmpty()) {
                b.append("<p>Stored counterexamples no check of <code>expectations.txt</code> names:</p>\n<ul>");
                unlinked.forEach(v -> b.append("<li><a href=\"").append(esc(v.page())).append("\">")
                        .append(esc(v.variant() + "/" + v.check())).append("</a></li>"));
                b.append("</ul>\n");
            }
            javaModels(b, modelsOf.getOrDefault(protocol, List.of()));
        }
        return Html.page("Lockstep review", b.append(lockGraphs).toString());
    }

    private static void checks(StringBuilder b, List<Check> checks) {
        if (checks.isEmpty()) {
            return;
        }
        b.append("<table><tr><th>variant</th><th>check</th><th>expected</th><th>outcome</th>")
                .append("<th>distinct states</th><th>TLC s</th><th>replay on the Java model</th>")
                .append("<th>counterexample</th></tr>\n");
        for (Check c : checks) {
            Expectation e = c.expectation();
            b.append("<tr><td>").append(esc(e.variant())).append("</td><td>")
                    .append(esc(e.kind().keyword() + e.name().map(n -> " " + n).orElse(""))).append("</td><td>")
                    .append(esc(e.expected().keyword())).append("</td><td>")
                    .append(c.result().map(r -> "<span class=\"" + (r.passed() ? "pass" : "fail") + "\">"
                            + esc(r.actual().map(Outcome::keyword).orElse("unknown")) + (r.passed() ? "" : " (FAIL)")
                            + "</span>").orElse(NOT_RUN)).append("</td><td>")
                    .append(c.stats().map(s -> String.format(Locale.ROOT, "%,d", s.distinct())).orElse(""))
                    .append("</td><td>")
                    .append(c.stats().map(s -> String.format(Locale.ROOT, "%.1f", s.seconds())).orElse(""))
                    .append("</td><td>").append(esc(c.replay())).append("</td><td>")
                    .append(c.counterexample().map(p -> "<a href=\"" + esc(p) + "\">trace</a>").orElse(""))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static final String NOT_RUN = "<span class=\"muted\">not run</span>";

    /**
     * The Java model per variant: how much of TLC's reachable graph (same constants) the gate's exhaustive exploration
     * covered, whether it passed, and the gate's replays of the variant's counterexamples.
     */
    private static void javaModels(StringBuilder b, List<JavaModel> models) {
        if (models.isEmpty()) {
            return;
        }
        b.append("<h3>Java model, as the last gate recorded it</h3>\n");
        b.append("<table class=\"java\"><tr><th>variant</th><th>Java coverage of the spec graph: states</th>")
                .append("<th>transitions</th><th>exploration</th><th>counterexample replays (gate)</th></tr>\n");
        for (JavaModel m : models) {
            b.append("<tr><td>").append(esc(m.variant())).append("</td>");
            if (m.unreadable().isPresent()) {
                b.append("<td colspan=\"4\" class=\"fail\">unreadable record: ").append(esc(m.unreadable().get()))
                        .append("</td></tr>\n");
                continue;
            }
            Optional<JavaModelRecords.Exploration> e = m.record().flatMap(JavaModelRecords.Variant::exploration);
            if (e.isPresent()) {
                JavaModelRecords.Exploration x = e.get();
                b.append("<td>").append(fraction(x.statesCovered(), x.statesTotal())).append("</td><td>")
                        .append(fraction(x.transitionsCovered(), x.transitionsTotal())).append("</td><td>")
                        .append(x.passed() ? "<span class=\"pass\">ok</span>" : "<span class=\"fail\">FAIL</span>")
                        .append("</td>");
            } else {
                b.append("<td colspan=\"3\">").append(NOT_RUN).append("</td>");
            }
            Optional<ImmutableList<JavaModelRecords.Replay>> replays = m.record().flatMap(JavaModelRecords.Variant::replays);
            b.append("<td>");
            if (replays.isEmpty()) {
                b.append(NOT_RUN);
            } else if (replays.get().isEmpty()) {
                b.append("<span class=\"muted\">no stored counterexample</span>");
            }
            for (JavaModelRecords.Replay r : replays.orElse(ImmutableList.of())) {
                b.append("<div><span class=\"").append(r.passed() ? "pass" : "fail").append("\">")
                        .append(r.passed() ? "ok" : "FAIL").append("</span> ").append(esc(r.check())).append(": ")
                        .append(esc(r.summary())).append("</div>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static String fraction(int part, int whole) {
        return String.format(Locale.ROOT, "%,d/%,d (%.1f %%)", part, whole, whole == 0 ? 100.0 : 100.0 * part / whole);
    }

    // ---- counterexample pages ---------------------------------------------------------------------------------

    private static void writeCounterexample(Path out, Path specsRoot, CounterexampleView v) throws IOException {
        ImmutableList<TraceState> states = v.trace().states();
        int pages = (states.size() + STATES_PER_PAGE - 1) / STATES_PER_PAGE;
        String up = "../../../";
        for (int p = 0; p < pages; p++) {
            StringBuilder b = new StringBuilder();
            b.append("<p><a href=\"").append(up).append("index.html#").append(esc(v.protocol()))
                    .append("\">index</a></p>\n<h1>").append(esc(v.title())).append("</h1>\n<p>")
                    .append(esc(v.narration().source())).append("</p>\n");
            if (pages > 1) {
                b.append(pager(v, p, pages));
            }
            if (pages == 1) {
                b.append("<h2>Scenario</h2>\n<pre class=\"scenario\">")
                        .append(esc(ScenarioRenderer.render(v.title(), v.trace(), v.narration(), SCENARIO_WIDTH)))
                        .append("</pre>\n");
            } else if (p == 0) {
                // A scenario of thousands of steps is no reading: the pages of steps are.
                b.append("<p>The scenario of ").append(states.size()).append(" states is left out here:"
                        + " <code>lockstep explain</code> prints it.</p>\n");
            }
            b.append("<h2>Steps</h2>\n<table class=\"steps\"><tr><th>state</th><th>task</th><th>action</th>")
                    .append("<th>kernel operations</th><th>change</th></tr>\n");
            int from = p * STATES_PER_PAGE;
            int to = Math.min(states.size(), from + STATES_PER_PAGE);
            for (int i = from; i < to; i++) {
                stepRow(b, specsRoot, v, i, up);
            }
            if (to == states.size()) {
                ending(b, v);
            }
            b.append("</table>\n");
            if (pages > 1) {
                b.append(pager(v, p, pages));
            }
            AtomicFiles.write(out.resolve(v.page(p)), Html.page(v.title(), b.toString()));
        }
    }

    private static String pager(CounterexampleView v, int current, int pages) {
        StringBuilder b = new StringBuilder("<p>states: ");
        for (int p = 0; p < pages; p++) {
            String label = (p * STATES_PER_PAGE + 1) + "-" + Math.min(v.trace().states().size(),
                    (p + 1) * STATES_PER_PAGE);
            b.append(p == current ? "<b>" + label + "</b>" : "<a href=\"" + esc(Path.of(v.page(p)).getFileName()
                    .toString()) + "\">" + label + "</a>").append(' ');
        }
        return b.append("</p>\n").toString();
    }

    private static void stepRow(StringBuilder b, Path specsRoot, CounterexampleView v, int i, String up) {
        Trace trace = v.trace();
        TraceState s = trace.states().get(i);
        boolean loopStart = trace.loop().isPresent() && trace.loop().getAsInt() == i
                && trace.loop().getAsInt() < trace.states().size() - 1;
        b.append("<tr id=\"s").append(i + 1).append("\" class=\"step").append(loopStart ? " loop-start" : "")
                .append("\"><td>").append(i + 1).append(loopStart ? "<br><span class=\"loopmark\">loop starts here</span>"
                        : "").append("</td><td>")
                .append(i == 0 ? "" : esc(StepActors.actor(trace.states().get(i - 1), s))).append("</td><td>")
                .append(actionLink(specsRoot, v.protocol(), s, up)).append("</td><td>")
                .append(operations(v.narration().operations().getOrDefault(i, ImmutableList.of())))
                .append("</td><td>").append(expressions(v.narration(), i))
                .append(i == 0 ? DiffTree.state(s.vars()) : DiffTree.of(trace.states().get(i - 1).vars(), s.vars()))
                .append("</td></tr>\n");
    }

    private static void ending(StringBuilder b, CounterexampleView v) {
        Trace trace = v.trace();
        int n = trace.states().size();
        if (trace.loop().isPresent() && trace.loop().getAsInt() < n - 1) {
            int loop = trace.loop().getAsInt();
            b.append("<tr class=\"step\"><td>&rarr;</td><td>")
                    .append(esc(StepActors.actor(trace.states().get(n - 1), trace.states().get(loop))))
                    .append("</td><td><a href=\"#s").append(loop + 1).append("\">back to state ").append(loop + 1)
                    .append("</a>: the loop repeats forever</td><td>").append(operations(v.narration().loopBack()))
                    .append("</td><td>").append(expressions(v.narration(), n))
                    .append(DiffTree.of(trace.states().get(n - 1).vars(), trace.states().get(loop).vars()))
                    .append("</td></tr>\n");
        } else if (trace.stuttering() || trace.loop().isPresent()) {
            b.append("<tr><td colspan=\"5\">state ").append(n).append(" stays forever (stuttering)</td></tr>\n");
        }
        List<String> end = new ArrayList<>(v.narration().violation());
        v.narration().loop().forEach(end::add);
        if (!end.isEmpty()) {
            b.append("<tr><td colspan=\"5\"><pre>").append(esc(String.join("\n", end))).append("</pre></td></tr>\n");
        }
    }

    private static String actionLink(Path specsRoot, String protocol, TraceState s, String up) {
        String name = esc(s.action());
        Optional<SourceLocation> loc = s.location();
        if (loc.isEmpty() || !Files.isRegularFile(specsRoot.resolve(protocol).resolve(loc.get().module() + ".tla"))) {
            return name;
        }
        return "<a href=\"" + up + "spec/" + esc(protocol) + "/" + esc(loc.get().module()) + ".html#L"
                + loc.get().beginLine() + "\">" + name + "</a>";
    }

    private static String operations(List<String> ops) {
        if (ops.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<ul class=\"ops\">");
        ops.forEach(op -> b.append("<li><code>").append(esc(op)).append(";</code></li>"));
        return b.append("</ul>").toString();
    }

    private static String expressions(Narration n, int i) {
        StringBuilder b = new StringBuilder();
        for (Narration.ExpressionRow row : n.expressions()) {
            String value = row.values().get(i);
            if (value != null) {
                b.append("<div class=\"expr\"><code>").append(esc(row.expression())).append("</code> = <code>")
                        .append(esc(value)).append("</code></div>");
            }
        }
        return b.toString();
    }

    // ---- specs ------------------------------------------------------------------------------------------------

    private static void writeSpecs(Path out, Path specDir, String protocol) throws IOException {
        if (!Files.isDirectory(specDir)) {
            return;
        }
        List<Path> modules;
        try (Stream<Path> files = Files.list(specDir)) {
            modules = files.filter(f -> f.getFileName().toString().endsWith(".tla")).sorted().toList();
        }
        for (Path m : modules) {
            String name = m.getFileName().toString();
            String module = name.substring(0, name.length() - 4);
            StringBuilder b = new StringBuilder("<p><a href=\"../../index.html\">index</a></p>\n<h1>")
                    .append(esc(protocol + "/" + name)).append("</h1>\n<pre>");
            List<String> lines = Files.readAllLines(m);
            int digits = String.valueOf(lines.size()).length();
            for (int i = 0; i < lines.size(); i++) {
                b.append("<span class=\"line\" id=\"L").append(i + 1).append("\"><span class=\"ln\">")
                        .append(String.format(Locale.ROOT, "%" + digits + "d  ", i + 1)).append("</span>")
                        .append(esc(lines.get(i))).append("</span>");
            }
            b.append("</pre>\n");
            AtomicFiles.write(out.resolve("spec").resolve(protocol).resolve(module + ".html"),
                    Html.page(protocol + "/" + name, b.toString()));
        }
    }
}
