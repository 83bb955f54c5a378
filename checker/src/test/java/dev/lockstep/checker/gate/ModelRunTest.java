package dev.lockstep.checker.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.tlc.Stats;
import dev.lockstep.checker.tlc.TlcResult;
import dev.lockstep.checker.tlc.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRunTest {
    private static final Expectation SAFE = expect("fixed", CheckKind.INVARIANT, "Safe", Outcome.HOLDS);
    private static final Expectation LIVE = expect("fixed", CheckKind.PROPERTY, "Live", Outcome.HOLDS);
    private static final Expectation NO_DEADLOCK = new Expectation("fixed", CheckKind.DEADLOCK, Optional.empty(),
            Outcome.HOLDS, 1);
    private static final Expectation RACE = expect("fixed", CheckKind.WITNESS, "Race", Outcome.REACHABLE);
    private static final Expectation BUGGY_SAFE = expect("buggy", CheckKind.INVARIANT, "Safe", Outcome.VIOLATED);
    private static final ProtocolModels MODELS = new ProtocolModels(Path.of("specs/demo"), "Demo",
            ImmutableList.of(SAFE, BUGGY_SAFE, LIVE, RACE, NO_DEADLOCK));

    private static Expectation expect(String variant, CheckKind kind, String name, Outcome outcome) {
        return new Expectation(variant, kind, Optional.of(name), outcome, 1);
    }

    private static TlcResult tlc(Verdict verdict, Optional<String> property) {
        return new TlcResult(verdict, property, Stats.NONE, Optional.empty(), Optional.empty(), "");
    }

    @Test
    void checksThatMustHoldShareARunAndEachViolationGetsItsOwn() {
        List<ModelRun> runs = ModelRun.plan(MODELS);
        assertEquals(List.of(List.of(SAFE, LIVE, NO_DEADLOCK), List.of(RACE), List.of(BUGGY_SAFE)),
                runs.stream().map(ModelRun::checks).toList());
        assertTrue(runs.get(0).checksDeadlock());
        assertFalse(runs.get(1).checksDeadlock());
    }

    @Test
    void theWrapperModuleNegatesWitnessesAndTheCfgListsEveryCheck() {
        ModelRun holds = ModelRun.plan(MODELS).get(0);
        assertEquals("INVARIANT Safe\nPROPERTY Live\nCHECK_DEADLOCK TRUE\n", CheckModule.checkLines(holds));
        ModelRun witness = ModelRun.plan(MODELS).get(1);
        assertEquals("---- MODULE MC ----\nEXTENDS Demo\nMC_Not_Race == ~Race\n====\n",
                CheckModule.wrapperModule(witness));
        assertEquals("INVARIANT MC_Not_Race\nCHECK_DEADLOCK FALSE\n", CheckModule.checkLines(witness));
    }

    @Test
    void anOkRunMeansEveryCheckHolds() {
        ModelRunResult r = new ModelRunResult(ModelRun.plan(MODELS).get(0), tlc(Verdict.OK, Optional.empty()));
        assertTrue(r.passed());
    }

    @Test
    void aViolationIsBlamedOnTheNamedCheckAndLeavesTheOthersUndecided() {
        ModelRunResult r = new ModelRunResult(ModelRun.plan(MODELS).get(0),
                tlc(Verdict.INVARIANT_VIOLATED, Optional.of("Safe")));
        List<CheckResult> checks = r.checkResults();
        assertEquals(Optional.of(Outcome.VIOLATED), checks.get(0).actual());
        assertEquals(Optional.empty(), checks.get(1).actual());
        assertFalse(r.passed());
        assertEquals("demo/fixed: invariant Safe: expected holds, actual violated (see the trace)",
                checks.get(0).describe("demo"));
    }

    @Test
    void aReachableWitnessIsTheViolationOfItsNegation() {
        ModelRunResult r = new ModelRunResult(ModelRun.plan(MODELS).get(1),
                tlc(Verdict.INVARIANT_VIOLATED, Optional.of("MC_Not_Race")));
        assertTrue(r.passed());
    }

    @Test
    void anErrorDecidesNothing() {
        ModelRunResult r = new ModelRunResult(ModelRun.plan(MODELS).get(2),
                new TlcResult(Verdict.SPEC_ERROR, Optional.empty(), Stats.NONE, Optional.empty(),
                        Optional.of("Demo.tla:3:1: parse error"), ""));
        assertFalse(r.passed());
        assertEquals("demo/buggy: invariant Safe: expected violated, actual unknown (spec error: Demo.tla:3:1: parse error)",
                r.checkResults().get(0).describe("demo"));
    }
}
