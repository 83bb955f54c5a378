package dev.lockstep.refinement;

import static dev.lockstep.refinement.Values.fn;
import static dev.lockstep.refinement.Values.mv;
import static dev.lockstep.refinement.Values.num;
import static dev.lockstep.refinement.Values.rec;
import static dev.lockstep.refinement.Values.resource;
import static dev.lockstep.refinement.Values.set;
import static dev.lockstep.refinement.Values.state;
import static dev.lockstep.refinement.Values.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.lockstep.checker.value.TlaValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RefinementCheckerTest {
    private static SpecOracle oracle;
    private static ReachableGraph graph;

    /** The intended refinement mapping from the toy implementation to the Mutex spec's variables. */
    static SpecState mapping(ToyMutex impl) {
        return state(
                "pc", fn(mv("p1"), pcName(impl, "p1"), mv("p2"), pcName(impl, "p2")),
                "lock", impl.holder == null ? set() : set(mv(impl.holder)),
                "log", rec("n", num(impl.lastCount), "who", impl.lastWho == null ? str("nobody") : mv(impl.lastWho)));
    }

    private static TlaValue pcName(ToyMutex impl, String p) {
        return str(impl.pc.get(p) == ToyMutex.Pc.CRITICAL ? "cs" : "idle");
    }

    /** Wrong: maps the lock to the last process that acquired it, even after it released it. */
    static SpecState staleLockMapping(ToyMutex impl) {
        return Values.with(mapping(impl), "lock", impl.lastWho == null ? set() : set(mv(impl.lastWho)));
    }

    @BeforeAll
    static void load() {
        oracle = Values.mutexOracle();
        graph = ReachableGraph.explore(oracle, 1_000);
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    /** Runs one schedule (choice i picks the i-th enabled operation, modulo) and checks it step by step. */
    private static Optional<RefinementViolation> runSchedule(RefinementChecker checker, boolean checksLock,
            Function<ToyMutex, SpecState> map, List<Integer> choices) {
        ToyMutex impl = new ToyMutex(checksLock);
        RefinementChecker.Run run = checker.newRun();
        Optional<RefinementViolation> v = run.observe(ObservedStep.initial(map.apply(impl)));
        long step = 0;
        for (int choice : choices) {
            if (v.isPresent()) {
                return v;
            }
            List<ToyMutex.Op> ops = impl.enabled();
            ToyMutex.Op op = ops.get(Math.floorMod(choice, ops.size()));
            impl.run(op);
            v = run.observe(new ObservedStep(++step, op.process(), op.name(), map.apply(impl)));
        }
        return v;
    }

    /** Every schedule of {@code depth} steps (every process has an enabled operation in every state). */
    private static Optional<RefinementViolation> exploreAll(RefinementChecker checker, boolean checksLock,
            Function<ToyMutex, SpecState> map, int depth) {
        int width = ToyMutex.PROCESSES.size();
        int schedules = (int) Math.pow(width, depth);
        for (int n = 0; n < schedules; n++) {
            List<Integer> choices = new ArrayList<>();
            for (int i = 0, rest = n; i < depth; i++, rest /= width) {
                choices.add(rest % width);
            }
            Optional<RefinementViolation> v = runSchedule(checker, checksLock, map, choices);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    @Test
    void reachableGraphOfMutexMatchesTlc() throws Exception {
        TlcReference.Figures tlc = TlcReference.run(resource("mutex"), "Mutex", resource("mutex/two.cfg"));
        assertEquals(tlc.distinct(), graph.stateCount());
        assertEquals(tlc.depth(), graph.depth());
        // init -> p1 or p2 in cs; each releases to an idle state remembering it; from those either may acquire.
        assertEquals(8, graph.transitionCount());
    }

    @Test
    void correctImplementationRefinesTheSpecAndCoversItsWholeGraph() {
        RefinementChecker checker = new RefinementChecker(oracle);
        assertEquals(Optional.empty(), exploreAll(checker, true, RefinementCheckerTest::mapping, 6));
        CoverageReport report = CoverageReport.of(graph, checker.coverage());
        assertEquals(5, report.coveredStates());
        assertEquals(100.0, report.statePercent());
        assertEquals(100.0, report.transitionPercent());
        assertEquals(0, report.statesOutside());
        assertTrue(report.actionsNeverTaken().isEmpty());
        assertTrue(report.render().contains("spec states covered: 5/5 (100.0 %)"), report.render());
        assertTrue(checker.coverage().stutters() > 0, "spinning waiters are stutters");
    }

    @Test
    void spinningIsAcceptedAsAStutter() {
        RefinementChecker checker = new RefinementChecker(oracle);
        // p1 acquires (choice 0), then p2 spins twice (choice 1 picks p2's op).
        assertEquals(Optional.empty(), runSchedule(checker, true, RefinementCheckerTest::mapping, List.of(0, 1, 1)));
        assertEquals(3, checker.coverage().steps());
        assertEquals(2, checker.coverage().stutters());
        assertEquals(1, checker.coverage().actionsTaken().count("Acquire"));
    }

    @Test
    void staleLockMappingIsCaughtAtTheFirstReleaseWithTheEnabledRelease() {
        RefinementChecker checker = new RefinementChecker(oracle);
        RefinementViolation v = runSchedule(checker, true, RefinementCheckerTest::staleLockMapping, List.of(0, 0))
                .orElseThrow();
        assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
        assertEquals(2, v.step());
        assertEquals("p1", v.actor());
        assertEquals("release", v.operation());
        assertEquals(List.of("pc"), v.changed());
        assertEquals(List.of("Release(p1)"), v.enabled().stream().map(t -> t.action().toString()).toList());
        assertEquals(set(), v.enabled().get(0).target().get("lock"));
        String text = v.render();
        assertTrue(text.startsWith("refinement violation at step 2 (p1: release): neither a step of Next nor a"
                + " stutter"), text);
        assertTrue(text.contains("Release(p1): pc' = (p1 :> \"idle\" @@ p2 :> \"idle\"), lock' = {}"), text);
        assertTrue(text.contains("/\\ pc = (p1 :> \"cs\" @@ p2 :> \"idle\")    (differs)"), text);
    }

    @Test
    void implementationThatIgnoresTheLockIsCaughtWhenTheSecondProcessEnters() {
        RefinementChecker checker = new RefinementChecker(oracle);
        RefinementViolation v = exploreAll(checker, false, RefinementCheckerTest::mapping, 3).orElseThrow();
        assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
        assertEquals("acquire", v.operation());
        assertEquals(List.of("pc", "lock", "log"), v.changed());
        assertEquals(List.of(ToyMutex.PROCESSES.stream().filter(p -> !p.equals(v.actor())).findFirst()
                .map(p -> "Release(" + p + ")").orElseThrow()),
                v.enabled().stream().map(t -> t.action().toString()).toList());
    }

    @Test
    void wrongInitialStateIsReportedAgainstTheNearestInitialState() {
        RefinementChecker checker = new RefinementChecker(oracle);
        SpecState start = Values.with(mapping(new ToyMutex(true)), "log",
                rec("n", num(0), "who", str("none")));
        RefinementViolation v = checker.check(List.of(ObservedStep.initial(start))).orElseThrow();
        assertEquals(RefinementViolation.Kind.NOT_INITIAL, v.kind());
        assertEquals(0, v.step());
        assertEquals(List.of("log"), v.changed());
        assertEquals(oracle.initialStates().get(0), v.before().orElseThrow());
        assertTrue(v.render().contains("the initial state does not satisfy Init"), v.render());
    }

    @Test
    void mappingToAnUndeclaredModelValueIsAnEvaluationErrorNamingIt() {
        RefinementChecker checker = new RefinementChecker(oracle);
        SpecState init = mapping(new ToyMutex(true));
        RefinementViolation v = checker.check(List.of(ObservedStep.initial(init),
                new ObservedStep(1, "p3", "acquire", Values.with(init, "lock", set(mv("p3")))))).orElseThrow();
        assertEquals(RefinementViolation.Kind.EVALUATION_ERROR, v.kind());
        assertTrue(v.detail().contains("p3") && v.detail().contains("lock"), v.detail());
    }

    @Test
    void failedRunAcceptsNoFurtherStates() {
        RefinementChecker checker = new RefinementChecker(oracle);
        RefinementChecker.Run run = checker.newRun();
        SpecState wrong = Values.with(mapping(new ToyMutex(true)), "lock", set(mv("p1")));
        assertTrue(run.observe(ObservedStep.initial(wrong)).isPresent());
        assertThrows(IllegalStateException.class,
                () -> run.observe(ObservedStep.initial(wrong)));
    }

    @Test
    void randomSchedulesOfTheCorrectImplementationAlwaysRefine() {
        RefinementChecker checker = new RefinementChecker(oracle);
        qt().withExamples(200).forAll(lists().of(integers().between(0, 7)).ofSizeBetween(0, 30))
                .checkAssert(choices -> assertEquals(Optional.empty(),
                        runSchedule(checker, true, RefinementCheckerTest::mapping, choices)));
    }

    @Test
    void violationReportIsDeterministic() {
        List<String> renders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RefinementChecker checker = new RefinementChecker(oracle);
            renders.add(exploreAll(checker, false, RefinementCheckerTest::mapping, 3).orElseThrow().render());
        }
        assertEquals(renders.get(0), renders.get(1));
        assertTrue(renders.get(0).lines().count() > 5, renders.get(0));
    }

    /** A checker given the reachable graph accepts what TLC accepts, with the same coverage and actions. */
    @Test
    void aCheckerWithTheReachableGraphCoversWhatOneAskingTlcCovers() {
        RefinementChecker withTlc = new RefinementChecker(oracle);
        RefinementChecker withGraph = new RefinementChecker(oracle, Optional.of(graph));
        assertEquals(Optional.empty(), exploreAll(withTlc, true, RefinementCheckerTest::mapping, 6));
        assertEquals(Optional.empty(), exploreAll(withGraph, true, RefinementCheckerTest::mapping, 6));
        assertEquals(withTlc.coverage(), withGraph.coverage());
    }

    /** The graph only spares TLC's work: a step that is not one of its transitions is still refused, as by TLC. */
    @Test
    void aCheckerWithTheReachableGraphStillRefusesWhatIsNoStep() {
        RefinementChecker withTlc = new RefinementChecker(oracle);
        RefinementChecker withGraph = new RefinementChecker(oracle, Optional.of(graph));
        String byTlc = exploreAll(withTlc, false, RefinementCheckerTest::mapping, 3).orElseThrow().render();
        String byGraph = exploreAll(withGraph, false, RefinementCheckerTest::mapping, 3).orElseThrow().render();
        assertEquals(byTlc, byGraph);
        RefinementViolation stale = runSchedule(new RefinementChecker(oracle, Optional.of(graph)), true,
                RefinementCheckerTest::staleLockMapping, List.of(0, 0)).orElseThrow();
        assertEquals(RefinementViolation.Kind.NOT_A_STEP, stale.kind());
    }

    /** Recorded first and judged with the graph at the end: the same coverage as checking each step at once. */
    @Test
    void aDeferringCheckerSettlesToWhatCheckingAtOnceFinds() {
        RefinementChecker atOnce = new RefinementChecker(oracle, Optional.of(graph));
        RefinementChecker deferring = RefinementChecker.deferring(oracle);
        assertEquals(Optional.empty(), exploreAll(atOnce, true, RefinementCheckerTest::mapping, 6));
        assertEquals(Optional.empty(), exploreAll(deferring, true, RefinementCheckerTest::mapping, 6));
        assertEquals(Optional.empty(), deferring.settle(graph));
        assertEquals(atOnce.coverage(), deferring.coverage());
    }

    /** A deferring checker lets the violating run go on, and reports the violation when it settles. */
    @Test
    void aDeferringCheckerReportsAViolationWhenItSettles() {
        RefinementChecker deferring = RefinementChecker.deferring(oracle);
        assertEquals(Optional.empty(), exploreAll(deferring, false, RefinementCheckerTest::mapping, 3));
        RefinementViolation v = deferring.settle(graph).orElseThrow();
        assertEquals(RefinementViolation.Kind.NOT_A_STEP, v.kind());
        assertThrows(IllegalStateException.class, () -> deferring.settle(graph));
    }

    /**
     * Where coverage stops, the report says whether the implementation took the same action instance from the last
     * covered state elsewhere (a choice made otherwise) or never took it there: here p2 never acquires.
     */
    @Test
    void theCoverageReportSaysWhichActionTheImplementationNeverTookWhereCoverageStops() {
        RefinementChecker checker = new RefinementChecker(oracle, Optional.of(graph));
        assertEquals(Optional.empty(), runSchedule(checker, true, RefinementCheckerTest::mapping,
                List.of(0, 0, 0, 0)));
        CoverageReport report = CoverageReport.of(graph, checker.coverage());
        assertTrue(report.uncoveredFrontier() > 0, report.render());
        assertEquals(0, report.frontierByOtherChoice(), report.render());
        assertEquals(report.uncoveredFrontier(), report.frontierActionNotTakenThere().get("Acquire"), report.render());
        assertTrue(report.render().contains("it never took that action instance there for: Acquire "),
                report.render());
    }
}
