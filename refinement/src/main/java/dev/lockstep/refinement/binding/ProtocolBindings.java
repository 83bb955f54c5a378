package dev.lockstep.refinement.binding;

import com.google.common.collect.ImmutableList;
import java.util.ServiceLoader;

/** The protocol bindings on the class path ({@link ServiceLoader}), in the order the services files list them. */
public final class ProtocolBindings {
    private ProtocolBindings() {}

    public static ImmutableList<ProtocolBinding<?>> all() {
        ImmutableList.Builder<ProtocolBinding<?>> out = ImmutableList.builder();
        for (ProtocolBinding<?> b : ServiceLoader.load(ProtocolBinding.class)) {
            out.add(b);
        }
        return out.build();
    }

    /** @throws IllegalArgumentException naming the known protocols when none is called {@code protocol} */
    public static ProtocolBinding<?> of(String protocol) {
        ImmutableList<ProtocolBinding<?>> all = all();
        return all.stream().filter(b -> b.protocol().equals(protocol)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no Java model binding for protocol " + protocol + "; known: "
                        + all.stream().map(ProtocolBinding::protocol).toList()));
    }
}
