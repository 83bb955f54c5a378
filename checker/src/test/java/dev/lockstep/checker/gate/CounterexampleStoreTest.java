package dev.lockstep.checker.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterexampleStoreTest {
    private static final Expectation BUGGY_SAFE = new Expectation("buggy", CheckKind.INVARIANT, Optional.of("Safe"),
            Outcome.VIOLATED, 1);
    private static final ModelRun RUN = new ModelRun(new ProtocolModels(Path.of("specs/demo"), "Demo",
            ImmutableList.of(BUGGY_SAFE)), "buggy", ImmutableList.of(BUGGY_SAFE));

    @TempDir
    Path dir;

    @Test
    void aCounterexampleMatchesOnlyAByteIdenticalCommittedOne() throws Exception {
        CounterexampleStore found = new CounterexampleStore(dir.resolve("found"));
        CounterexampleStore committed = new CounterexampleStore(dir.resolve("committed"));
        for (CounterexampleStore store : new CounterexampleStore[] {found, committed}) {
            Files.createDirectories(store.itfFile(RUN).getParent());
            Files.writeString(store.itfFile(RUN), "{\"states\": []}\n");
            Files.writeString(store.textFile("demo", "buggy", "Safe"), "State 1\n");
        }
        assertEquals(Optional.empty(), found.mismatch(RUN, committed));

        Files.writeString(committed.textFile("demo", "buggy", "Safe"), "State 1 \n");
        String differs = found.mismatch(RUN, committed).orElseThrow();
        assertTrue(differs.startsWith(committed.textFile("demo", "buggy", "Safe") + " differs"), differs);

        Files.delete(committed.itfFile(RUN));
        assertEquals(Optional.of(committed.itfFile(RUN) + " is missing"), found.mismatch(RUN, committed));
    }
}
