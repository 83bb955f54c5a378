package dev.lockstep.checker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lockstep}: the top-level command; each task is a subcommand listed here. */
@Command(name = "lockstep", mixinStandardHelpOptions = true, version = "lockstep 0.1.0",
        description = {"Model checking companion for the Lockstep TLA+ specs.", "",
            "Start with:",
            "  lockstep gate                         every model against its expectations, then the Java models",
            "  lockstep gate --protocol dax          one protocol",
            "  lockstep check dax/refcount-relaxed   one model, with its counterexamples",
            "  lockstep check SPEC.tla               TLC on any spec and config",
            "  lockstep litmus --check FILE.litmus   a herd7 C litmus test on the runtime's memory model",
            "  lockstep explain TRACE.itf.json       a counterexample as a CPU0 | CPU1 scenario",
            "  lockstep review --open                the HTML report of every check and counterexample"},
        subcommands = {CheckCommand.class, GateCommand.class, LitmusCommand.class, ExplainCommand.class,
            ReviewCommand.class, BenchOverheadCommand.class, BenchGateCommand.class, CommandLine.HelpCommand.class},
        footer = {"%nExit codes: see lockstep COMMAND --help."})
public final class LockstepCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * The configured command line: usage errors exit 2, an unexpected exception prints one line and exits 3. Tests
     * and other entry points use this to run subcommands in-process.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LockstepCommand());
        // One line naming the problem, not the whole usage text: the help is one --help away.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("lockstep: " + ex.getMessage() + " (see: " + failed.getCommandSpec().qualifiedName()
                    + " --help)");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("lockstep: internal error: " + ex);
            return ExitCodes.CRASH;
        });
        return cl;
    }
}
