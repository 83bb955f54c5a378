package dev.lockstep.checker.cli;

import com.google.common.collect.ImmutableList;
import dev.lockstep.checker.gate.Gate;
import dev.lockstep.checker.gate.ProtocolModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The repository and the protocols a command covers: {@code --root} and {@code --protocol}, shared by commands. */
final class ProtocolSelection {
    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "the repository: DIR/specs, DIR/counterexamples (default: current folder)")
    Path root;

    @Option(names = "--protocol", paramLabel = "NAME", description = "only this protocol folder (repeatable)")
    List<String> protocols = new ArrayList<>();

    /**
     * The selected protocols' models.
     *
     * @throws dev.lockstep.checker.gate.ExpectationsFormatException for a malformed expectations file
     * @throws IllegalArgumentException for an unknown protocol
     */
    ImmutableList<ProtocolModels> models() {
        return Gate.select(Gate.discover(root.resolve("specs")), protocols);
    }
}
