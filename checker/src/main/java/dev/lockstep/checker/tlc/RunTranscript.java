package dev.lockstep.checker.tlc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.checker.trace.SourceLocation;
import dev.lockstep.checker.trace.Trace;
import dev.lockstep.checker.trace.TraceState;
import dev.lockstep.checker.value.TlaValue;
import dev.lockstep.checker.value.TlaValueParser;
import dev.lockstep.checker.value.TlaValueSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tlc2.output.EC;

/**
 * Reads the messages of one TLC run as they arrive and, once TLC has exited, says what the run established.
 * Progress reports go to the listener as they come; trace states are parsed into typed values.
 */
final class RunTranscript {
    private static final Pattern PROGRESS = Pattern.compile("Progress\\((\\d+)\\) at [^:]*:\\d\\d:\\d\\d: ([\\d,]+) states"
            + " generated(?: \\([\\d,]+ s/min\\))?, ([\\d,]+) distinct states found(?: \\([\\d,]+ ds/min\\))?, ([\\d,]+)"
            + " states left on queue");
    private static final Pattern TOTALS =
            Pattern.compile("([\\d,]+) states generated, ([\\d,]+) distinct states found, ([\\d,]+) states left");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Pattern STATE_HEADER = Pattern.compile("(\\d+): <(.*)>");
    private static final Pattern ACTION =
            Pattern.compile("(.*?) (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+)");
    private static final Pattern BACK_TO_STATE = Pattern.compile("(\\d+): Back to state");
    private static final Pattern NAMED_VIOLATION = Pattern.compile("(?:Invariant|Action property|Property) (\\S+) is violated");
    private static final Pattern NESTED_POSITION =
            Pattern.compile("(?m)^\\d+\\. Line (\\d+), column (\\d+) to line \\d+, column \\d+ in (\\w+)");
    private static final Pattern TLC_LOCATION =
            Pattern.compile("line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\w+)");

    /** How an OutOfMemoryError shows in TLC's messages (GENERAL, TLC_FINGERPRINT_EXCEPTION) or on stderr. */
    private static final Pattern OUT_OF_MEMORY =
            Pattern.compile("OutOfMemoryError|Java heap space|GC overhead limit exceeded");

    private static final int TRACE_STATE = EC.TLC_STATE_PRINT2;
    private static final int INITIAL_INVARIANT = EC.TLC_INVARIANT_VIOLATED_INITIAL;
    private static final int INITIAL_PROPERTY = EC.TLC_PROPERTY_VIOLATED_INITIAL;
    private static final int BACK_EDGE = EC.TLC_BACK_TO_STATE;
    private static final int STUTTERING = EC.TLC_STATE_PRINT3;
    private static final int NESTED_EXPRESSION = EC.TLC_NESTED_EXPRESSION;
    private static final int PARSE_FAILED = EC.TLC_PARSING_FAILED;
    private static final int NO_ERROR_FOUND = EC.TLC_SUCCESS;
    private static final int UNKNOWN_OPTION = EC.WRONG_COMMANDLINE_PARAMS_TLC;
    private static final int UNEXPECTED_EXCEPTION = EC.GENERAL;
    /** Trace headers and the like: error-class messages that explain nothing by themselves. */
    private static final Set<Integer> FRAMING = Set.of(EC.TLC_BEHAVIOR_UP_TO_THIS_POINT, EC.TLC_COUNTER_EXAMPLE,
            NESTED_EXPRESSION, UNEXPECTED_EXCEPTION);
    /** Out of memory and stack overflow: TLC can hang after these, so the run is ended. */
    private static final Set<Integer> FATAL = Set.of(EC.SYSTEM_OUT_OF_MEMORY, EC.SYSTEM_OUT_OF_MEMORY_TOO_MANY_INIT,
            EC.SYSTEM_OUT_OF_MEMORY_LIVENESS, EC.SYSTEM_STACK_OVERFLOW);
    private static final Map<Integer, Verdict> VIOLATIONS = Map.of(
            EC.TLC_INVARIANT_VIOLATED_BEHAVIOR, Verdict.INVARIANT_VIOLATED,
            INITIAL_INVARIANT, Verdict.INVARIANT_VIOLATED,
            EC.TLC_INVARIANT_VIOLATED_LEVEL, Verdict.INVARIANT_VIOLATED,
            INITIAL_PROPERTY, Verdict.TEMPORAL_VIOLATED,
            EC.TLC_DEADLOCK_REACHED, Verdict.DEADLOCK,
            EC.TLC_TEMPORAL_PROPERTY_VIOLATED, Verdict.TEMPORAL_VIOLATED,
            EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR, Verdict.ACTION_PROPERTY_VIOLATED,
            EC.TLC_VALUE_ASSERT_FAILED, Verdict.ASSERTION_FAILED,
            EC.TLC_ASSUMPTION_FALSE, Verdict.ASSUMPTION_FALSE);

    private final TlcOptions options;
    private final ProgressListener listener;
    private final Runnable onFatal;
    private final long startNanos = System.nanoTime();

    private long generated;
    private long lastProgressGenerated;
    private long lastProgressNanos = startNanos;
    private long distinct;
    private int depth;
    private Verdict violation;
    private String property;
    private String violationDetail;
    private final List<TraceState> states = new ArrayList<>();
    private boolean traceClosed;
    private Integer loop;
    private boolean stuttering;
    private String traceProblem;
    private final List<TlcMessage> problems = new ArrayList<>();
    private String innermostPosition;
    private boolean parseFailed;
    private boolean noErrorFound;
    private boolean unknownOption;
    private boolean outOfMemory;
    private boolean fatal;
    private final List<String> unframed = new ArrayList<>();
    private final Map<String, String> moduleFiles = new HashMap<>();

    RunTranscript(TlcOptions options, ProgressListener listener, Runnable onFatal) {
        this.options = options;
        this.listener = listener;
        this.onFatal = onFatal;
    }

    void unframed(String line) {
        if (OUT_OF_MEMORY.matcher(line).find()) {
            outOfMemory = true;
        }
        if (line.startsWith("Parsing file ")) {
            moduleFiles.putIfAbsent(SanyErrors.moduleOfPath(line.substring("Parsing file ".length()).strip()),
                    line.substring("Parsing file ".length()).strip());
        }
        // Only SANY's text matters here; Print output after it can be large and is kept in the raw output only.
        if (unframed.size() < 10_000) {
            unframed.add(line);
        }
    }

    void message(TlcMessage m) {
        boolean traceMessage = m.code() == TRACE_STATE || m.code() == BACK_EDGE || m.code() == STUTTERING;
        if (!traceMessage && !states.isEmpty()) {
            traceClosed = true;
        }
        switch (m.code()) {
            case EC.TLC_PROGRESS_STATS -> progress(m.text());
            case EC.TLC_STATS -> totals(m.text());
            case EC.TLC_SEARCH_DEPTH -> depth(m.text());
            case TRACE_STATE -> traceState(m.text());
            case BACK_EDGE -> backEdge(m.text());
            case STUTTERING -> stuttering |= !traceClosed;
            case NESTED_EXPRESSION -> nestedExpression(m.text());
            case PARSE_FAILED -> parseFailed = true;
            case NO_ERROR_FOUND -> noErrorFound = true;
            case UNKNOWN_OPTION -> {
                unknownOption = true;
                problems.add(m);
            }
            default -> other(m);
        }
    }

    private void other(TlcMessage m) {
        Verdict v = VIOLATIONS.get(m.code());
        if (v != null) {
            violation(v, m);
            return;
        }
        if (m.isError() && OUT_OF_MEMORY.matcher(m.text()).find()) {
            outOfMemory = true;
        }
        if (FATAL.contains(m.code())) {
            outOfMemory |= m.code() != EC.SYSTEM_STACK_OVERFLOW;
            if (!fatal) {
                fatal = true;
                onFatal.run();
            }
        }
        if ((m.isError() || ErrorCodes.isConfigError(m.code())) && !m.text().isEmpty()) {
            problems.add(m);
        }
    }

    private void violation(Verdict v, TlcMessage m) {
        if (violation != null) {
            return;
        }
        violation = v;
        Matcher named = NAMED_VIOLATION.matcher(m.text());
        if (named.lookingAt() && v != Verdict.TEMPORAL_VIOLATED) {
            property = named.group(1);
        }
        switch (m.code()) {
            case INITIAL_INVARIANT, INITIAL_PROPERTY -> {
                int colon = m.text().indexOf(":\n");
                if (colon >= 0) {
                    addState(TraceState.INITIAL, Optional.empty(), m.text().substring(colon + 2));
                    traceClosed = true;
                }
            }
            case EC.TLC_VALUE_ASSERT_FAILED -> violationDetail = oneLine(m.text().replaceFirst(
                    "^The first argument of Assert evaluated to FALSE; the second argument was:", ""));
            case EC.TLC_ASSUMPTION_FALSE -> {
                Matcher loc = TLC_LOCATION.matcher(m.text());
                violationDetail = loc.find() ? fileOf(loc.group(3)) + ":" + loc.group(1) + ":" + loc.group(2)
                        : oneLine(m.text());
            }
            default -> { }
        }
    }

    private void progress(String text) {
        Matcher m = PROGRESS.matcher(text);
        if (!m.find()) {
            return;
        }
        depth = Math.max(depth, Integer.parseInt(m.group(1)));
        generated = count(m.group(2));
        distinct = count(m.group(3));
        long queue = count(m.group(4));
        // TLC's own "s/min" figure is not a rate over its report interval; measure one instead.
        long now = System.nanoTime();
        long perSecond = now > lastProgressNanos
                ? Math.round((generated - lastProgressGenerated) * 1e9 / (now - lastProgressNanos)) : 0;
        lastProgressNanos = now;
        lastProgressGenerated = generated;
        listener.onProgress(new Progress(generated, distinct, queue, depth, perSecond,
                Duration.ofNanos(now - startNanos)));
    }

    private void totals(String text) {
        Matcher m = TOTALS.matcher(text);
        if (m.find()) {
            generated = count(m.group(1));
            distinct = count(m.group(2));
        }
    }

    private void depth(String text) {
        Matcher m = DEPTH.matcher(text);
        if (m.find()) {
            depth = Integer.parseInt(m.group(1));
        }
    }

    private void traceState(String text) {
        if (traceClosed) {
            return;
        }
        int newline = text.indexOf('\n');
        String header = newline < 0 ? text : text.substring(0, newline);
        Matcher m = STATE_HEADER.matcher(header.strip());
        if (!m.matches()) {
            traceProblem = "unexpected trace state header: " + header;
            return;
        }
        String label = m.group(2);
        Matcher action = ACTION.matcher(label);
        if (action.matches()) {
            addState(action.group(1), SourceLocation.parse(action.group(2)), newline < 0 ? "" : text.substring(newline));
        } else {
            addState(label, Optional.empty(), newline < 0 ? "" : text.substring(newline));
        }
    }

    private void addState(String action, Optional<SourceLocation> location, String stateText) {
        try {
            ImmutableMap<String, TlaValue> vars = TlaValueParser.parseState(stateText.strip());
            states.add(new TraceState(action, location, vars));
        } catch (TlaValueSyntaxException e) {
            if (traceProblem == null) {
                traceProblem = "state " + (states.size() + 1) + " of the counterexample is not a TLA+ value: "
                        + e.getMessage();
            }
        }
    }

    private void backEdge(String text) {
        Matcher m = BACK_TO_STATE.matcher(text);
        if (m.lookingAt() && !traceClosed) {
            loop = Integer.parseInt(m.group(1)) - 1;
        }
    }

    private void nestedExpression(String text) {
        Matcher m = NESTED_POSITION.matcher(text);
        while (m.find()) {
            innermostPosition = fileOf(m.group(3)) + ":" + m.group(1) + ":" + m.group(2);
        }
    }

    /** The outcome, given how the TLC process ended. */
    TlcResult result(int exitCode, Ending ending, double seconds, String rawOutput) {
        Stats stats = new Stats(generated, distinct, depth, seconds);
        Verdict verdict = verdict(exitCode, ending);
        Optional<Trace> trace = trace();
        Optional<String> message = Optional.ofNullable(message(verdict, exitCode));
        if (trace.isEmpty() && traceProblem != null && (verdict.isViolation() || verdict == Verdict.EVALUATION_ERROR)) {
            message = Optional.of(message.map(s -> s + "; ").orElse("") + "counterexample not available: "
                    + traceProblem);
        }
        return new TlcResult(verdict, Optional.ofNullable(property).filter(p -> verdict.isViolation()), stats, trace,
                message, rawOutput);
    }

    enum Ending { EXITED, TIMED_OUT, INTERRUPTED }

    private Verdict verdict(int exitCode, Ending ending) {
        // TLC itself got the signal, as on Ctrl-C, which reaches the whole foreground process group.
        if (ending == Ending.INTERRUPTED || violation == null && (exitCode == 130 || exitCode == 143)) {
            return Verdict.INTERRUPTED;
        }
        if (ending == Ending.TIMED_OUT) {
            return Verdict.TIMEOUT;
        }
        if (outOfMemory) {
            return Verdict.OUT_OF_MEMORY;
        }
        if (fatal) {
            return Verdict.EVALUATION_ERROR;
        }
        if (violation != null) {
            return violation;
        }
        if (parseFailed || exitCode == EC.ExitStatus.ERROR_SPEC_PARSE) {
            return Verdict.SPEC_ERROR;
        }
        if (unknownOption) {
            return Verdict.USAGE_ERROR;
        }
        if (exitCode == EC.ExitStatus.ERROR_CONFIG_PARSE
                || problems.stream().anyMatch(p -> ErrorCodes.isConfigError(p.code()))) {
            return Verdict.CONFIG_ERROR;
        }
        if (exitCode == 0 && noErrorFound && problems.isEmpty()) {
            return Verdict.OK;
        }
        if (exitCode == EC.ExitStatus.FAILURE_SPEC_EVAL || innermostPosition != null
                || problems.stream().anyMatch(p -> ErrorCodes.isEvaluationError(p.code()))) {
            return Verdict.EVALUATION_ERROR;
        }
        return Verdict.TLC_CRASH;
    }

    private String message(Verdict verdict, int exitCode) {
        Optional<String> problem = problems.stream().filter(p -> !FRAMING.contains(p.code())).findFirst()
                .or(() -> problems.stream().findFirst()).map(p -> oneLine(p.text()));
        return switch (verdict) {
            case OK -> null;
            case INVARIANT_VIOLATED, DEADLOCK, TEMPORAL_VIOLATED, ACTION_PROPERTY_VIOLATED, ASSUMPTION_FALSE ->
                    violationDetail;
            case ASSERTION_FAILED -> innermostPosition == null ? violationDetail
                    : innermostPosition + ": " + violationDetail;
            case SPEC_ERROR -> SanyErrors.firstError(unframed, this::fileOf)
                    .orElse(options.spec() + ": parsing or semantic analysis failed");
            case CONFIG_ERROR -> options.effectiveConfig() + ": " + problem.orElse("invalid configuration");
            case USAGE_ERROR -> problem.orElse("TLC rejected its options");
            case EVALUATION_ERROR -> (innermostPosition == null ? options.spec().toString() : innermostPosition)
                    + ": " + problem.orElse("TLC could not evaluate the spec");
            case OUT_OF_MEMORY -> "TLC ran out of memory (heap " + options.tlcHeap().orElse("JVM default")
                    + "); give it more with --tlc-heap";
            case TIMEOUT -> "TLC did not finish within " + options.timeout().map(RunTranscript::human).orElse("?");
            case INTERRUPTED -> "TLC was stopped by a signal";
            case TLC_CRASH -> "TLC exited with code " + exitCode + problem.map(p -> ": " + p).orElse("");
        };
    }

    private Optional<Trace> trace() {
        if (states.isEmpty() || traceProblem != null) {
            return Optional.empty();
        }
        ImmutableList<TraceState> list = ImmutableList.copyOf(states);
        if (loop != null && loop >= 0 && loop < list.size()) {
            return Optional.of(new Trace(list, OptionalInt.of(loop), false));
        }
        return Optional.of(new Trace(list, OptionalInt.empty(), stuttering));
    }

    private String fileOf(String module) {
        if (module.equals(options.moduleName())) {
            return options.spec().toString();
        }
        return moduleFiles.getOrDefault(module, module + ".tla");
    }

    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\n\\s*", " ");
        return line.length() <= 400 ? line : line.substring(0, 400) + "...";
    }

    private static long count(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60)
                : d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
