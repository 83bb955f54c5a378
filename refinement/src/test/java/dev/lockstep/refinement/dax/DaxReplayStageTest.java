package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.gate.GateStage;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaxReplayStageTest {
    @TempDir
    Path root;

    private static String run(Path root, boolean expected) {
        StringWriter text = new StringWriter();
        boolean ok = new DaxReplayStage().run(root, new PrintWriter(text, true));
        assertEquals(expected, ok, text::toString);
        return text.toString();
    }

    @Test
    void theStageIsFoundByTheServiceLoader() {
        assertTrue(ServiceLoader.load(GateStage.class).stream()
                .anyMatch(p -> p.type().equals(DaxReplayStage.class)));
        assertEquals("dax counterexample replays", new DaxReplayStage().name());
    }

    @Test
    void everyCounterexampleOfTheRepositoryPassesTheStage() {
        String report = run(DaxCounterexampleTest.ROOT, true);
        List<Path> files = CounterexampleFiles.list(DaxCounterexampleTest.COUNTEREXAMPLES);
        long mutants = files.stream().filter(f -> f.getParent().getFileName().toString().startsWith("mutant-")).count();
        assertEquals(files.size() - mutants, report.lines().filter(l -> l.equals("  ok")).count(), report);
        assertEquals(mutants, report.lines().filter(l -> l.startsWith("  spec mutant mutant-")).count(), report);
        assertFalse(report.contains("FAIL"), report);
    }

    @Test
    void aSpecMutantsCounterexampleIsListedAndNotReplayed() throws IOException {
        copySpecs();
        DaxCounterexampleTest.refiled(root.resolve("counterexamples/dax"),
                "refcount-relaxed/NoReclaimWhileInUse.itf.json", "mutant-no-recheck");
        String report = run(root, true);
        assertEquals("counterexamples/dax/mutant-no-recheck/NoReclaimWhileInUse.itf.json"
                + " (invariant NoReclaimWhileInUse)\n"
                + "  spec mutant mutant-no-recheck: no Java counterpart, not replayed\n", report);
    }

    private void copySpecs() throws IOException {
        Path specs = Files.createDirectories(root.resolve("specs").resolve("dax"));
        try (Stream<Path> files = Files.list(DaxCounterexampleTest.SPEC_DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, specs.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aCorruptFileFailsTheStageWithOneLineWhileTheOthersStillReplay() throws IOException {
        copySpecs();
        Path relaxed = Files.createDirectories(root.resolve("counterexamples/dax/refcount-relaxed"));
        Files.copy(DaxCounterexampleTest.COUNTEREXAMPLES.resolve("refcount-relaxed/NoReclaimWhileInUse.itf.json"),
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
