package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.impl.litmus.LitmusReader;
import dev.lockstep.impl.litmus.LitmusResult;
import dev.lockstep.impl.litmus.LitmusRunner;
import dev.lockstep.impl.litmus.LitmusTest;
import dev.lockstep.impl.runtime.DataRace;
import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.MemoryModel;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.impl.runtime.SharedAccesses;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Which shared accesses of each protocol's Java model no lock or full ordering orders, found by exploring every
 * schedule of each variant's exploration starts with {@link SharedAccesses} attached: a plain access without its lock
 * fails the run ({@link DataRace}) and the test, and every unordered pair found must be listed in
 * {@code src/test/resources/lockless/<protocol>.txt}. Each listed pair names the litmus test of the suite that has its
 * pattern, and whether every outcome the LKMM allows there the weakest memory model the gate runs one of the
 * protocol's models under ({@link ProtocolBinding#memoryModel}) shows too ({@code covered}) or not ({@code NOT
 * covered}); the test runs each litmus test
 * under both and checks the word. By default the first {@value #QUICK_SCHEDULES} schedules of the first start of each
 * variant are explored (seconds); {@code
 * -Dlockstep.lockless.sweep=true} explores all of the gate's starts (minutes) and demands that the list be exactly the
 * pairs found, so that a pair that no longer occurs fails too. Every wait that ends on a relaxed test of another
 * task's release must be followed in its step by a fully ordered operation ({@link SharedAccesses.UnfencedWait}): the
 * pairs of such a test are then message passing and load buffering with a release on one side and a full fence on the
 * other, which the LKMM forbids as sequential consistency does.
 */
class LocklessAccessesTest {
    private static final boolean SWEEP = Boolean.getBoolean("lockstep.lockless.sweep");
    private static final long STEP_BOUND = 10_000;
    private static final long MAX_SCHEDULES = 1_000_000;
    /** Schedules of the first start the default run explores per variant. */
    private static final long QUICK_SCHEDULES = 1_500;
    private static final Path LITMUS = Repository.ROOT.resolve("impl/src/test/resources/litmus");
    private static final String ARROW = "  =>  ";

    @TestFactory
    Stream<DynamicTest> everyUnorderedPairIsListedWithItsLitmusPattern() {
        return ProtocolBindings.all().stream().map(b -> DynamicTest.dynamicTest(b.protocol(), () -> check(b)));
    }

    private static <C> void check(ProtocolBinding<C> binding) throws Exception {
        SharedAccesses accesses = new SharedAccesses();
        List<String> races = new ArrayList<>();
        for (String variant : binding.variants()) {
            Optional<String> race = explore(binding, variant, accesses);
            race.ifPresent(r -> races.add(variant + ": " + r));
        }
        assertEquals(List.of(), races, binding.protocol() + ": plain accesses without their lock");
        assertEquals(List.of(), accesses.unfencedWaits().stream().map(SharedAccesses.UnfencedWait::toString).toList(),
                binding.protocol() + ": waits whose relaxed test of another task's release no fully ordered operation"
                        + " follows in its step");
        List<String> found = accesses.pairs().stream().map(SharedAccesses.Pair::toString).toList();
        Map<String, String> listed = listed(binding.protocol());
        if (SWEEP) {
            assertEquals(String.join("\n", listed.keySet()), String.join("\n", found),
                    binding.protocol() + ": the unordered pairs (left: " + file(binding.protocol()) + ")");
        } else {
            List<String> unlisted = found.stream().filter(p -> !listed.containsKey(p)).toList();
            assertEquals(List.of(), unlisted, binding.protocol() + ": unordered pairs not in " + file(binding.protocol()));
            assertTrue(listed.isEmpty() || !found.isEmpty(), binding.protocol() + ": no unordered pair found");
        }
        MemoryModel weakest = weakest(binding);
        Map<String, String> verdicts = new TreeMap<>();
        for (String pattern : listed.values()) {
            String[] words = pattern.split(" ", 2);
            verdicts.put(pattern, words[0] + " " + covered(words[0], weakest));
        }
        verdicts.forEach((declared, computed) -> assertEquals(computed, declared, binding.protocol()
                + ": the LKMM against " + weakest + " on " + declared.split(" ")[0]));
    }

    /** The weakest memory model the gate runs one of the protocol's models under. */
    private static <C> MemoryModel weakest(ProtocolBinding<C> binding) {
        return binding.variants().stream().flatMap(v -> binding.explorationStarts(v).stream())
                .anyMatch(start -> binding.memoryModel(start) == MemoryModel.LKMM_SUBSET)
                ? MemoryModel.LKMM_SUBSET : MemoryModel.SC;
    }

    /** Every schedule of each start; a run that fails with a data race ends the variant's exploration, naming it. */
    private static <C> Optional<String> explore(ProtocolBinding<C> binding, String variant, SharedAccesses accesses) {
        List<Explorer.Scenario> scenarios = new ArrayList<>();
        List<C> starts = binding.explorationStarts(variant);
        for (C start : SWEEP ? starts : starts.subList(0, 1)) {
            scenarios.add(scheduler -> {
                ReplayTarget.Instance model = binding.start(binding.memoryModel(start), scheduler, start);
                accesses.attach(scheduler);
                return model::exactState;
            });
        }
        Explorer.Result r = Explorer.explore(scenarios, STEP_BOUND, SWEEP ? MAX_SCHEDULES : QUICK_SCHEDULES,
                run -> !(run.outcome() instanceof Outcome.Failed f && f.cause() instanceof DataRace), false);
        assertTrue(!SWEEP || r.exhausted() || r.counterexample().isPresent(), binding.protocol() + "/" + variant
                + ": exploration not exhausted");
        return r.counterexample().map(cx -> cx.result().outcome() + " after " + cx.replayEntries());
    }

    /** Whether every final state the LKMM allows for {@code litmus} the protocol's memory model shows as well. */
    private static String covered(String litmus, MemoryModel model) throws Exception {
        LitmusTest test = LitmusReader.read(LITMUS.resolve(litmus));
        LitmusResult lkmm = LitmusRunner.run(test, dev.lockstep.impl.litmus.MemoryModel.LKMM);
        LitmusResult runtime = LitmusRunner.run(test, model == MemoryModel.SC
                ? dev.lockstep.impl.litmus.MemoryModel.SC : dev.lockstep.impl.litmus.MemoryModel.RUNTIME);
        return runtime.finalStates().keySet().containsAll(lkmm.finalStates().keySet()) ? "covered" : "NOT covered";
    }

    private static Path file(String protocol) {
        return Path.of("src/test/resources/lockless").resolve(protocol + ".txt");
    }

    /** pair => "litmus-file covered|NOT covered", in file order; comment lines start with #. */
    private static Map<String, String> listed(String protocol) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = file(protocol);
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int arrow = line.indexOf(ARROW);
            assertTrue(arrow > 0, f + ":" + (i + 1) + ": expected 'PAIR" + ARROW + "LITMUS covered|NOT covered'");
            out.put(line.substring(0, arrow), line.substring(arrow + ARROW.length()));
        }
        return out;
    }
}
