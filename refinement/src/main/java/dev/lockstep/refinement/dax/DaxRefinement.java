package dev.lockstep.refinement.dax;

import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.dax.DaxConfig;
import dev.lockstep.impl.dax.DaxState;
import dev.lockstep.impl.dax.FuseDax;
import dev.lockstep.impl.runtime.Scheduler;
import dev.lockstep.refinement.ObservedStep;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.RefinementViolationException;
import dev.lockstep.refinement.SpecOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Checks the Java DAX model against specs/dax/DaxReclaim.tla at every scheduler step. */
public final class DaxRefinement {
    public static final String MODULE = "DaxReclaim";

    private DaxRefinement() {}

    /** Loads the spec from {@code specDir} with the constants of {@code config}. */
    public static SpecOracle loadOracle(Path specDir, DaxConfig config) {
        try {
            Path cfg = Files.createTempFile("lockstep-dax-", ".cfg");
            try {
                Files.writeString(cfg, DaxRefinementMapping.specConfig(config));
                return SpecOracle.load(specDir, MODULE, cfg);
            } finally {
                Files.delete(cfg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks {@code dax}'s current state as the initial state of a new run of {@code checker}, then every step
     * {@code scheduler} takes. The first violation is thrown as a {@link RefinementViolationException} from the
     * step listener, which ends the run with a failed outcome carrying it.
     */
    public static void attach(Scheduler scheduler, FuseDax dax, RefinementChecker checker) {
        attach(scheduler, dax, checker, DaxRefinementMapping::toSpec);
    }

    /** As {@link #attach(Scheduler, FuseDax, RefinementChecker)}, with another mapping (to test the check itself). */
    public static void attach(Scheduler scheduler, FuseDax dax, RefinementChecker checker,
            Function<DaxState, ImmutableMap<String, TlaValue>> mapping) {
        RefinementChecker.Run run = checker.newRun();
        run.observe(ObservedStep.initial(mapping.apply(dax.snapshot()))).ifPresent(v -> {
            throw new RefinementViolationException(v);
        });
        scheduler.addListener((step, task, label) -> run.observe(
                new ObservedStep(step, task, label, mapping.apply(dax.snapshot()))).ifPresent(v -> {
                    throw new RefinementViolationException(v);
                }));
    }
}
