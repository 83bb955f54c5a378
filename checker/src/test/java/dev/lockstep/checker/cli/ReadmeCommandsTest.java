package dev.lockstep.checker.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.checker.gate.Gate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every concrete {@code ./lockstep} command the README shows still parses (its subcommand and options exist), and
 * every protocol and model it names exists under specs/, so the README's commands cannot rot. Usage lines with
 * placeholders ({@code SPEC.tla}, {@code [--config FILE]}) are not commands.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern COMMAND = Pattern.compile("(?m)(?:^|`)\\./lockstep((?: [^`#\\n]*)?)");

    static Set<String> commands() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = COMMAND.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            String args = m.group(1).strip();
            if (!args.contains("[") && !args.matches(".*\\b(SPEC|PROTOCOL|DIR|FILE)\\b.*")) {
                out.add(args);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandParsesAndNamesWhatExists() throws IOException {
        Set<String> commands = commands();
        assertTrue(commands.contains("gate") && commands.contains("check dax/refcount-relaxed"), commands::toString);
        return commands.stream().map(c -> DynamicTest.dynamicTest("./lockstep " + c, () -> {
            List<String> args = Arrays.asList(c.isEmpty() ? new String[0] : c.split("\\s+"));
            CommandLine.ParseResult parsed = assertDoesNotThrow(
                    () -> LockstepCommand.commandLine().parseArgs(args.toArray(String[]::new)), c);
            for (int i = 0; i + 1 < args.size(); i++) {
                if (args.get(i).equals("--protocol")) {
                    List<String> protocol = List.of(args.get(i + 1));
                    assertDoesNotThrow(() -> Gate.select(Gate.discover(ROOT.resolve("specs")), protocol), c);
                }
            }
            if (parsed.subcommand() != null && parsed.subcommand().commandSpec().name().equals("check")) {
                String target = parsed.subcommand().matchedPositionals().get(0).getValue().toString();
                if (!target.endsWith(".tla")) {
                    assertDoesNotThrow(() -> Gate.runsOf(ROOT.resolve("specs"), target), c);
                } else {
                    assertTrue(Files.exists(ROOT.resolve(target)), c);
                }
            }
        }));
    }
}
