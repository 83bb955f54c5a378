package dev.lockstep.checker.cli;

import dev.lockstep.checker.tlc.Verdict;

/** The exit codes of every subcommand; they are {@link Verdict#exitCode()} for a check. */
final class ExitCodes {
    static final int OK = 0;
    static final int VIOLATED = 1;
    static final int USAGE = 2;
    static final int CRASH = 3;

    static final String HELP = ""
            + "  0    ok: no error found%n"
            + "  1    a property is violated: invariant, deadlock, temporal or action%n"
            + "       property, assertion, assumption%n"
            + "  2    usage, spec or config error, an expression TLC cannot evaluate,%n"
            + "       or an unwritable --out folder%n"
            + "  3    TLC crashed, ran out of memory, or timed out (TLC is stopped)%n"
            + "  130  interrupted by Ctrl-C (SIGINT), 143 by SIGTERM (128 + signal);%n"
            + "       TLC is killed and its metadir deleted before the checker exits%n";

    private ExitCodes() {}
}
