package dev.lockstep.refinement.binding;

import java.nio.file.Path;

/** The repository the tests run in (Surefire's working folder is the module's). */
public final class Repository {
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private Repository() {}

    public static ProtocolSpec spec(String protocol) {
        return ProtocolSpec.of(ROOT, protocol);
    }
}
