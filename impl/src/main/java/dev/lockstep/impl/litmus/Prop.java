package dev.lockstep.impl.litmus;

import java.util.List;
import java.util.function.ToLongFunction;

/** The proposition of a final clause, over registers ({@code 1:r0}) and locations ({@code x}). */
sealed interface Prop {
  boolean holds(ToLongFunction<Observable> finalValue);

  void observables(List<Observable> into);

  /** A register of one thread (thread >= 0), or a shared location (thread = -1, index = location). */
  record Observable(int thread, String register, int location, String text) {}

  record Atom(Observable observable, long value) implements Prop {
    @Override
    public boolean holds(ToLongFunction<Observable> finalValue) {
      return finalValue.applyAsLong(observable) == value;
    }

    @Override
    public void observables(List<Observable> into) {
      if (!into.contains(observable)) {
        into.add(observable);
      }
    }
  }

  record Not(Prop operand) implements Prop {
    @Override
    public boolean holds(ToLongFunction<Observable> finalValue) {
      return !operand.holds(finalValue);
    }

    @Override
    public void observables(List<Observable> into) {
      operand.observables(into);
    }
  }

  /** Conjunction ("/\"), disjunction ("\/") or implication ("=>"). */
  record Connective(String op, Prop left, Prop right) implements Prop {
    @Override
    public boolean holds(ToLongFunction<Observable> finalValue) {
      boolean l = left.holds(finalValue);
      return switch (op) {
        case "/\\" -> l && right.holds(finalValue);
        case "\\/" -> l || right.holds(finalValue);
        case "=>" -> !l || right.holds(finalValue);
        default -> throw new IllegalStateException(op);
      };
    }

    @Override
    public void observables(List<Observable> into) {
      left.observables(into);
      right.observables(into);
    }
  }

  record Constant(boolean value) implements Prop {
    @Override
    public boolean holds(ToLongFunction<Observable> finalValue) {
      return value;
    }

    @Override
    public void observables(List<Observable> into) {}
  }
}
