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
    /** A relaxed atomic_t access or rcu_dereference: Once to the LKMM, relaxed to the runtime. */
    RELAXED,
    ACQUIRE,
    RELEASE,
    FULL
  }

  /** What a read-modify-write computes: the new value (null: no write) and the returned value. */
  enum Rmw {
    ADD((old, a, e) -> old + a, (old, a, e) -> old + a),
    FETCH_ADD((old, a, e) -> old + a, (old, a, e) -> old),
    ADD_AND_TEST((old, a, e) -> old + a, (old, a, e) -> old + a == 0 ? 1L : 0L),
    XCHG((old, a, e) -> a, (old, a, e) -> old),
    CMPXCHG((old, a, e) -> old == e ? Long.valueOf(a) : null, (old, a, e) -> old),
    INC_NOT_ZERO((old, a, e) -> old != 0 ? Long.valueOf(old + 1) : null, (old, a, e) -> old != 0 ? 1L : 0L),
    /** {@code atomic_add_unless(v, a, u)}: adds a unless the value is u; returns whether it added. */
    ADD_UNLESS((old, a, e) -> old != e ? Long.valueOf(old + a) : null, (old, a, e) -> old != e ? 1L : 0L);

    /** A function of the old value, the operand and cmpxchg's expected value. */
    private interface Fn<T> {
      T apply(long old, long operand, long expected);
    }

    private final Fn<Long> next;
    private final Fn<Long> result;

    Rmw(Fn<Long> next, Fn<Long> result) {
      this.next = next;
      this.result = result;
    }

    /** The value written, or null when the operation leaves the location unchanged. */
    Long next(long old, long operand, long expected) {
      return next.apply(old, operand, expected);
    }

    long result(long old, long operand, long expected) {
      return result.apply(old, operand, expected);
    }

    /** Whether the operation may leave the location unchanged (and is then unordered). */
    boolean conditional() {
      return this == CMPXCHG || this == INC_NOT_ZERO || this == ADD_UNLESS;
    }

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
