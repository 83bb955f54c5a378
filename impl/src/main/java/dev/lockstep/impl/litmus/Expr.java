package dev.lockstep.impl.litmus;

import java.util.Set;
import java.util.function.Function;

/** A side-effect-free expression over a thread's registers (loads and atomics are lowered to {@link Op}s). */
sealed interface Expr {
  /** The value, or {@code null} while a register it reads is not known yet. */
  Long eval(Function<String, Long> registers);

  /** Registers read: the expression's address and data dependencies. */
  void registers(Set<String> into);

  record Const(long value) implements Expr {
    @Override
    public Long eval(Function<String, Long> registers) {
      return value;
    }

    @Override
    public void registers(Set<String> into) {}
  }

  record Reg(String name) implements Expr {
    @Override
    public Long eval(Function<String, Long> registers) {
      return registers.apply(name);
    }

    @Override
    public void registers(Set<String> into) {
      into.add(name);
    }
  }

  record Unary(String op, Expr operand) implements Expr {
    @Override
    public Long eval(Function<String, Long> registers) {
      Long v = operand.eval(registers);
      if (v == null) {
        return null;
      }
      return switch (op) {
        case "!" -> v == 0 ? 1L : 0L;
        case "-" -> -v;
        case "~" -> ~v;
        default -> throw new IllegalStateException(op);
      };
    }

    @Override
    public void registers(Set<String> into) {
      operand.registers(into);
    }
  }

  record Binary(String op, Expr left, Expr right) implements Expr {
    @Override
    public Long eval(Function<String, Long> registers) {
      Long l = left.eval(registers);
      Long r = right.eval(registers);
      if (l == null || r == null) {
        return null;
      }
      return switch (op) {
        case "*" -> l * r;
        case "/" -> r == 0 ? 0 : l / r;
        case "%" -> r == 0 ? 0 : l % r;
        case "+" -> l + r;
        case "-" -> l - r;
        case "<" -> bool(l < r);
        case ">" -> bool(l > r);
        case "<=" -> bool(l <= r);
        case ">=" -> bool(l >= r);
        case "==" -> bool(l.longValue() == r.longValue());
        case "!=" -> bool(l.longValue() != r.longValue());
        case "&" -> l & r;
        case "^" -> l ^ r;
        case "|" -> l | r;
        case "&&" -> bool(l != 0 && r != 0);
        case "||" -> bool(l != 0 || r != 0);
        default -> throw new IllegalStateException(op);
      };
    }

    @Override
    public void registers(Set<String> into) {
      left.registers(into);
      right.registers(into);
    }

    private static long bool(boolean b) {
      return b ? 1 : 0;
    }
  }
}
