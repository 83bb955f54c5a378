package dev.lockstep.checker.cli;

import dev.lockstep.checker.explain.ExpressionException;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.Narrator;
import dev.lockstep.checker.explain.ScenarioRenderer;
import dev.lockstep.checker.explain.TraceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockstep explain}: a counterexample as a kernel developer would post it. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a counterexample as a CPU0 | CPU1 scenario, ready to paste into a reply.", "",
            "One column per task, time flowing down, TLC's state numbers on the left. Where",
            "the protocol has a Java model (all four today) the trace is replayed on it and each",
            "cell shows the kernel operations of the step, the spec action as a comment;",
            "elsewhere (and for spec mutants) the spec action and the values it changed.",
            "Then the violated property and the values that break it; for a deadlock a",
            "lockdep-style \"Possible unsafe locking scenario\" with the wait-for cycle; a",
            "lasso's loop is marked. Plain ASCII, wrapped to --width."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0    the scenario is printed%n"
            + "  2    usage error, an unreadable or malformed TRACE, or an --expr that does%n"
            + "       not parse or check (one line naming the position)%n"
            + "  3    internal error%n"})
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "a counterexample, COUNTEREXAMPLES/<protocol>/<variant>/"
            + "<check>.itf.json as the gate writes it")
    Path file;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "the repository: DIR/specs holds the spec (default: current folder)")
    Path root;

    @Option(names = "--width", paramLabel = "N", defaultValue = "80",
            description = "line width, at least 40 (default 80)")
    int width;

    @Option(names = "--expr", paramLabel = "EXPR", description = {"a TLA+ expression over the spec's variables,"
            + " evaluated by TLC at every state and shown as a row (repeatable); with primed variables it is"
            + " evaluated on every step, e.g. --expr 'refcnt' --expr \"refcnt' # refcnt\""})
    List<String> expressions = new ArrayList<>();

    @Override
    public Integer call() {
        if (width < 40) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--width must be at least 40: " + width);
        }
        var err = spec.commandLine().getErr();
        TraceFile trace;
        try {
            trace = TraceFile.read(file);
        } catch (IllegalArgumentException e) {
            err.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Narration narration;
        try {
            narration = Narrator.withFirst(root, file, trace.trace(), expressions);
        } catch (ExpressionException e) {
            err.println("lockstep: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage()).replaceAll("\\R+", " ");
            err.println("lockstep: " + (message.startsWith(file.toString()) ? "" : file + ": ") + message);
            return ExitCodes.USAGE;
        }
        spec.commandLine().getOut().print(ScenarioRenderer.render(trace.title(), trace.trace(), narration, width));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
