package dev.lockstep.checker.gate;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A further check of one protocol that the main job runs after the TLC models (e.g. the refinement checks and the
 * counterexample replays of {@code refinement/}); other modules contribute stages through a {@link Provider}.
 */
public interface GateStage {
    /** The protocol folder the stage checks ({@code specs/<protocol>}); {@code gate --protocol X} runs X's only. */
    String protocol();

    /** Short name shown in the report, e.g. {@code dax refinement}. */
    String name();

    /**
     * Runs the stage on the repository at {@code root}, printing a readable report to {@code out}.
     *
     * @return whether everything the stage checks holds
     */
    boolean run(Path root, PrintWriter out) throws Exception;

    /** Found with {@link java.util.ServiceLoader}: contributes the stages of a module, for every protocol it knows. */
    interface Provider {
        List<GateStage> stages();
    }
}
