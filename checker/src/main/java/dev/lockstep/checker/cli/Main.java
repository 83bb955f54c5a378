package dev.lockstep.checker.cli;

/** Entry point of {@code ./lockstep}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(LockstepCommand.commandLine().execute(args));
    }
}
