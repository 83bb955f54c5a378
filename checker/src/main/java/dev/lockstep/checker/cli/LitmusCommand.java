package dev.lockstep.checker.cli;

import dev.lockstep.checker.litmus.LitmusEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockstep litmus}: runs herd7 C litmus tests on the runtime's memory models. */
@Command(name = "litmus", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run herd7 C litmus tests exhaustively on the runtime's memory model.", "",
            "One FILE: every final state (* marks those satisfying the final clause),",
            "herd's Positive/Negative and Observation lines (Never, Sometimes, Always),",
            "and for Sometimes one interleaving reaching the clause, in CPU columns.",
            "Several FILEs or folders (their *.litmus files): one line per test, the",
            "agreement with the files' Result: comments, each test that cannot run",
            "(named, with the construct and its position), and tests per second.", "",
            "The subset: READ_ONCE, WRITE_ONCE, smp_load_acquire, smp_store_release,",
            "smp_mb/rmb/wmb, smp_mb__before/after_atomic, smp_mb__after_spinlock,",
            "rcu_assign_pointer, rcu_dereference, rcu_read_lock/unlock, synchronize_rcu,",
            "spin_lock/unlock, atomic_* (inc, dec, add, sub, *_return, fetch_*, with",
            "_relaxed/_acquire/_release), atomic_inc_not_zero, atomic_dec_and_test,",
            "xchg, cmpxchg; local variables, if/else, address and data dependencies."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0    ok (with --check: every verdict as its Result: comment says)",
            "  1    --check: a verdict differs from the file's Result: comment",
            "  2    a file cannot run: unreadable, a syntax error, a construct outside",
            "       the subset (named, with file:line:col), or no Result: for --check;",
            "       with several files 1 wins over 2"})
public final class LitmusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "litmus files, or folders of them")
    List<Path> files;

    @Option(names = "--check", description = "compare each verdict with the file's Result: comment")
    boolean check;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "lkmm (default): the LKMM-approximating model; sc: sequential consistency;"
                    + " runtime: the model the protocol models run on (to compare it with lkmm)")
    String model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<LitmusEngine> engine = ServiceLoader.load(LitmusEngine.class).findFirst();
        if (engine.isEmpty()) {
            err.println("lockstep: no litmus engine on the class path (it comes with the refinement module)");
            return ExitCodes.CRASH;
        }
        List<String> models = engine.get().models();
        String chosen = model == null ? models.get(0) : model;
        if (!models.contains(chosen)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --model '" + chosen + "' (one of " + String.join(", ", models) + ")");
        }
        int code = engine.get().run(files, chosen, check, out, err);
        out.flush();
        err.flush();
        return code;
    }
}
