package dev.lockstep.checker.tlc;

/** Receives TLC's progress while a run goes on, on the thread that called {@link TlcRunner#run}. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {};

    void onProgress(Progress progress);
}
