package dev.lockstep.refinement.dax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.TlcReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-process exploration of the real DAX spec agrees with TLC run on its own. */
class DaxSpecGraphTest {
    private static final Path SPEC_DIR = DaxCounterexampleTest.SPEC.specDir();

    @ParameterizedTest
    @ValueSource(strings = {"inode-trylock", "fault-inline-reclaim"})
    void reachableGraphMatchesTlcsDistinctStatesAndDepth(String variant, @TempDir Path snapshot) throws Exception {
        // Both explorations read one copy, so they agree on the spec even while it is being edited.
        try (Stream<Path> files = Files.list(SPEC_DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, snapshot.resolve(f.getFileName()));
            }
        }
        Path cfg = snapshot.resolve(variant + ".cfg");
        ReachableGraph graph;
        try (SpecOracle oracle = SpecOracle.load(snapshot, "DaxReclaim", cfg)) {
            graph = ReachableGraph.explore(oracle, 200_000);
            assertTrue(oracle.isInitial(graph.state(0)));
        }
        TlcReference.Figures tlc = TlcReference.run(snapshot, "DaxReclaim", cfg);
        assertEquals(tlc.distinct(), graph.stateCount());
        assertEquals(tlc.depth(), graph.depth());
    }
}
