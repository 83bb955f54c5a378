package dev.lockstep.impl.litmus;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * A parsed litmus test.
 *
 * @param locations the shared locations, in order of first mention
 * @param initialMemory initial value per location index (0 when not given)
 * @param threads the programs, indexed by processor number
 * @param filter herd's {@code filter}: final states that fail it are not counted
 * @param declared the file's {@code Result:} comment, if any
 */
public record LitmusTest(
    String name,
    ImmutableList<String> locations,
    ImmutableList<Long> initialMemory,
    ImmutableList<Program> threads,
    Quantifier quantifier,
    Prop condition,
    Optional<Prop> filter,
    ImmutableList<Prop.Observable> observables,
    Optional<Verdict> declared) {

  /** One processor's operations and its registers' initial values. */
  public record Program(String name, ImmutableList<Op> ops, ImmutableMap<String, Long> initialRegisters) {}

  public enum Quantifier {
    EXISTS("exists"),
    NOT_EXISTS("~exists"),
    FORALL("forall");

    final String text;

    Quantifier(String text) {
      this.text = text;
    }
  }
}
