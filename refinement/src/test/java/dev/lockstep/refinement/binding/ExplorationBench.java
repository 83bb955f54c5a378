package dev.lockstep.refinement.binding;

import dev.lockstep.impl.runtime.Explorer;
import dev.lockstep.impl.runtime.LockDep;
import dev.lockstep.refinement.ReachableGraph;
import dev.lockstep.refinement.RefinementChecker;
import dev.lockstep.refinement.SpecOracle;
import dev.lockstep.refinement.replay.ReplayTarget;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the time of the gate's exploration goes, per protocol and variant, in one run: every schedule from the
 * binding's starts (1) with the runtime and the Java model only (the baseline; state-hash pruning on the model's exact
 * state, which contains its mapped spec state), (2) plus lockdep ({@link LockDep}), (3) plus mapping every
 * step to a spec state for a listener, (4) plus the refinement check of every new step, (5) plus lockdep (what the
 * gate runs). Prints schedules/s and steps/s and each figure as a ratio of the baseline. All starts are explored with one set of visited states by one worker, as the gate's exploration does with
 * two; checking uses the spec's reachable graph, computed once first (its time is printed on its own line). With
 * {@code gate} or {@code every}: the gate's exploration from the gate's starts or from all starts of the full sweep,
 * with its coverage. Usage (from refinement/): {@code mvn -B -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lockstep.refinement.binding.ExplorationBench [-Dexec.args="[protocol] [gate|every] [variant
 * ...]"]}.
 */
public final class ExplorationBench {
    /** CPU time of the whole process: with other work on the machine, wall time alone says little. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ExplorationBench() {}

    private enum Mode { MODEL_ONLY, LOCKDEP, MAPPED, CHECKED, CHECKED_LOCKDEP }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%-30s %-10s %10s %10s %10s %12s %12s %7s%n", "variant", "mode", "schedules",
                "seconds", "cpu s", "schedules/s", "steps/s", "ratio");
        List<String> options = List.of(args);
        List<ProtocolBinding<?>> all = ProtocolBindings.all();
        boolean protocolNamed = all.stream().anyMatch(b -> options.contains(b.protocol()));
        for (ProtocolBinding<?> b : all) {
            if (!protocolNamed || options.contains(b.protocol())) {
                if (options.contains("every") || options.contains("gate")) {
                    sweep(b, options, options.contains("every"));
                } else {
                    bench(b, options);
                }
            }
        }
    }

    /** The gate's exploration from its starts or every start of the spec's model, with coverage (variants by name). */
    private static <C> void sweep(ProtocolBinding<C> b, List<String> options, boolean everyStart) {
        ProtocolSpec spec = Repository.spec(b.protocol());
        for (String variant : b.variants()) {
            if (!named(variant, options)) {
                continue;
            }
            long cpuBegin = PROCESS.getProcessCpuTime();
            Exploration.Result r = Exploration.explore(b, spec, variant,
                    everyStart ? b.everyStart(variant) : b.explorationStarts(variant));
            System.out.print(r.render());
            System.out.printf(Locale.ROOT, "(process CPU time %.1f s)%n", (PROCESS.getProcessCpuTime() - cpuBegin) / 1e9);
        }
    }

    private static <C> void bench(ProtocolBinding<C> b, List<String> options) {
        ProtocolSpec spec = Repository.spec(b.protocol());
        for (String variant : b.variants()) {
            if (!named(variant, options)) {
                continue;
            }
            List<C> starts = b.explorationStarts(variant);
            try (SpecOracle oracle = spec.oracleWithConfig(b.specConfig(starts.get(0)))) {
                long graphBegin = System.nanoTime();
                long graphCpu = PROCESS.getProcessCpuTime();
                ReachableGraph graph = ReachableGraph.explore(oracle, 1_000_000);
                System.out.printf(Locale.ROOT, "%-30s %-10s %10d %10.2f %10.2f   (the spec's reachable graph: states)%n",
                        b.protocol() + "/" + variant, "graph", graph.stateCount(),
                        (System.nanoTime() - graphBegin) / 1e9, (PROCESS.getProcessCpuTime() - graphCpu) / 1e9);
                double baseline = 0;
                // The first mode measured would otherwise pay for the JIT's warm-up: one unrecorded pass first.
                List<Mode> modes = new ArrayList<>(List.of(Mode.CHECKED));
                modes.addAll(List.of(Mode.values()));
                for (int pass = 0; pass < modes.size(); pass++) {
                    Mode mode = modes.get(pass);
                    long[] steps = {0};
                    RefinementChecker checker = new RefinementChecker(oracle, Optional.of(graph));
                    LockDep lockdep = new LockDep();
                    List<Explorer.Scenario> scenarios = new ArrayList<>();
                    for (C start : starts) {
                        scenarios.add(scheduler -> {
                            ReplayTarget.Instance model = b.start(scheduler, start);
                            scheduler.addListener((s, t, l) -> steps[0]++);
                            switch (mode) {
                                case MODEL_ONLY -> { }
                                case MAPPED -> scheduler.addListener((s, t, l) -> model.abstractState());
                                case LOCKDEP -> lockdep.attach(scheduler, "bench");
                                case CHECKED -> StepRefinement.attach(scheduler, model, checker);
                                case CHECKED_LOCKDEP -> {
                                    StepRefinement.attach(scheduler, model, checker);
                                    lockdep.attach(scheduler, "bench");
                                }
                            }
                            return model::exactState;
                        });
                    }
                    long begin = System.nanoTime();
                    long cpuBegin = PROCESS.getProcessCpuTime();
                    long schedules = Explorer.explore(scenarios, 10_000, 1_000_000, r -> true, false).schedules();
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    double cpu = (PROCESS.getProcessCpuTime() - cpuBegin) / 1e9;
                    double rate = steps[0] / seconds;
                    if (pass == 0) {
                        continue;
                    }
                    if (mode == Mode.MODEL_ONLY) {
                        baseline = rate;
                    }
                    System.out.printf(Locale.ROOT, "%-30s %-10s %10d %10.2f %10.2f %12.0f %12.0f %7.2f%n",
                            b.protocol() + "/" + variant, mode.name().toLowerCase(Locale.ROOT), schedules, seconds,
                            cpu, schedules / seconds, rate, rate / baseline);
                }
            }
        }
    }

    /** True if no variant is named (every name has a dash) or {@code variant} is one of them. */
    private static boolean named(String variant, List<String> options) {
        return options.stream().noneMatch(o -> o.contains("-")) || options.contains(variant);
    }
}
