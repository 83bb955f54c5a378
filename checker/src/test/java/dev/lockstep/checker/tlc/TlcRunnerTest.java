package dev.lockstep.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaFunction;
import dev.lockstep.checker.value.TlaInt;
import dev.lockstep.checker.value.TlaModelValue;
import dev.lockstep.checker.value.TlaSet;
import dev.lockstep.checker.value.TlaString;
import dev.lockstep.checker.value.TlaValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlcRunnerTest {
    @TempDir
    Path metadirParent;

    @AfterEach
    void leavesNoMetadirAndNoTlcProcess() throws Exception {
        assertTrue(Models.isEmptyFolder(metadirParent), "metadir left behind");
        assertEquals(0, Models.liveChildren(), "TLC process left running");
    }

    private TlcResult run(String model) {
        return run(TlcOptions.builder(Models.spec(model)));
    }

    private TlcResult run(TlcOptions.Builder options) {
        return TlcRunner.run(options.metadirParent(metadirParent).build(), ProgressListener.NONE);
    }

    private static Trace trace(TlcResult result) {
        return result.trace().orElseThrow(() -> new AssertionError("no trace in " + result));
    }

    private static TlaValue var(TraceState state, String name) {
        return state.vars().get(name);
    }

    @Test
    void keepsEveryStepsActionNameSourceLocationAndValues() {
        Trace trace = trace(run("invariant"));
        assertEquals(List.of(TraceState.INITIAL, "Incr", "Incr", "Incr"),
                trace.states().stream().map(TraceState::action).toList());
        assertEquals(Optional.of(new SourceLocation("Counter", 5, 9, 5, 37)), trace.states().get(1).location());
        assertEquals(Optional.empty(), trace.states().get(0).location());
        assertEquals(List.of(TlaInt.of(0), TlaInt.of(1), TlaInt.of(2), TlaInt.of(3)),
                trace.states().stream().map(s -> var(s, "x")).toList());
        assertEquals(TlaString.of("a"), var(trace.states().get(3), "y"));
        assertEquals(OptionalInt.empty(), trace.loop());
        assertFalse(trace.stuttering());
    }

    @Test
    void readsTheStateInsideTheMessageForAViolationInAnInitialState() {
        TlcResult result = run("initial");
        Trace trace = trace(result);
        assertEquals(1, trace.states().size());
        assertEquals(ImmutableMap.of("x", TlaInt.of(3), "y", TlaInt.of(6)), trace.states().get(0).vars());
        assertEquals(TraceState.INITIAL, trace.states().get(0).action());
    }

    @Test
    void marksWhereALassoLoopsBackTo() {
        TlcResult result = run("lasso");
        Trace trace = trace(result);
        assertEquals(5, trace.states().size());
        assertEquals(OptionalInt.of(2), trace.loop(), "TLC's 'Back to state 3' is 0-based index 2");
        assertEquals(TlaFunction.tuple(TlaInt.of(0), TlaInt.of(1)), var(trace.states().get(4), "seen"));
        assertEquals(TlaFunction.empty(), var(trace.states().get(0), "seen"));
    }

    @Test
    void marksACounterexampleEndingInStuttering() {
        Trace trace = trace(run("stuttering"));
        assertTrue(trace.stuttering());
        assertEquals(2, trace.states().size());
        assertEquals(TlaInt.of(1), var(trace.states().get(1), "x"));
    }

    @Test
    void parsesBigWrappedAndEscapedValues() {
        Trace trace = trace(run("bigvalues"));
        TraceState first = trace.states().get(0);
        assertEquals(TlaInt.of(Integer.MAX_VALUE), var(first, "big"));
        assertEquals(TlaInt.of(-Integer.MAX_VALUE), var(trace.states().get(1), "big"));
        List<TlaValue> elements = new ArrayList<>();
        IntStream.rangeClosed(1, 30).forEach(i -> elements.add(TlaString.of("element number " + i)));
        assertEquals(TlaFunction.tuple(elements), var(first, "wide"), "30 strings wrapped over 30 lines");
        assertEquals(TlaFunction.record(Map.of(
                "a", TlaSet.of(TlaFunction.tuple(TlaInt.of(1), TlaString.of("x\"y")),
                        TlaFunction.tuple(TlaInt.of(2), TlaString.of("tab\there"))),
                "b", TlaFunction.of(Map.of(TlaInt.of(1), TlaSet.of(), TlaInt.of(5), TlaSet.of(TlaSet.of()))),
                "c", TlaInt.of(-7))), var(first, "nested"));
    }

    @Test
    void parsesModelValuesAndSymmetricStates() {
        assertEquals(TlaModelValue.of("Writer"), var(trace(run("modelvalues")).states().get(1), "holder"));
        Trace symmetric = trace(run("symmetry"));
        assertEquals(TlaInt.of(3), var(symmetric.states().get(3), "count"));
        assertTrue(var(symmetric.states().get(3), "owner") instanceof TlaFunction owner
                && owner.domain().equals(TlaSet.of(TlaModelValue.of("p1"), TlaModelValue.of("p2"),
                        TlaModelValue.of("p3"))));
    }

    @Test
    void parsesOneVariableStates() {
        Trace trace = trace(run("onevar"));
        assertEquals(List.of("s"), List.copyOf(trace.states().get(3).vars().keySet()));
        assertEquals(3, ((TlaSet) var(trace.states().get(3), "s")).size());
    }

    @Test
    void namesFileLineAndColumnOfAnEvaluationErrorAndKeepsItsBehaviour() {
        TlcResult result = run("evalerror");
        assertEquals(Verdict.EVALUATION_ERROR, result.verdict());
        assertEquals(Optional.of(Models.spec("evalerror") + ":5:27: The second argument of \\div is 0."),
                result.errorMessage());
        assertEquals(List.of(TlaInt.of(2), TlaInt.of(1), TlaInt.of(0)),
                trace(result).states().stream().map(s -> var(s, "k")).toList());
    }

    @Test
    void namesTheAssertionsLocationAndMessage() {
        assertEquals(Optional.of(Models.spec("assertion") + ":5:23: \"n overflowed\""), run("assertion").errorMessage());
    }

    @Test
    void namesFileLineAndColumnOfAParseError() {
        TlcResult result = run("parseerror");
        assertEquals(Verdict.SPEC_ERROR, result.verdict());
        assertEquals(Optional.of(Models.spec("parseerror")
                + ":6:1: parse error: unexpected Beginning of definition"), result.errorMessage());
    }

    @Test
    void namesFileLineAndColumnOfASemanticError() {
        assertEquals(Optional.of(Models.spec("semanticerror") + ":5:14: Unknown operator: `y'."),
                run("semanticerror").errorMessage());
    }

    @Test
    void namesAMissingModuleAndTheModuleImportingIt() {
        String message = run("unknownmodule").errorMessage().orElseThrow();
        assertTrue(message.startsWith(Models.spec("unknownmodule") + ": cannot find module NoSuchModule"), message);
    }

    @Test
    void namesTheConfigFileOfAConfigError() {
        TlcResult result = run("configerror");
        assertEquals(Optional.of(Models.config(Models.spec("configerror")) + ": The invariant NoSuchInvariant"
                + " specified in the configuration file is not defined in the specification."), result.errorMessage());
    }

    @Test
    void rejectsAMissingConfigWithoutRunningTlc() {
        Path spec = Models.spec("ok");
        TlcResult result = run(TlcOptions.builder(spec).config(spec.resolveSibling("Missing.cfg")));
        assertEquals(Verdict.CONFIG_ERROR, result.verdict());
        assertEquals(Optional.of(spec.resolveSibling("Missing.cfg") + ": no such config file"), result.errorMessage());
        assertEquals("", result.rawOutput());
    }

    @Test
    void rejectsAMissingSpec() {
        TlcResult result = run(TlcOptions.builder(Models.ROOT.resolve("ok/Nothing.tla")));
        assertEquals(Verdict.USAGE_ERROR, result.verdict());
        assertEquals(2, result.verdict().exitCode());
    }

    @Test
    void reportsAnOptionTlcDoesNotKnowAsAUsageError() {
        TlcResult result = run(TlcOptions.builder(Models.spec("ok")).extraTlcArgs(List.of("-bogus")));
        assertEquals(Verdict.USAGE_ERROR, result.verdict());
        assertTrue(result.errorMessage().orElseThrow().contains("-bogus"), result.errorMessage().toString());
    }

    @Test
    void passesExtraTlcArgumentsAndRunsInTheGivenFolder(@TempDir Path folder) {
        TlcResult result = run(TlcOptions.builder(Models.spec("ok")).extraTlcArgs(List.of("-fp", "1"))
                .workingDirectory(folder));
        assertEquals(Verdict.OK, result.verdict());
        assertTrue(result.rawOutput().contains("with fp 1 "), "TLC got -fp 1");
    }

    @Test
    void reportsProgressToTheListener() {
        List<Progress> seen = new ArrayList<>();
        TlcResult result = TlcRunner.run(TlcOptions.builder(Models.spec("ok")).metadirParent(metadirParent).build(),
                seen::add);
        assertFalse(seen.isEmpty(), "TLC reports progress at least once, at the end");
        assertEquals(result.stats().distinct(), seen.get(seen.size() - 1).distinct());
    }

    @Test
    void stopsTlcWhenTheTimeoutExpires() {
        TlcResult result = run(TlcOptions.builder(Models.BIG).timeout(Duration.ofSeconds(1)));
        assertEquals(Verdict.TIMEOUT, result.verdict());
        assertEquals(3, result.verdict().exitCode());
        assertTrue(result.stats().seconds() < 15, "stopped soon after the timeout: " + result.stats());
    }

    @Test
    void stopsTlcWhenItRunsOutOfMemory() {
        TlcResult result = run(TlcOptions.builder(Models.spec("outofmemory")).tlcHeap("24m")
                .timeout(Duration.ofMinutes(1)));
        assertEquals(Verdict.OUT_OF_MEMORY, result.verdict(), result::rawOutput);
        assertEquals(3, result.verdict().exitCode());
        assertTrue(result.errorMessage().orElseThrow().contains("heap 24m"), result.errorMessage().toString());
    }
}
