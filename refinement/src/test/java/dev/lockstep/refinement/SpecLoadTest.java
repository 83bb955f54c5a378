package dev.lockstep.refinement;

import static dev.lockstep.refinement.Values.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpecLoadTest {
    @Test
    void parseErrorNamesTheFileAndPositionOnOneLine() {
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("broken"), "Broken", resource("broken/Broken.cfg")));
        assertTrue(e.getMessage().startsWith(resource("broken/Broken.tla").toString() + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3, column 9"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.toolOutput().contains("***Parse Error***"));
    }

    @Test
    void configErrorNamesTheConfigFileAndLine() {
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("mutex"), "Mutex", resource("mutex/badconfig.cfg")));
        assertTrue(e.getMessage().startsWith(resource("mutex/badconfig.cfg") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void semanticErrorNamesTheModuleAndPosition() {
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("broken"), "Undefined", resource("broken/Undefined.cfg")));
        assertTrue(e.getMessage().startsWith(resource("broken/Undefined.tla") + ": line 5"), e.getMessage());
        assertTrue(e.getMessage().contains("line 5, col 18 to line 5, col 18 of module Undefined"), e.getMessage());
        assertTrue(e.getMessage().contains("Unknown operator: `y'"), e.getMessage());
    }

    @Test
    void standardModulesAreParsedFromAPrivateCopyNotTheSharedTemporaryFolder() {
        // Other TLC processes extract and delete their own copies in java.io.tmpdir while this one parses.
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("broken"), "Undefined", resource("broken/Undefined.cfg")));
        String shared = Path.of(System.getProperty("java.io.tmpdir"), "Naturals.tla").toString();
        assertTrue(e.toolOutput().contains("Naturals.tla"), e.toolOutput());
        assertTrue(!e.toolOutput().contains("Parsing file " + shared), e.toolOutput());
    }

    @Test
    void missingModuleIsReported() {
        SpecLoadException e = assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("mutex"), "Nope", resource("mutex/two.cfg")));
        assertTrue(e.getMessage().contains("Nope.tla"), e.getMessage());
    }

    @Test
    void failedLoadFreesTheSlotAndLeavesNoTemporaryFolder() throws Exception {
        List<Path> before = oracleTempDirs();
        assertThrows(SpecLoadException.class,
                () -> SpecOracle.load(resource("broken"), "Broken", resource("broken/Broken.cfg")));
        try (SpecOracle ok = Values.mutexOracle()) {
            assertEquals(3, ok.variables().size());
        }
        assertEquals(before, oracleTempDirs());
    }

    @Test
    void loadingStartsNoThreadThatWouldKeepTheJvmAlive() {
        try (SpecOracle ok = Values.mutexOracle()) {
            ok.successors(ok.initialStates().get(0));
            List<String> nonDaemon = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !t.isDaemon() && t != Thread.currentThread() && t.isAlive())
                    .map(Thread::getName)
                    .filter(n -> !n.equals("main") && !n.startsWith("surefire") && !n.equals("DestroyJavaVM"))
                    .toList();
            assertEquals(List.of(), nonDaemon);
        }
    }

    private static List<Path> oracleTempDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("lockstep-oracle-")).sorted().toList();
        }
    }
}
