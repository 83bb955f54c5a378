package dev.lockstep.checker.tlc;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SANY's unframed error text into one line {@code file:line:col: message}. SANY reports parse errors for the
 * file it was parsing last, semantic errors with a module name, a missing module by name.
 */
final class SanyErrors {
    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");
    private static final Pattern ENCOUNTERED =
            Pattern.compile("^Encountered \"(.*)\" at line (\\d+), column (\\d+)");
    private static final Pattern EXPECTING = Pattern.compile("^Was expecting \"?(.*?)\"?\\s*$");
    private static final Pattern LEXICAL = Pattern.compile("^Lexical error at line (\\d+), column (\\d+)\\.\\s*(.*)$");
    private static final Pattern SEMANTIC_LOCATION =
            Pattern.compile("^line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\w+)\\s*$");
    private static final Pattern MISSING_MODULE =
            Pattern.compile("Cannot find source file for module (\\w+) imported in module (\\w+)");

    private SanyErrors() {}

    /**
     * @param lines SANY's unframed output lines, in order
     * @param fileOfModule the file to name for a module (the spec as the user gave it for the root module)
     */
    static Optional<String> firstError(List<String> lines, Function<String, String> fileOfModule) {
        String parsing = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m;
            if ((m = PARSING_FILE.matcher(line)).matches()) {
                parsing = fileOfModule.apply(moduleOfPath(m.group(1)));
            } else if (line.equals("***Parse Error***")) {
                return Optional.of(parseError(lines, i + 1, parsing));
            } else if ((m = LEXICAL.matcher(line)).matches()) {
                return Optional.of(parsing + ":" + m.group(1) + ":" + m.group(2) + ": lexical error: " + m.group(3));
            } else if ((m = SEMANTIC_LOCATION.matcher(line)).matches()) {
                String message = nextNonBlank(lines, i + 1).orElse("semantic error");
                return Optional.of(fileOfModule.apply(m.group(3)) + ":" + m.group(1) + ":" + m.group(2) + ": "
                        + message);
            } else if ((m = MISSING_MODULE.matcher(line)).find()) {
                return Optional.of(fileOfModule.apply(m.group(2)) + ": cannot find module " + m.group(1)
                        + " (no " + m.group(1) + ".tla next to the spec, and it is not a standard module)");
            }
        }
        return Optional.empty();
    }

    private static String parseError(List<String> lines, int from, String file) {
        String expecting = null;
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m;
            if ((m = EXPECTING.matcher(line)).matches()) {
                expecting = m.group(1);
            } else if ((m = ENCOUNTERED.matcher(line)).find()) {
                return file + ":" + m.group(2) + ":" + m.group(3) + ": parse error: unexpected " + m.group(1)
                        + (expecting == null ? "" : ", expecting " + expecting);
            }
        }
        return file + ": parse error";
    }

    private static Optional<String> nextNonBlank(List<String> lines, int from) {
        return lines.subList(Math.min(from, lines.size()), lines.size()).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).findFirst();
    }

    static String moduleOfPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".tla") ? name.substring(0, name.length() - ".tla".length()) : name;
    }
}
