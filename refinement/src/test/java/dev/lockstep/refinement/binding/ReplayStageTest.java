package dev.lockstep.refinement.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.GateStage;
import dev.lockstep.checker.gate.JavaModelRecords;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay stage of the DAX binding, on the repository and on small repositories made for the test. */
class ReplayStageTest {
    private static final ProtocolSpec DAX = Repository.spec("dax");
    @TempDir
    Path root;

    private static String run(Path root, boolean expected) {
        StringWriter text = new StringWriter();
        boolean ok = new ReplayStage<>(ProtocolBindings.of("dax")).run(root, new PrintWriter(text, true));
        assertEquals(expected, ok, text::toString);
        return text.toString();
    }

    @Test
    void theStagesOfEveryBindingAreFoundByTheServiceLoaderAndKnowTheirProtocol() {
        List<GateStage> stages = new ArrayList<>();
        ServiceLoader.load(GateStage.Provider.class).forEach(p -> stages.addAll(p.stages()));
        assertEquals(List.of("dax refinement", "dax counterexample replays"),
                stages.stream().filter(s -> s.protocol().equals("dax")).map(GateStage::name).toList());
        assertEquals(2 * ProtocolBindings.all().size(), stages.size());
    }

    @Test
    void everyCounterexampleOfTheRepositoryPassesTheStage() throws IOException {
        // A copy: the stage records its verdicts under the root's target/, where the gate's own records are.
        copySpecs();
        try (Stream<Path> files = Files.walk(DAX.counterexamples())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = root.resolve("counterexamples/dax").resolve(DAX.counterexamples().relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        String report = run(root, true);
        List<Path> files = CounterexampleFiles.list(DAX.counterexamples());
        long mutants = files.stream().filter(f -> f.getParent().getFileName().toString().startsWith("mutant-")).count();
        assertEquals(files.size() - mutants, report.lines().filter(l -> l.equals("  ok")).count(), report);
        assertEquals(mutants, report.lines().filter(l -> l.startsWith("  spec mutant mutant-")).count(), report);
        assertFalse(report.contains("FAIL"), report);
    }

    @Test
    void aSpecMutantsCounterexampleIsListedAndNotReplayed() throws IOException {
        copySpecs();
        refiled(root.resolve("counterexamples/dax"), "refcount-relaxed/NoReclaimWhileInUse.itf.json",
                "mutant-no-recheck");
        String report = run(root, true);
        assertEquals("counterexamples/dax/mutant-no-recheck/NoReclaimWhileInUse.itf.json"
                + " (invariant NoReclaimWhileInUse)\n"
                + "  spec mutant mutant-no-recheck: no Java counterpart, not replayed\n", report);
        // Recorded for the review: the mutant's verdict, and every variant of the Java model with no counterexample.
        JavaModelRecords records = new JavaModelRecords(root);
        assertEquals(Optional.of(ImmutableList.of(new JavaModelRecords.Replay("NoReclaimWhileInUse", true,
                "spec mutant mutant-no-recheck: no Java counterpart, not replayed"))),
                records.read("dax", "mutant-no-recheck").orElseThrow().replays());
        for (String variant : ProtocolBindings.of("dax").variants()) {
            assertEquals(Optional.of(ImmutableList.of()), records.read("dax", variant).orElseThrow().replays());
        }
    }

    /** A copy of a real counterexample filed under {@code variant} in {@code dir}, with #meta.variant to match. */
    private static Path refiled(Path dir, String relative, String variant) throws IOException {
        Path from = DAX.counterexamples().resolve(relative);
        Path to = Files.createDirectories(dir.resolve(variant)).resolve(from.getFileName());
        String ownVariant = from.getParent().getFileName().toString();
        Files.writeString(to, Files.readString(from).replace("\"variant\": \"" + ownVariant + "\"",
                "\"variant\": \"" + variant + "\""));
        return to;
    }

    private void copySpecs() throws IOException {
        Path specs = Files.createDirectories(root.resolve("specs").resolve("dax"));
        try (Stream<Path> files = Files.list(DAX.specDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, specs.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aCorruptFileFailsTheStageWithOneLineWhileTheOthersStillReplay() throws IOException {
        copySpecs();
        Path relaxed = Files.createDirectories(root.resolve("counterexamples/dax/refcount-relaxed"));
        Files.copy(DAX.counterexamples().resolve("refcount-relaxed/NoReclaimWhileInUse.itf.json"),
                relaxed.resolve("NoReclaimWhileInUse.itf.json"));
        Path bad = Files.createDirectories(root.resolve("counterexamples/dax/inode-trylock"))
                .resolve("EveryAccessCompletes.itf.json");
        Files.writeString(bad, "{\"vars\": [\"pc\"], \"states\": [{\"pc\": 1e99999}]}");
        String report = run(root, false);
        List<String> fails = report.lines().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(1, fails.size(), report);
        assertTrue(fails.get(0).startsWith("FAIL: " + bad + ": "), report);
        assertTrue(report.contains("counterexamples/dax/refcount-relaxed/NoReclaimWhileInUse.itf.json"
                + " (invariant NoReclaimWhileInUse)\n"), report);
        assertEquals(1, report.lines().filter(l -> l.equals("  ok")).count(), report);
    }
}
