package dev.lockstep.impl.litmus;

import java.util.List;

/**
 * One operation of a litmus thread after lowering: a marked access, an atomic read-modify-write, a
 * lock operation, a barrier or RCU marker, or a register assignment. Statements under {@code if}
 * carry the branch conditions as {@link #guard}; a fully ordered atomic is lowered to {@code
 * smp_mb(); relaxed RMW; smp_mb()}, {@code synchronize_rcu()} to {@code smp_mb(); grace period;
 * smp_mb()}.
 *
 * @param register the register written (loads, value-returning atomics, assignments), or null
 * @param address the location accessed (a pointer-valued expression), or null
 * @param value the value stored, the atomic's operand, or the assigned expression
 * @param expected {@code cmpxchg}'s expected old value
 * @param label the source text, for witnesses and messages
 */
record Op(
    Kind kind,
    Order order,
    Rmw rmw,
    String register,
    Expr address,
    Expr value,
    Expr expected,
    List<Guard> guard,
    String label) {

  enum Kind {
    LOAD,
    STORE,
    RMW,
    LOCK,
    UNLOCK,
    ASSIGN,
    MB,
    RMB,
    WMB,
    RCU_LOCK,
    RCU_UNLOCK,
    GP_START,
    GP_END
  }

  /**
   * The ordering annotation of an access: LKMM's Once, Acquire, Release (or none). FULL marks a
   * conditional atomic ({@code cmpxchg}, {@code atomic_inc_not_zero}, {@code atomic_add_unless})
   * that is fully ordered only when it succeeds: it is followed by its own {@code smp_mb()}.
   */
  enum Order {
    NONE,
    ONCE,
    ACQUIRE,
    RELEASE,
    FULL
  }

  /** What a read-modify-write computes: the new value (null: no write) and the returned value. */
  enum Rmw {
    ADD {
      @Override
      Long next(long old, long operand, long expected) {
        return old + operand;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old + operand;
      }
    },
    FETCH_ADD {
      @Override
      Long next(long old, long operand, long expected) {
        return old + operand;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old;
      }
    },
    ADD_AND_TEST {
      @Override
      Long next(long old, long operand, long expected) {
        return old + operand;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old + operand == 0 ? 1 : 0;
      }
    },
    XCHG {
      @Override
      Long next(long old, long operand, long expected) {
        return operand;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old;
      }
    },
    CMPXCHG {
      @Override
      Long next(long old, long operand, long expected) {
        return old == expected ? operand : null;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old;
      }
    },
    INC_NOT_ZERO {
      @Override
      Long next(long old, long operand, long expected) {
        return old != 0 ? old + 1 : null;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old != 0 ? 1 : 0;
      }
    },
    /** {@code atomic_add_unless(v, a, u)}: adds a unless the value is u; returns whether it added. */
    ADD_UNLESS {
      @Override
      Long next(long old, long operand, long expected) {
        return old != expected ? old + operand : null;
      }

      @Override
      long result(long old, long operand, long expected) {
        return old != expected ? 1 : 0;
      }
    };

    /** Whether the operation may leave the location unchanged (and is then unordered). */
    boolean conditional() {
      return this == CMPXCHG || this == INC_NOT_ZERO || this == ADD_UNLESS;
    }

    abstract Long next(long old, long operand, long expected);

    abstract long result(long old, long operand, long expected);
  }

  /** A branch condition the operation runs under: {@code condition != 0} must equal {@code taken}. */
  record Guard(Expr condition, boolean taken) {}

  boolean isRead() {
    return kind == Kind.LOAD || kind == Kind.RMW || kind == Kind.LOCK;
  }

  boolean isWrite() {
    return kind == Kind.STORE || kind == Kind.RMW || kind == Kind.LOCK || kind == Kind.UNLOCK;
  }

  boolean isAccess() {
    return isRead() || isWrite();
  }

  boolean isRelease() {
    return order == Order.RELEASE || kind == Kind.UNLOCK;
  }

  boolean isAcquire() {
    return order == Order.ACQUIRE || kind == Kind.LOCK;
  }

  /** Operations the machine performs as soon as they are enabled (see {@link Machine}). */
  boolean isSilent() {
    return switch (kind) {
      case ASSIGN, MB, RMB, WMB, RCU_UNLOCK, GP_START, GP_END -> true;
      default -> false;
    };
  }
}
