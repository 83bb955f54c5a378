package dev.lockstep.refinement.explain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.explain.Narration;
import dev.lockstep.checker.explain.Narrator;
import dev.lockstep.checker.gate.ProtocolModels;
import dev.lockstep.checker.gate.StepActors;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.impl.runtime.Outcome;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecConstants;
import dev.lockstep.refinement.SpecLoadException;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.binding.CounterexampleReplay;
import dev.lockstep.refinement.binding.ProtocolBinding;
import dev.lockstep.refinement.binding.ProtocolBindings;
import dev.lockstep.refinement.binding.ProtocolSpec;
import dev.lockstep.refinement.replay.Counterexample;
import dev.lockstep.refinement.replay.CounterexampleFiles;
import dev.lockstep.refinement.replay.CounterexampleFormatException;
import dev.lockstep.refinement.replay.ImplStep;
import dev.lockstep.refinement.replay.PlannedStep;
import dev.lockstep.refinement.replay.ReplayResult;
import dev.lockstep.refinement.replay.ViolatedProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The narrator of {@code lockstep explain}: loads the counterexample's spec model in-process (with the trace
 * expressions as an extension module), replays the trace on the protocol's Java model where there is one (the same
 * replay as the gate's, {@link CounterexampleReplay#reproduce}) and turns the replay's implementation steps into the
 * kernel operations of each trace step, the runtime's deadlock report into the lockdep block, and the spec's
 * definition of the violated property into the variables it reads.
 */
public final class ReplayNarrator implements Narrator {
    @Override
    public Narration narrate(Path root, Path file, Trace trace, List<String> expressions) {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.getNameCount() < 3 || !Files.isRegularFile(root.resolve("specs")
                .resolve(absolute.getParent().getParent().getFileName().toString())
                .resolve(ProtocolModels.EXPECTATIONS_FILE))) {
            throw new IllegalArgumentException(file + ": not a counterexample of a protocol under " + root.resolve(
                    "specs") + " (expected <protocol>/<variant>/<check>.itf.json, as the gate writes them)");
        }
        Counterexample cx;
        try {
            cx = CounterexampleFiles.read(absolute);
        } catch (CounterexampleFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ProtocolSpec spec = ProtocolSpec.of(root, cx.protocol());
        SpecConstants constants = spec.constants(cx.variant());
        TraceExpressions exprs = new TraceExpressions(spec.module(), expressions);
        SpecOracle oracle;
        try {
            oracle = SpecOracle.load(spec.specDir(), spec.module(), spec.models().configOf(cx.variant()),
                    Optional.of(exprs.extension()));
        } catch (SpecLoadException e) {
            throw exprs.explain(e);
        }
        try (oracle) {
            ImmutableList<Narration.ExpressionRow> rows = exprs.evaluate(oracle, trace);
            List<String> violation = new ArrayList<>(valuesRead(oracle, cx));
            Optional<ProtocolBinding<?>> binding = ProtocolBindings.all().stream()
                    .filter(b -> b.protocol().equals(cx.protocol())).findFirst();
            Optional<String> notReplayed = binding.isEmpty()
                    ? Optional.of("protocol " + cx.protocol() + " has no Java model")
                    : ProtocolSpec.notReplayed(constants).or(() -> binding.get().variants().contains(cx.variant())
                            ? Optional.empty() : Optional.of("the Java model has no variant " + cx.variant()));
            if (notReplayed.isPresent()) {
                return new Narration("spec actions only: " + notReplayed.get(), ImmutableMap.of(),
                        ImmutableList.of(), ImmutableList.of(), ImmutableList.copyOf(violation), Optional.empty(),
                        ImmutableList.of(), rows);
            }
            CounterexampleReplay.Reproduction r = CounterexampleReplay.reproduce(binding.get(), constants, cx,
                    oracle, Optional.of(new RefinementChecker(oracle)));
            return narration(cx, r, violation, rows);
        }
    }

    /**
     * The kernel operation of a scheduler label: the runtime tells the phases of a blocking operation apart by a
     * suffix ({@code down_write(x):woken}, {@code wait_event(q, c):check}) that is no part of the kernel's code.
     */
    static String kernelOperation(String label) {
        return label.replaceFirst("\\):\\w+$", ")");
    }

    /**
     * The values that break the property in the last state: for a state predicate the variables it reads, for an action
     * property their change on the last step, for a deadlock where every task stopped; for a temporal property (an
     * infinite behaviour) the names of the variables it reads.
     */
    private static List<String> valuesRead(SpecOracle oracle, Counterexample cx) {
        ViolatedProperty p = cx.property();
        ImmutableList<TraceState> states = cx.trace().states();
        Map<String, TlaValue> last = states.get(states.size() - 1).vars();
        List<String> out = new ArrayList<>();
        if (p.kind() == ViolatedProperty.Kind.DEADLOCK) {
            out.add("deadlock: no action of the spec is enabled; where every task stopped:");
            Optional.ofNullable(last.get(StepActors.PROGRAM_COUNTER)).ifPresent(pc -> out.add("  pc = " + pc));
            return out;
        }
        ImmutableList<String> read = oracle.variablesReadBy(p.name());
        if (p.kind() == ViolatedProperty.Kind.TEMPORAL) {
            // A property stated over the whole Spec (fairness included) reads every variable: no news then.
            out.add("temporal property " + p.name() + " is FALSE of this infinite behaviour"
                    + (read.size() < oracle.variables().size() ? "; it reads " + String.join(", ", read) : ""));
            return out;
        }
        if (oracle.level(p.name()) == 2 && states.size() > 1) {
            Map<String, TlaValue> before = states.get(states.size() - 2).vars();
            out.add("action property " + p.name() + " is FALSE on the last step; the variables it reads:");
            read.forEach(v -> out.add("  " + v + (before.get(v).equals(last.get(v)) ? " = " + last.get(v)
                    + " (unchanged)" : ": " + before.get(v) + " -> " + last.get(v))));
            return out;
        }
        out.add(p + (p.kind() == ViolatedProperty.Kind.WITNESS ? " is TRUE" : " is FALSE")
                + "; the variables it reads:");
        read.forEach(v -> out.add("  " + v + " = " + last.get(v)));
        return out;
    }

    private static Narration narration(Counterexample cx, CounterexampleReplay.Reproduction r, List<String> violation,
            ImmutableList<Narration.ExpressionRow> rows) {
        ReplayResult replay = r.replay();
        Map<Integer, ImmutableList<String>> operations = new TreeMap<>();
        List<String> loopBack = new ArrayList<>();
        List<Narration.ActorOperation> after = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        boolean closed = false;
        for (ImplStep s : replay.steps()) {
            // A merged atomic step is one label joining its operations with " + ".
            pending.addAll(List.of(s.operation().split(" \\+ ")));
            if (s.stutter()) {
                continue;
            }
            PlannedStep p = replay.plan().steps().get(s.reached() - 1);
            if (p.exact()) {
                operations.put(p.traceIndex(), ImmutableList.copyOf(pending));
            } else if (!closed) {
                // The first step back to the loop state closes the lasso; later ones repeat the loop.
                loopBack.addAll(pending);
                closed = true;
            }
            pending.clear();
        }
        if (replay.plan().loopVisits().isEmpty()) {
            // Stutters after the last matched step: operations that change no spec variable (e.g. a wait entered).
            int firstTrailing = replay.steps().size();
            while (firstTrailing > 0 && replay.steps().get(firstTrailing - 1).stutter()) {
                firstTrailing--;
            }
            for (ImplStep s : replay.steps().subList(firstTrailing, replay.steps().size())) {
                after.add(new Narration.ActorOperation(s.actor(), s.operation()));
            }
        }
        String variant = r.variant();
        String source = "kernel operations from the Java model of " + cx.protocol() + " (variant " + variant + "): "
                + r.failure().map(f -> "the replay does NOT reproduce the trace: " + f)
                        .orElse("replayed step for step");
        replay.property().ifPresent(v -> v.messages().forEach(m -> violation.add("Java model after its step "
                + v.implStep() + ": " + m)));
        Optional<Narration.Deadlock> deadlock = Optional.empty();
        if (replay.run().outcome() instanceof Outcome.Deadlock d) {
            // The runtime's report says more than the spec's program counters.
            violation.clear();
            deadlock = Optional.of(new Narration.Deadlock(d.blocked().stream()
                    .map(b -> new Narration.Blocked(b.task(), kernelOperation(b.label()), b.waitsFor().resource(),
                            ImmutableList.copyOf(b.waitsFor().holders())))
                    .collect(ImmutableList.toImmutableList()), d.cycles()));
        }
        List<String> loop = new ArrayList<>();
        if (!replay.loopStates().isEmpty()) {
            loop.add(replay.loopCycle().map(c -> "Java model: at visit " + (c.second() + 1) + " of the loop state its"
                    + " exact state equals visit " + (c.first() + 1) + ", so under this schedule the loop repeats"
                    + " forever, with " + String.join(", ", r.busyAtLoop()) + " never done")
                    .orElse("Java model: its exact state never repeats at the loop state in "
                            + CounterexampleReplay.LOOPS + " loops"));
        }
        return new Narration(source, ImmutableMap.copyOf(operations), ImmutableList.copyOf(loopBack),
                ImmutableList.copyOf(after), ImmutableList.copyOf(violation), deadlock, ImmutableList.copyOf(loop),
                rows);
    }
}
