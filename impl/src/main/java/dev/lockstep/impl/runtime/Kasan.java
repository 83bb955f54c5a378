package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slab objects under KASAN: every access to a member of an object is checked when it takes
 * effect. An access to a freed object (after {@code kfree}, or after the grace period of {@code
 * kfree_rcu}: the object is poisoned then) and an access to a member that a write to another
 * member of the same {@code union} has overwritten are reported, naming the task, the access and
 * who freed or overwrote the memory. As with {@code kasan.fault=report} (KASAN's default), the
 * report is recorded and the run goes on: the access takes effect on the stale memory, so a model
 * shows what follows as well. Read the reports between steps or after the run.
 *
 * <p>Not modelled: reuse of freed memory by another allocation (objects are never reused, so a
 * use after free cannot hide behind a fresh allocation), and which bytes of a union member a write
 * overlays (any write to a member overwrites every other member of its union).
 */
public final class Kasan {
  private final Scheduler scheduler;
  private final List<String> reports = new ArrayList<>();

  public Kasan(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * {@code kzalloc}: a fresh object; private to its allocator until published, so not a
   * scheduling point.
   *
   * @param unions groups of member names that share memory ({@code union { waitq; rcu; }})
   */
  public Allocation kzalloc(String name, List<ImmutableSet<String>> unions) {
    return new Allocation(name, ImmutableList.copyOf(unions));
  }

  /** Every report so far, in order; read between steps. */
  public ImmutableList<String> reports() {
    return ImmutableList.copyOf(reports);
  }

  /** Where an allocated object is in its life. */
  public enum State {
    LIVE,
    /** {@code kfree_rcu} was called; the memory stays valid until its callback frees it. */
    RCU_PENDING,
    FREED
  }

  /** One allocated object. */
  public final class Allocation {
    private final String name;
    private final ImmutableList<ImmutableSet<String>> unions;
    private State state = State.LIVE;
    private String freedBy;
    /** Member -> the access that overwrote it through another member of its union. */
    private final Map<String, String> overwritten = new LinkedHashMap<>();

    private Allocation(String name, ImmutableList<ImmutableSet<String>> unions) {
      this.name = name;
      this.unions = unions;
    }

    /** The member {@code member} of this object, for the primitives that live in it. */
    public Field field(String member) {
      return new Field(this, member);
    }

    /** {@code kfree}: a step of the calling task; the object is poisoned at once. */
    public void kfree() {
      scheduler.perform("kfree(" + name + ")", Ordering.RELAXED, () -> free("kfree by " + scheduler.currentTask()));
    }

    /** Marks the object as handed to {@code kfree_rcu}. Call from within an effect. */
    void rcuPending() {
      state = State.RCU_PENDING;
    }

    /** Poisons the object. Call from within an effect. */
    void free(String by) {
      state = State.FREED;
      freedBy = by;
    }

    void check(String member, String access, boolean write) {
      String task = scheduler.currentTask();
      if (state == State.FREED) {
        reports.add(
            "BUG: KASAN: use-after-free in " + access + " by task " + task + ": " + name
                + " was freed (" + freedBy + ")");
      } else if (overwritten.containsKey(member)) {
        reports.add(
            "union overwrite: " + access + " by task " + task + " uses " + name + "->" + member
                + ", overwritten by " + overwritten.get(member));
      }
      if (write) {
        for (ImmutableSet<String> union : unions) {
          if (union.contains(member)) {
            union.stream()
                .filter(m -> !m.equals(member))
                .forEach(m -> overwritten.put(m, name + "->" + member + " in " + access));
          }
        }
        overwritten.remove(member);
      }
    }

    public String name() {
      return name;
    }

    /** Read between steps. */
    public State state() {
      return state;
    }

    /** Whether a write to another member of its union has overwritten {@code member}. */
    public boolean isOverwritten(String member) {
      return overwritten.containsKey(member);
    }

    /** Who freed the object, once it is freed. */
    public Optional<String> freedBy() {
      return Optional.ofNullable(freedBy);
    }
  }

  /** A member of an object: the primitives living there check each access through it. */
  public static final class Field {
    /** A member of no checked object: accesses are never reported. */
    public static final Field UNCHECKED = new Field(null, "");

    private final Allocation object;
    private final String member;

    private Field(Allocation object, String member) {
      this.object = object;
      this.member = member;
    }

    /** A read, or a read-modify-write that keeps the union's other members intact. Effect only. */
    public void access(String access) {
      if (object != null) {
        object.check(member, access, false);
      }
    }

    /** A write that overwrites the other members of the member's union. Effect only. */
    public void write(String access) {
      if (object != null) {
        object.check(member, access, true);
      }
    }
  }
}
