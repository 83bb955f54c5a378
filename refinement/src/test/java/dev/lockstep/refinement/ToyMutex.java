package dev.lockstep.refinement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A toy implementation of the Mutex spec: a lock word, per-process program counters, and a "last acquisition" log.
 * A waiting process may spin on the lock (a step that changes nothing abstract). With {@code checksLock} false it
 * has the classic bug of taking the lock without looking at it.
 */
final class ToyMutex {
    enum Pc { IDLE, CRITICAL }

    /** One scheduling choice: which process runs which operation. */
    record Op(String process, String name) {}

    static final List<String> PROCESSES = List.of("p1", "p2");

    final Map<String, Pc> pc = new TreeMap<>();
    String holder;
    int lastCount;
    String lastWho;
    private final boolean checksLock;

    ToyMutex(boolean checksLock) {
        this.checksLock = checksLock;
        PROCESSES.forEach(p -> pc.put(p, Pc.IDLE));
    }

    List<Op> enabled() {
        List<Op> ops = new ArrayList<>();
        for (String p : PROCESSES) {
            if (pc.get(p) == Pc.CRITICAL) {
                ops.add(new Op(p, "release"));
            } else if (holder == null || !checksLock) {
                ops.add(new Op(p, "acquire"));
            } else {
                ops.add(new Op(p, "spin"));
            }
        }
        return ops;
    }

    void run(Op op) {
        switch (op.name()) {
            case "acquire" -> {
                holder = op.process();
                pc.put(op.process(), Pc.CRITICAL);
                lastCount = 1;
                lastWho = op.process();
            }
            case "release" -> {
                holder = null;
                pc.put(op.process(), Pc.IDLE);
            }
            case "spin" -> { }
            default -> throw new IllegalArgumentException(op.name());
        }
    }
}
