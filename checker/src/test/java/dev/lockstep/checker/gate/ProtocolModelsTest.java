package dev.lockstep.checker.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolModelsTest {
    @TempDir
    Path folder;

    private ProtocolModels load(String expectations) throws IOException {
        Files.writeString(folder.resolve("Spec.tla"), "---- MODULE Spec ----\n====\n");
        Files.writeString(folder.resolve("fixed.cfg"), "SPECIFICATION Spec\n");
        Files.writeString(folder.resolve("buggy.cfg"), "SPECIFICATION Spec\n");
        Files.writeString(folder.resolve(ProtocolModels.EXPECTATIONS_FILE), expectations);
        return ProtocolModels.load(folder);
    }

    private String error(String expectations) {
        return assertThrows(ExpectationsFormatException.class, () -> load(expectations)).getMessage();
    }

    @Test
    void readsEveryKindWithCommentsAndBlankLines() throws IOException {
        ProtocolModels models = load("""
                # the models
                spec Spec

                fixed  invariant Safe      holds   # trailing comment
                fixed  deadlock            holds
                buggy  property  Live      violated
                fixed  witness   Race      unreachable
                """);
        assertEquals("Spec", models.specModule());
        assertEquals(ImmutableList.of(
                new Expectation("fixed", CheckKind.INVARIANT, Optional.of("Safe"), Outcome.HOLDS, 4),
                new Expectation("fixed", CheckKind.DEADLOCK, Optional.empty(), Outcome.HOLDS, 5),
                new Expectation("buggy", CheckKind.PROPERTY, Optional.of("Live"), Outcome.VIOLATED, 6),
                new Expectation("fixed", CheckKind.WITNESS, Optional.of("Race"), Outcome.UNREACHABLE, 7)),
                models.expectations());
    }

    @Test
    void namesFileAndLineOfEveryMistake() {
        String file = folder.resolve(ProtocolModels.EXPECTATIONS_FILE).toString();
        assertEquals(file + ":1: missing 'spec <ModuleName>' line", error("fixed invariant Safe holds\n"));
        assertEquals(file + ":2: unknown check kind 'invariants' (invariant, property, deadlock, witness)",
                error("spec Spec\nfixed invariants Safe holds\n"));
        assertEquals(file + ":2: unknown outcome 'holdz'", error("spec Spec\nfixed invariant Safe holdz\n"));
        assertEquals(file + ":2: deadlock takes only an outcome", error("spec Spec\nfixed deadlock Safe holds\n"));
        assertEquals(file + ":2: witness cannot be holds", error("spec Spec\nfixed witness Race holds\n"));
        assertEquals(file + ":3: no config other.cfg for variant other",
                error("spec Spec\nfixed invariant Safe holds\nother invariant Safe holds\n"));
        assertEquals(file + ":3: same check as line 2",
                error("spec Spec\nfixed invariant Safe holds\nfixed invariant Safe violated\n"));
        assertEquals(file + ":1: spec module Missing.tla not found in " + folder, error("spec Missing\n"));
    }

    @Test
    void refusesAVariantConfigThatAlreadyNamesChecks() throws IOException {
        Files.writeString(folder.resolve("Spec.tla"), "---- MODULE Spec ----\n====\n");
        Files.writeString(folder.resolve("fixed.cfg"), "SPECIFICATION Spec\nINVARIANT Safe\n");
        Files.writeString(folder.resolve(ProtocolModels.EXPECTATIONS_FILE), "spec Spec\nfixed invariant Safe holds\n");
        ExpectationsFormatException e = assertThrows(ExpectationsFormatException.class, () -> ProtocolModels.load(folder));
        assertEquals(folder.resolve("fixed.cfg") + ":2: INVARIANT belongs in expectations.txt, not in a variant config",
                e.getMessage());
    }
}
