package dev.lockstep.checker.gate;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A further check the main job runs after the TLC models, contributed by another module through
 * {@link java.util.ServiceLoader} (e.g. the refinement checks and the counterexample replays of {@code refinement/}).
 */
public interface GateStage {
    /** Short name shown in the report, e.g. {@code dax refinement}. */
    String name();

    /**
     * Runs the stage on the repository at {@code root}, printing a readable report to {@code out}.
     *
     * @return whether everything the stage checks holds
     */
    boolean run(Path root, PrintWriter out) throws Exception;
}
