package dev.lockstep.impl.litmus;

/** One line of a witness: what thread {@code thread} did, or a write reaching that thread. */
public record Row(int thread, String text) {}
