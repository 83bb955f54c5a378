package dev.lockstep.checker.explain;

import dev.lockstep.checker.trace.Trace;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Narrates a counterexample for {@code lockstep explain}. The checker cannot replay traces or evaluate TLA+ in-process
 * itself (the Java models and the in-process spec evaluator live in modules that depend on it), so a module on the
 * class path contributes a narrator, found with {@link java.util.ServiceLoader} like the gate's stages.
 */
public interface Narrator {
    /**
     * Narrates {@code trace}, read from {@code file} ({@code <protocol>/<variant>/<check>.itf.json}) of the repository
     * at {@code root}, and evaluates {@code expressions} at each of its states (or steps, for primed expressions).
     *
     * @throws ExpressionException when an expression cannot be parsed or checked
     */
    Narration narrate(Path root, Path file, Trace trace, List<String> expressions);

    /** Narrates with the first narrator on the class path; without one, spec actions only (and no expressions). */
    static Narration withFirst(Path root, Path file, Trace trace, List<String> expressions) {
        Iterator<Narrator> narrators = ServiceLoader.load(Narrator.class).iterator();
        if (narrators.hasNext()) {
            return narrators.next().narrate(root, file, trace, expressions);
        }
        if (!expressions.isEmpty()) {
            throw new ExpressionException("--expr needs TLC's in-process evaluator: the refinement module is not on"
                    + " the class path");
        }
        return Narration.specOnly("spec actions only: no narrator on the class path");
    }
}
