package dev.lockstep.impl.runtime;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LockDep} graph as text: its edges with their witnesses, the edges against the documented {@link
 * LockOrder}, and every cycle as lockdep prints it ({@code print_circular_bug}: header, the chain "-> #n (class):" in
 * reverse order with its call sites, {@code print_circular_lock_scenario}'s "Possible unsafe locking scenario"; a
 * self-edge as {@code print_deadlock_bug}'s "possible recursive locking"; layout of kernel/locking/lockdep.c as of
 * v4.14). Where the kernel prints a stack trace this prints the model's kernel functions, innermost first; usage bits
 * ({@code {+.+.}}, IRQ states) are not modelled and not printed. For a wait class, "lock(W)" reads "sleeps in
 * wait_event(W)" and an edge W -> L "the wake_up(W) that ends the sleep is done holding L".
 */
public final class LockDepReport {
  private LockDepReport() {}

  public static String render(String title, LockDep graph, LockOrder order) {
    StringBuilder out = new StringBuilder();
    ImmutableList<LockCycles.Cycle> cycles = LockCycles.of(graph);
    ImmutableList<LockDep.Edge> against = order.violations(graph);
    out.append(title).append(": ").append(graph.classes().size()).append(" lock classes, ")
        .append(graph.edges().size()).append(" dependencies from ").append(graph.runs()).append(" runs, ")
        .append(cycles.size()).append(cycles.size() == 1 ? " cycle" : " cycles").append(", ")
        .append(against.size()).append(" against the documented order\n");
    if (!order.isEmpty()) {
      out.append("documented order: ").append(order).append("\n  (").append(order.source()).append(")\n");
    }
    out.append("\ndependencies (kinds: S/E = the first lock held shared/exclusive, R/N = the second taken as recursive"
        + " reader/not):\n");
    for (LockDep.Edge e : graph.edges()) {
      out.append("  ").append(e.from()).append(" -(").append(e.kinds()).append(")-> ").append(e.to())
          .append(against.contains(e) ? "   AGAINST THE DOCUMENTED ORDER" : "").append('\n')
          .append("      ").append(how(graph, e)).append("; ").append(witness(e.first()))
          .append(e.firstCompleted().map(w -> w == e.first() ? "" : "; first completed run " + w.run())
              .orElse("; no run that made it completed"))
          .append('\n');
    }
    for (LockDep.Edge e : against) {
      out.append("\nWARNING: lock order against the documentation: ").append(e.to()).append(" taken while holding ")
          .append(e.from()).append(" (").append(e.first().toSite()).append(")\n");
    }
    Map<Long, LockDep.Witness> witnesses = new LinkedHashMap<>();
    for (LockCycles.Cycle c : cycles) {
      out.append('\n').append(c.recursive() ? recursive(c, graph) : circular(c, graph));
      c.edges().forEach(e -> witnesses.putIfAbsent(e.first().run(), e.first()));
    }
    if (!witnesses.isEmpty()) {
      out.append("\nschedules of the runs above (replay entries):\n");
      witnesses.values().forEach(w -> out.append("  run ").append(w.run()).append(" from ").append(w.start())
          .append(":\n    ").append(String.join(" ", w.schedule())).append('\n'));
    }
    return out.toString();
  }

  private static String witness(LockDep.Witness w) {
    return "first in run " + w.run() + " (" + (w.completed() ? "completed" : "did not complete") + "), task "
        + w.task() + ", step " + w.step();
  }

  /** What made the edge: an acquisition under a held lock, or a wake-up done holding a lock. */
  private static String how(LockDep graph, LockDep.Edge e) {
    LockDep.Witness w = e.first();
    if (graph.isWait(e.from())) {
      return "wake_up(" + e.from() + ") at " + w.fromSite().function() + " holding " + e.to() + " taken at "
          + w.toSite().function();
    }
    return e.to() + " at " + w.toSite().function() + " holding " + e.from() + " taken at "
        + w.fromSite().function();
  }

  /** print_circular_bug: the closing edge tgt -> src is the one taken last; src -> ... -> tgt already existed. */
  private static String circular(LockCycles.Cycle c, LockDep graph) {
    LockDep.Edge closing = c.closing();
    String src = closing.to();
    String tgt = closing.from();
    List<LockDep.Edge> chain = c.edges().subList(0, c.edges().size() - 1);
    StringBuilder out = new StringBuilder();
    out.append("======================================================\n")
        .append("WARNING: possible circular locking dependency detected\n")
        .append("------------------------------------------------------\n")
        .append(closing.first().task()).append(" is trying to acquire lock:\n")
        .append(" (").append(src).append("), at: ").append(closing.first().toSite().function()).append("\n\n")
        .append("but task is already holding lock:\n")
        .append(" (").append(tgt).append("), at: ").append(closing.first().fromSite().function()).append("\n\n")
        .append("which lock already depends on the new lock.\n\n\n")
        .append("the existing dependency chain (in reverse order) is:\n");
    for (int depth = chain.size(); depth >= 1; depth--) {
      entry(out, graph, depth, chain.get(depth - 1));
    }
    entry(out, graph, 0, closing);
    String parent = chain.get(chain.size() - 1).from();
    out.append("\nother info that might help us debug this:\n\n");
    if (!parent.equals(src)) {
      out.append("Chain exists of:\n  ").append(src).append(" --> ").append(parent).append(" --> ").append(tgt)
          .append("\n\n");
    }
    out.append(" Possible unsafe locking scenario:\n\n")
        .append("       CPU0                    CPU1\n")
        .append("       ----                    ----\n")
        .append("  ").append(take(graph, tgt)).append('\n')
        .append(Strings.repeat(" ", 31)).append(take(graph, parent)).append('\n')
        .append(Strings.repeat(" ", 31)).append(take(graph, tgt)).append('\n')
        .append("  ").append(take(graph, src)).append("\n\n")
        .append(" *** DEADLOCK ***\n");
    return out.toString();
  }

  /** print_circular_bug_entry: the class, then where the dependency on it was made. */
  private static void entry(StringBuilder out, LockDep graph, int depth, LockDep.Edge e) {
    LockDep.Witness w = e.first();
    out.append("\n-> #").append(depth).append(" (").append(e.to()).append("):\n");
    for (String frame : w.toSite().frames()) {
      out.append("       ").append(frame).append('\n');
    }
    out.append("       [").append(e.from()).append(" -(").append(e.kinds()).append(")-> ").append(e.to())
        .append(": ").append(how(graph, e)).append("]\n")
        .append("       [").append(witness(w)).append(e.firstCompleted().filter(x -> x != w)
            .map(x -> "; also in completed run " + x.run()).orElse("")).append("]\n");
  }

  /** print_deadlock_bug for a self-edge: a class taken while one of its locks is held. */
  private static String recursive(LockCycles.Cycle c, LockDep graph) {
    LockDep.Edge e = c.closing();
    LockDep.Witness w = e.first();
    return "============================================\n"
        + "WARNING: possible recursive locking detected\n"
        + "--------------------------------------------\n"
        + w.task() + " is trying to acquire lock:\n"
        + " (" + e.to() + "), at: " + w.toSite() + "\n\n"
        + "but task is already holding lock:\n"
        + " (" + e.from() + "), at: " + w.fromSite() + "\n\n"
        + "other info that might help us debug this:\n"
        + " Possible unsafe locking scenario:\n\n"
        + "       CPU0\n"
        + "       ----\n"
        + "  " + take(graph, e.from()) + "\n"
        + "  " + take(graph, e.to()) + "\n\n"
        + " *** DEADLOCK ***\n\n"
        + " May be due to missing lock nesting notation\n\n"
        + " [" + witness(w) + "]\n";
  }

  private static String take(LockDep graph, String lockClass) {
    return (graph.isWait(lockClass) ? "wait_event(" : "lock(") + lockClass + ");";
  }
}
