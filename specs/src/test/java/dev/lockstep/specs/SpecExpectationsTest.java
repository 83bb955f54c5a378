package dev.lockstep.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.CheckResult;
import dev.lockstep.checker.gate.CounterexampleStore;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.ModelRun;
import dev.lockstep.checker.gate.ModelRunResult;
import dev.lockstep.checker.gate.ProtocolModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The TLC gate: every model under {@code specs/} gives the outcome its {@code expectations.txt} declares, and every
 * expected violation's counterexample is byte-identical to the one committed under {@code counterexamples/}. Each
 * check is its own test case: protocol / variant / check.
 */
class SpecExpectationsTest {
    private static final Path SPECS = Path.of("").toAbsolutePath();
    private static final Path COMMITTED = SPECS.resolveSibling("counterexamples");
    private static final Path REGENERATED = SPECS.resolve("target/counterexamples");
    private static final int PARALLEL_TLC_RUNS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    @TestFactory
    Stream<DynamicNode> everyModelMeetsItsExpectations() throws InterruptedException {
        ImmutableList<ProtocolModels> protocols = Gate.discover(SPECS);
        assertTrue(protocols.size() >= 4, "expected the four protocol folders under " + SPECS + ", found " + protocols);
        List<ModelRun> runs = protocols.stream().flatMap(p -> ModelRun.plan(p).stream()).toList();
        ImmutableList<ModelRunResult> results =
                new Gate(Duration.ofMinutes(5)).executeAll(runs, PARALLEL_TLC_RUNS, r -> { });
        CounterexampleStore store = new CounterexampleStore(REGENERATED);
        return protocols.stream().map(protocol -> DynamicContainer.dynamicContainer(protocol.protocol(),
                variants(protocol, results, store)));
    }

    private static Stream<DynamicNode> variants(ProtocolModels protocol, List<ModelRunResult> results,
            CounterexampleStore store) {
        Map<String, List<DynamicNode>> byVariant = new LinkedHashMap<>();
        for (ModelRunResult result : results) {
            if (!result.run().models().equals(protocol)) {
                continue;
            }
            List<DynamicNode> tests = byVariant.computeIfAbsent(result.run().variant(), v -> new ArrayList<>());
            for (CheckResult check : result.checkResults()) {
                tests.add(DynamicTest.dynamicTest(check.expectation().kind().keyword() + " "
                        + check.expectation().checkName() + " " + check.expectation().expected().keyword(),
                        () -> assertCheck(protocol, result, check, store)));
            }
        }
        return byVariant.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream()));
    }

    private static void assertCheck(ProtocolModels protocol, ModelRunResult result, CheckResult check,
            CounterexampleStore store) throws IOException {
        if (!check.passed()) {
            fail(check.describe(protocol.protocol()) + "\n" + result.tlc().rawOutput());
        }
        if (result.run().expectsViolation()) {
            Path regenerated = store.write(result);
            Path committed = COMMITTED.resolve(REGENERATED.relativize(regenerated));
            assertTrue(Files.isRegularFile(committed), committed + " is missing; run ./lockstep gate to write it");
            assertEquals(Files.readString(committed), Files.readString(regenerated),
                    committed + " differs from what TLC finds now; run ./lockstep gate and review the new trace");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedCounterexampleBelongsToAnExpectedViolation() {
        ImmutableList<ProtocolModels> protocols = Gate.discover(SPECS);
        List<ModelRun> runs = protocols.stream().flatMap(p -> ModelRun.plan(p).stream()).toList();
        List<Path> stale = new CounterexampleStore(COMMITTED).stale(runs,
                protocols.stream().map(ProtocolModels::protocol).toList());
        return Stream.of(DynamicTest.dynamicTest("no stale counterexample under " + COMMITTED,
                () -> assertEquals(List.of(), stale, "these match no expected violation in specs/")));
    }
}
