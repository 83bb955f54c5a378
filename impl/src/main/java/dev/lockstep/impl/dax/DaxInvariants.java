package dev.lockstep.impl.dax;

import static dev.lockstep.impl.dax.DaxState.NONE;

import com.google.common.collect.ImmutableList;
import dev.lockstep.impl.runtime.StepListener;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The spec's safety invariants evaluated on the Java model's state, so tests can check them on
 * every step of any schedule: NoReclaimWhileInUse, PoolConsistent, and the model's own promise
 * that fi->dax->sem is never held between steps.
 */
public final class DaxInvariants {
  private DaxInvariants() {}

  private static final Set<String> USES_WINDOW = Set.of("copy", "copy_dec_visible", "insert_pfn");
  private static final Set<String> DEC_VISIBLE = Set.of("copy_dec_visible", "iomap_end_dec_visible");

  /** Descriptions of every violated invariant; empty if all hold. */
  public static ImmutableList<String> violations(DaxState st, DaxVariant variant) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    noReclaimWhileInUse(st, out);
    poolConsistent(st, variant, out);
    st.daxSemHolders()
        .forEach(
            (inode, holders) -> {
              if (!holders.isEmpty()) {
                out.add(inode + ".dax->sem held between steps by " + holders);
              }
            });
    return out.build();
  }

  /** A listener that fails the run at the first step after which an invariant is violated. */
  public static StepListener checking(FuseDax dax) {
    DaxVariant variant = dax.config().variant();
    return (step, task, label) -> {
      ImmutableList<String> v = violations(dax.snapshot(), variant);
      if (!v.isEmpty()) {
        throw new AssertionError("step " + step + " " + task + ":" + label + " -> " + v);
      }
    };
  }

  private static void noReclaimWhileInUse(DaxState st, ImmutableList.Builder<String> out) {
    st.pc()
        .forEach(
            (t, pc) -> {
              if (!USES_WINDOW.contains(pc)) {
                return;
              }
              String d = st.iomapPrivate().get(t);
              if (d.equals(NONE)
                  || !st.dmapInode().get(d).equals(st.taskInode().get(t))
                  || st.dmapStart().get(d).intValue() != st.taskRange().get(t)) {
                out.add(
                    "NoReclaimWhileInUse: "
                        + t
                        + " at "
                        + pc
                        + " uses "
                        + d
                        + " for "
                        + st.taskInode().get(t)
                        + "@"
                        + st.taskRange().get(t)
                        + " but it maps "
                        + (d.equals(NONE) || st.dmapInode().get(d).equals(NONE)
                            ? "nothing"
                            : st.dmapInode().get(d) + "@" + st.dmapStart().get(d)));
              }
            });
  }

  private static void poolConsistent(
      DaxState st, DaxVariant variant, ImmutableList.Builder<String> out) {
    Set<String> both = new HashSet<>(st.freeRanges());
    both.retainAll(st.busyRanges());
    if (!both.isEmpty()) {
      out.add("PoolConsistent: free and busy " + both);
    }
    if (st.nrFreeRanges() != st.freeRanges().size()) {
      out.add("PoolConsistent: nr_free_ranges " + st.nrFreeRanges() + " != " + st.freeRanges());
    }
    Set<String> attached = new HashSet<>();
    Set<String> windows = new HashSet<>();
    st.dmapInode()
        .forEach(
            (d, i) -> {
              if (!i.equals(NONE)) {
                attached.add(d);
                if (!windows.add(i + "@" + st.dmapStart().get(d))) {
                  out.add("PoolConsistent: " + i + "@" + st.dmapStart().get(d) + " mapped twice");
                }
              }
            });
    if (!attached.equals(st.busyRanges())) {
      out.add("PoolConsistent: busy " + st.busyRanges() + " but attached " + attached);
    }
    Set<String> held = new HashSet<>();
    for (Map.Entry<String, String> e : st.allocDmap().entrySet()) {
      if (!e.getValue().equals(NONE) && !held.add(e.getValue())) {
        out.add("PoolConsistent: " + e.getValue() + " held by two tasks");
      }
    }
    for (String d : st.dmapInode().keySet()) {
      boolean pooled = st.freeRanges().contains(d) || st.busyRanges().contains(d);
      if (pooled == held.contains(d)) {
        out.add("PoolConsistent: " + d + (pooled ? " pooled and held" : " lost"));
      }
    }
    if (variant.refcountOn()) {
      for (String d : st.refcnt().keySet()) {
        long users =
            st.iomapPrivate().entrySet().stream()
                .filter(e -> e.getValue().equals(d))
                .filter(e -> !DEC_VISIBLE.contains(st.pc().get(e.getKey())))
                .count();
        if (st.refcnt().get(d) != variant.base() + users) {
          out.add("PoolConsistent: " + d + ".refcnt " + st.refcnt().get(d) + " with " + users + " users");
        }
      }
    }
  }
}
