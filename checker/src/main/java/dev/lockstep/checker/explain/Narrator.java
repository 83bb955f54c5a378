package dev.lockstep.checker.explain;

import dev.lockstep.checker.trace.Trace;
import java.nio.file.Path;
import java.util.List;

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
}
