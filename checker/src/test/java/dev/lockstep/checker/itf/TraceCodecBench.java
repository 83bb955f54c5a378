package dev.lockstep.checker.itf;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValueParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tlc2.output.EC;

/**
 * Measures the trace pipeline on a synthetic 10,000-state counterexample in TLC's {@code -tool} format: split the
 * text into state messages (baseline), then parse every state and write ITF, then read the ITF back. Prints the
 * figures of the first (cold JVM) round and of the best of the following rounds; the target is under 1 s for
 * parse + write.
 *
 * <pre>
 * cd /work/main && flock /tmp/lockstep-mvn.lock mvn -B -o -q -pl checker test-compile \
 *     dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp checker/target/classes:checker/target/test-classes:$(cat checker/target/cp.txt) \
 *     dev.lockstep.checker.itf.TraceCodecBench
 * </pre>
 */
public final class TraceCodecBench {
    private static final int STATES = 10_000;
    private static final int ROUNDS = 5;
    private static final String START = "@!@!@STARTMSG " + EC.TLC_STATE_PRINT2 + ":4 @!@!@\n";
    private static final String END = "@!@!@ENDMSG " + EC.TLC_STATE_PRINT2 + " @!@!@\n";

    private TraceCodecBench() {}

    public static void main(String[] args) {
        String text = tlcStyleTrace(STATES);
        System.out.printf("input: %d states, %.1f MB of TLC -tool output%n", STATES, text.length() / 1e6);
        System.out.printf("machine: %d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 0; round < ROUNDS; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<String[]> blocks = split(text);
            long t1 = System.nanoTime();
            Trace trace = parse(blocks);
            long t2 = System.nanoTime();
            String json = ItfWriter.write(trace, ImmutableMap.of("source", "Bench.tla"));
            long t3 = System.nanoTime();
            long cpu3 = threads.getCurrentThreadCpuTime();
            Trace back = ItfReader.read(json);
            long t4 = System.nanoTime();
            if (!back.equals(trace) || trace.states().size() != STATES) {
                throw new IllegalStateException("round trip lost information");
            }
            long[] times = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
            if (round == 0) {
                report("cold (first round)", times);
                // Wall time includes waiting for a CPU on a loaded machine; the thread's CPU time does not.
                System.out.printf("cold split + parse + write used %.1f ms of CPU time on the benchmark thread%n",
                        (cpu3 - cpu0) / 1e6);
                System.out.printf("ITF output: %.1f MB%n", json.length() / 1e6);
            }
            for (int i = 0; i < times.length; i++) {
                best[i] = Math.min(best[i], times[i]);
            }
        }
        report("warm (best of rounds 2.." + ROUNDS + ")", best);
    }

    private static void report(String label, long[] nanos) {
        double split = nanos[0] / 1e6;
        double total = (nanos[0] + nanos[1] + nanos[2]) / 1e6;
        System.out.printf("%s: split (baseline) %.1f ms, parse %.1f ms, ITF write %.1f ms -> total %.1f ms"
                        + " = %.1fx baseline; ITF read back %.1f ms%n",
                label, split, nanos[1] / 1e6, nanos[2] / 1e6, total, total / split, nanos[3] / 1e6);
    }

    /** The baseline: find every trace-state message and cut it into header line and state text. */
    private static List<String[]> split(String text) {
        List<String[]> blocks = new ArrayList<>(STATES);
        int at = 0;
        while ((at = text.indexOf(START, at)) >= 0) {
            int body = at + START.length();
            int end = text.indexOf(END, body);
            int nl = text.indexOf('\n', body);
            blocks.add(new String[] {text.substring(body, nl), text.substring(nl + 1, end)});
            at = end + END.length();
        }
        return blocks;
    }

    private static Trace parse(List<String[]> blocks) {
        ImmutableList.Builder<TraceState> states = ImmutableList.builderWithExpectedSize(blocks.size());
        for (String[] block : blocks) {
            String header = block[0];
            int open = header.indexOf('<');
            String label = header.substring(open + 1, header.length() - 1);
            int space = label.indexOf(' ');
            String action = space < 0 ? label : label.substring(0, space);
            Optional<SourceLocation> location =
                    space < 0 ? Optional.empty() : SourceLocation.parse(label.substring(space + 1));
            states.add(new TraceState(label.equals(TraceState.INITIAL) ? TraceState.INITIAL : action, location,
                    TlaValueParser.parseState(block[1])));
        }
        return Trace.finite(states.build());
    }

    /** A trace shaped like the kernel models': per-CPU program counters, lock owners, a page set, a log. */
    private static String tlcStyleTrace(int states) {
        StringBuilder out = new StringBuilder(states * 600);
        String[] actions = {"DaxLayoutBusyPage", "GetUserPages", "PutPage", "FuseIomapEnd"};
        for (int n = 1; n <= states; n++) {
            out.append(START).append(n).append(": <");
            if (n == 1) {
                out.append("Initial predicate>\n");
            } else {
                out.append(actions[n % actions.length]).append(" line ").append(10 + n % 40)
                        .append(", col 5 to line ").append(14 + n % 40).append(", col 33 of module DaxReclaim>\n");
            }
            int k = n % 97;
            out.append("/\\ pc = (cpu0 :> \"").append(actions[k % 4]).append("\" @@ cpu1 :> \"")
                    .append(actions[(k + 1) % 4]).append("\")\n");
            out.append("/\\ owner = [i_rwsem |-> cpu").append(k % 2).append(", mmap_lock |-> none]\n");
            out.append("/\\ busy = {");
            for (int p = 0; p < k % 6; p++) {
                out.append(p == 0 ? "" : ", ").append(p * 4096);
            }
            out.append("}\n/\\ refs = <<").append(k).append(", ").append(-k).append(", ").append(k * 1000003L)
                    .append(">>\n");
            out.append("/\\ pages = { [pfn |-> ").append(k).append(", mapped |-> TRUE, refs |-> 1],\n")
                    .append("   [pfn |-> ").append(k + 1).append(", mapped |-> FALSE, refs |-> 0] }\n");
            out.append("/\\ log = <<\"fuse_iomap_end\", \"dax_layout_busy_page \\\"").append(n).append("\\\"\">>\n\n");
            out.append(END);
        }
        return out.toString();
    }
}
