package dev.lockstep.refinement.litmus;

import dev.lockstep.checker.litmus.LitmusEngine;
import dev.lockstep.impl.litmus.Litmus;
import dev.lockstep.impl.litmus.MemoryModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code lockstep litmus} on impl's litmus runner (registered in META-INF/services). */
public final class RuntimeLitmusEngine implements LitmusEngine {
    @Override
    public List<String> models() {
        return List.of(name(MemoryModel.LKMM), name(MemoryModel.SC), name(MemoryModel.RUNTIME));
    }

    @Override
    public int run(List<Path> paths, String model, boolean check, PrintWriter out, PrintWriter err) {
        return Litmus.run(paths, MemoryModel.named(model), check, out, err);
    }

    private static String name(MemoryModel m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
