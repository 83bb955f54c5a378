package dev.lockstep.checker.litmus;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs litmus tests on the runtime's memory models for {@code lockstep litmus}. The checker does
 * not depend on the Java models; the module that does (refinement, over impl) provides the engine,
 * found with {@link java.util.ServiceLoader} as the gate finds its stages.
 */
public interface LitmusEngine {
    /** The memory models a test can run under, the default first (e.g. {@code lkmm}, {@code sc}). */
    List<String> models();

    /**
     * Runs the tests at {@code paths} (files, or folders of {@code *.litmus}) under {@code model}.
     *
     * @param check compare each verdict with the file's {@code Result:} comment
     * @return the exit code: 0 ok, 1 a verdict differs from its Result: comment, 2 a test cannot run
     *     (unreadable, not litmus, an unsupported construct, no Result: to check)
     */
    int run(List<Path> paths, String model, boolean check, PrintWriter out, PrintWriter err);
}
