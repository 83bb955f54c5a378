package dev.lockstep.refinement;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import dev.lockstep.checker.io.FileTrees;
import dev.lockstep.checker.value.TlaValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tlc2.tool.Action;
import tlc2.tool.BuiltInOPs;
import tlc2.tool.EvalControl;
import tlc2.tool.ToolGlobals;
import tlc2.tool.ConfigFileException;
import tlc2.tool.EvalControl;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.impl.FastTool;
import tlc2.util.Context;
import tlc2.util.FP64;
import tlc2.util.Vect;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.ModelValue;
import util.SimpleFilenameToStream;
import util.ToolIO;
import util.UniqueString;

/**
 * Answers questions about a TLA+ spec's states and steps by letting TLC itself evaluate the spec in-process: nothing of
 * the spec's semantics is re-implemented here.
 *
 * <p>States are maps from every variable of the spec to a {@link TlaValue}. They are converted to TLC's own values and
 * states, and TLC evaluates {@code Init}, the sub-actions of {@code Next} (as TLC splits them for model checking) and
 * the configuration's {@code CONSTRAINT}/{@code ACTION_CONSTRAINT} on them. {@code SYMMETRY} and {@code VIEW} in the
 * configuration have no effect: states are compared by value, never by TLC fingerprint.
 *
 * <p>TLC keeps the loaded spec in static fields (variable slots, model values, the tool behind every state), so at most
 * one oracle may be open per JVM at a time, and an oracle must be used from one thread at a time. {@link #close()}
 * releases the slot. TLC starts no threads and no RMI listener for this use (its model checker, not used here, does).
 */
public final class SpecOracle implements AutoCloseable {
    private static final AtomicBoolean IN_USE = new AtomicBoolean();

    private final String module;
    private final FastTool tool;
    private final ImmutableList<String> variables;
    private final ImmutableSet<String> variableSet;
    private final UniqueString[] variableKeys;
    private final Action[] actions;
    private final ImmutableList<ActionInstance> actionInstances;
    private final ImmutableList<Action> initPredicates;
    private final ValueBridge bridge;
    private boolean closed;

    private SpecOracle(String module, FastTool tool) {
        this.module = module;
        this.tool = tool;
        // TLC keeps its variables in an order of its own; users read and write them in declaration order.
        OpDeclNode[] vars = TLCState.vars.clone();
        Arrays.sort(vars, Comparator
                .comparing((OpDeclNode v) -> !v.getLocation().source().equals(module))
                .thenComparing(v -> v.getLocation().source())
                .thenComparingInt(v -> v.getLocation().beginLine())
                .thenComparingInt(v -> v.getLocation().beginColumn()));
        ImmutableList.Builder<String> names = ImmutableList.builder();
        this.variableKeys = new UniqueString[vars.length];
        for (int i = 0; i < vars.length; i++) {
            variableKeys[i] = vars[i].getName();
            names.add(vars[i].getName().toString());
        }
        this.variables = names.build();
        this.variableSet = ImmutableSet.copyOf(variables);
        this.actions = tool.getActions();
        ImmutableList.Builder<ActionInstance> instances = ImmutableList.builder();
        for (Action a : actions) {
            instances.add(instanceOf(a));
        }
        this.actionInstances = instances.build();
        Vect<Action> init = tool.getInitStateSpec();
        ImmutableList.Builder<Action> initBuilder = ImmutableList.builder();
        for (int i = 0; i < init.size(); i++) {
            initBuilder.add(init.elementAt(i));
        }
        this.initPredicates = initBuilder.build();
        ImmutableMap.Builder<String, ModelValue> mvs = ImmutableMap.builder();
        if (ModelValue.mvs != null) {
            for (ModelValue mv : ModelValue.mvs) {
                mvs.put(mv.val.toString(), mv);
            }
        }
        this.bridge = new ValueBridge(mvs.buildKeepingLast());
    }

    /**
     * Parses {@code module} from {@code specDir} with the constants, {@code INIT}/{@code NEXT} or
     * {@code SPECIFICATION}, and constraints of {@code config}. The spec folder's {@code .tla} files are copied to a
     * private temporary folder first (deleted before this returns), so nothing is written next to the spec.
     *
     * @throws SpecLoadException when SANY or TLC rejects the spec or the configuration
     * @throws IllegalStateException when another oracle is open in this JVM
     */
    public static SpecOracle load(Path specDir, String module, Path config) {
        return load(specDir, module, config, Optional.empty());
    }

    /**
     * A module written next to the spec's files for this load only, and parsed as the root instead of the spec: it
     * {@code EXTENDS} the spec and adds definitions (e.g. expressions to evaluate on a trace).
     */
    public record Extension(String module, String text) {}

    /** As {@link #load(Path, String, Path)}, with {@code extension} (if given) as the root module. */
    public static SpecOracle load(Path specDir, String module, Path config, Optional<Extension> extension) {
        if (!IN_USE.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "another SpecOracle is open in this JVM; TLC keeps the loaded spec in static fields");
        }
        try {
            return loadExclusively(specDir, module, config, extension);
        } catch (RuntimeException e) {
            IN_USE.set(false);
            throw e;
        }
    }

    /** As {@link #load(Path, String, Path)}, with the configuration given as text (e.g. made from a Java model's). */
    public static SpecOracle load(Path specDir, String module, String configText) {
        Path cfg;
        try {
            cfg = Files.createTempFile("lockstep-" + module + "-", ".cfg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(cfg, configText);
            return load(specDir, module, cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileTrees.delete(cfg);
        }
    }

    private static SpecOracle loadExclusively(Path specDir, String module, Path config,
            Optional<Extension> extension) {
        Path work;
        try {
            work = Files.createTempDirectory("lockstep-oracle-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream savedOut = ToolIO.out;
        PrintStream savedErr = ToolIO.err;
        try {
            String configName = copyInputs(specDir, module, config, work);
            String root = module;
            if (extension.isPresent()) {
                Files.writeString(work.resolve(extension.get().module() + ".tla"), extension.get().text());
                root = extension.get().module();
            }
            FP64.Init(0);
            // SANY and TLC report progress and errors on ToolIO; keep that off the caller's console.
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            ToolIO.out = capture;
            ToolIO.err = capture;
            forgetPreviousSpec();
            FastTool tool;
            try {
                tool = new FastTool(work.toString(), root, configName, new SimpleFilenameToStream(work.toString()));
            } catch (ConfigFileException e) {
                throw new SpecLoadException(config + ": " + oneLine(e.getMessage()), output(captured), e);
            } catch (RuntimeException e) {
                throw new SpecLoadException(
                        describeLoadFailure(specDir, root, output(captured), e), output(captured), e);
            }
            if (tool.getNextStateSpec() == null || tool.getInitStateSpec().size() == 0) {
                throw new SpecLoadException(
                        config + ": no initial predicate or next-state relation (INIT/NEXT or SPECIFICATION)",
                        output(captured), null);
            }
            return new SpecOracle(root, tool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ToolIO.out = savedOut;
            ToolIO.err = savedErr;
            FileTrees.delete(work);
        }
    }

    /**
     * TLC records each name's slot in its definition and variable tables inside the interned name itself, and numbers
     * slots afresh for every spec: names left over from a previously loaded spec would alias new ones. Clearing the
     * slots puts TLC back in the state of a fresh JVM.
     */
    private static void forgetPreviousSpec() {
        for (UniqueString name : UniqueString.internTbl.toMap().values()) {
            name.setLoc(-1);
        }
    }

    private static String copyInputs(Path specDir, String module, Path config, Path work) {
        try (Stream<Path> files = Files.list(specDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".tla") && Files.isRegularFile(f)) {
                    Files.copy(f, work.resolve(f.getFileName()));
                }
            }
            copyStandardModules(work);
            if (!Files.exists(work.resolve(module + ".tla"))) {
                throw new SpecLoadException(
                        specDir.resolve(module + ".tla") + ": no such spec module", "", null);
            }
            // TLC appends ".cfg" to the configuration name it is given.
            String name = config.getFileName().toString();
            String base = name.endsWith(".cfg") ? name.substring(0, name.length() - 4) : name;
            Files.copy(config, work.resolve(base + ".cfg"));
            return base;
        } catch (IOException e) {
            throw new SpecLoadException("cannot read spec inputs: " + e.getMessage(), "", e);
        }
    }

    private static final String STANDARD_MODULES = "tla2sany/StandardModules/";

    /**
     * SANY looks in the spec's folder first; a standard module it does not find there is extracted from the jar to
     * the shared {@code java.io.tmpdir} and deleted when that JVM exits, so TLC runs in other processes can truncate
     * or delete it while this one parses it. Private copies avoid that. A spec's own module of the same name wins.
     */
    private static void copyStandardModules(Path work) throws IOException {
        Path jar;
        try {
            jar = Path.of(SimpleFilenameToStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the TLA+ tools jar", e);
        }
        try (JarFile tools = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(tools.entries())) {
                String name = entry.getName();
                if (name.startsWith(STANDARD_MODULES) && name.endsWith(".tla")) {
                    Path target = work.resolve(name.substring(STANDARD_MODULES.length()));
                    if (!Files.exists(target)) {
                        try (InputStream in = tools.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
        }
    }

    private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.*)$", Pattern.MULTILINE);
    private static final Pattern OF_MODULE = Pattern.compile("of module (\\w+)");

    /**
     * SANY prints diagnostics, not exceptions: pick the first one out of its output and name the file, the module
     * an error names ("... of module M") or else the file SANY was parsing.
     */
    private static String describeLoadFailure(Path specDir, String module, String out, RuntimeException e) {
        String[] lines = out.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.equals("***Parse Error***") || line.startsWith("*** Errors:")) {
                StringBuilder msg = new StringBuilder();
                int taken = 0;
                for (int j = i + 1; j < lines.length && taken < 3; j++) {
                    String l = lines[j].trim();
                    if (l.startsWith("Residual stack trace") || l.startsWith("Starting...")) {
                        break;
                    }
                    if (!l.isEmpty()) {
                        msg.append(' ').append(l);
                        taken++;
                    }
                }
                String file = module + ".tla";
                Matcher parsing = PARSING_FILE.matcher(out.substring(0, out.indexOf(lines[i])));
                while (parsing.find()) {
                    file = Path.of(parsing.group(1).trim()).getFileName().toString();
                }
                Matcher named = OF_MODULE.matcher(msg);
                if (named.find()) {
                    file = named.group(1) + ".tla";
                }
                return specDir.resolve(file) + ":" + msg;
            }
        }
        return specDir.resolve(module + ".tla") + ": " + oneLine(String.valueOf(e.getMessage()));
    }

    private static String oneLine(String s) {
        return s.trim().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String output(ByteArrayOutputStream captured) {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static ActionInstance instanceOf(Action action) {
        OpDefNode def = action.getOpDef();
        if (def == null) {
            return new ActionInstance(action.getLocation(), ImmutableMap.of());
        }
        ImmutableMap.Builder<String, TlaValue> params = ImmutableMap.builder();
        for (FormalParamNode formal : def.getParams()) {
            // TLC binds a parameter only when it could evaluate the argument up front (a constant-level argument).
            if (action.con.lookup(formal) instanceof IValue v) {
                params.put(formal.getName().toString(), ValueBridge.fromTlc(v));
            }
        }
        return new ActionInstance(def.getName().toString(), params.buildOrThrow());
    }

    public String module() {
        return module;
    }

    /** The spec's variables, in declaration order (the key order of every state this oracle returns). */
    public ImmutableList<String> variables() {
        return variables;
    }

    /** The sub-actions of {@code Next}, in TLC's order. */
    public ImmutableList<ActionInstance> actions() {
        return actionInstances;
    }

    /** True when {@code s} satisfies {@code Init}. */
    public boolean isInitial(SpecState s) {
        TLCState state = toTlcState(s);
        for (Action init : initPredicates) {
            if (!evaluate(() -> tool.isValid(init, state), () -> "Init", s)) {
                return false;
            }
        }
        return true;
    }

    /** Every state satisfying {@code Init} (without the configuration's constraints). */
    public ImmutableList<SpecState> initialStates() {
        ImmutableList.Builder<SpecState> out = ImmutableList.builder();
        for (TLCState s : initialTlcStates()) {
            out.add(fromTlcState(s));
        }
        return out.build();
    }

    /**
     * Whether {@code s -> t} is a stutter or a step of {@code Next}, and which sub-actions allow it. Each sub-action
     * is evaluated by TLC as a predicate over the pair of states.
     */
    public StepVerdict step(SpecState s, SpecState t) {
        TLCState from = toTlcState(s);
        TLCState to = toTlcState(t);
        if (s.equals(t)) {
            return StepVerdict.STUTTER;
        }
        ImmutableList.Builder<ActionInstance> allowing = ImmutableList.builder();
        for (int i = 0; i < actions.length; i++) {
            ActionInstance a = actionInstances.get(i);
            Action action = actions[i];
            if (evaluate(() -> tool.isValid(action, from, to), a::toString, s)) {
                allowing.add(a);
            }
        }
        return new StepVerdict(false, allowing.build());
    }

    /**
     * Whether the spec's state predicate {@code predicate} (a definition of the root module without parameters, e.g.
     * an invariant) is TRUE in {@code s}, as TLC evaluates it.
     *
     * @throws IllegalArgumentException if the module has no such definition or it takes parameters
     * @throws SpecEvaluationException if TLC cannot evaluate it or it is not a Boolean
     */
    public boolean holds(String predicate, SpecState s) {
        OpDefNode def = definition(predicate, "state predicate");
        TLCState state = toTlcState(s);
        IValue v = evaluate(() -> tool.eval(def.getBody(), Context.Empty, state), () -> predicate, s);
        if (v instanceof BoolValue b) {
            return b.val;
        }
        throw new SpecEvaluationException(predicate + " of " + module + " is not a Boolean but " + v);
    }

    /**
     * Whether the step from {@code s} to {@code t} satisfies the spec's action property {@code property}, a
     * definition {@code [][A]_v} of the root module: TLC evaluates {@code [A]_v} on the pair, as it does when it
     * checks the property on each step of the state graph.
     *
     * @throws IllegalArgumentException if the module has no such definition or it is not of the form {@code [][A]_v}
     * @throws SpecEvaluationException if TLC cannot evaluate it or it is not a Boolean
     */
    public boolean actionHolds(String property, SpecState s, SpecState t) {
        OpDefNode def = tool.getRootModule().getOpDef(property);
        if (def == null || def.getArity() != 0 || !(def.getBody() instanceof OpApplNode box)
                || BuiltInOPs.getOpCode(box.getOperator().getName()) != ToolGlobals.OPCODE_box) {
            throw new IllegalArgumentException(module + " has no action property " + property + " of the form [][A]_v");
        }
        TLCState from = toTlcState(s);
        TLCState to = toTlcState(t);
        IValue v = evaluate(() -> tool.eval(box.getArgs()[0], Context.Empty, from, to, EvalControl.Clear),
                () -> property, s);
        if (v instanceof BoolValue b) {
            return b.val;
        }
        throw new SpecEvaluationException(property + " of " + module + " is not a Boolean on a step but " + v);
    }

    /**
     * The level SANY gives the root module's definition {@code name} without parameters: 0 constant, 1 state (reads
     * variables), 2 action (primed variables), 3 temporal.
     *
     * @throws IllegalArgumentException if the module has no such definition or it takes parameters
     */
    public int level(String name) {
        return definition(name).getBody().getLevel();
    }

    /** The value of the root module's constant- or state-level definition {@code name} in {@code s}, as TLC computes it. */
    public TlaValue evaluate(String name, SpecState s) {
        OpDefNode def = definition(name);
        TLCState state = toTlcState(s);
        return ValueBridge.fromTlc(evaluate(() -> tool.eval(def.getBody(), Context.Empty, state), () -> name, s));
    }

    /** The value of the root module's action-level definition {@code name} on the step {@code s -> t}. */
    public TlaValue evaluate(String name, SpecState s, SpecState t) {
        OpDefNode def = definition(name);
        TLCState from = toTlcState(s);
        TLCState to = toTlcState(t);
        return ValueBridge.fromTlc(evaluate(
                () -> tool.eval(def.getBody(), Context.Empty, from, to, EvalControl.Clear), () -> name, s));
    }

    /**
     * The variables the root module's definition {@code name} reads, directly or through the definitions it uses, in
     * declaration order: what a reader must look at to see why it is FALSE.
     */
    public ImmutableList<String> variablesReadBy(String name) {
        Set<String> read = new HashSet<>();
        collectVariables(definition(name).getBody(), read, Collections.newSetFromMap(new IdentityHashMap<>()));
        return variables.stream().filter(read::contains).collect(ImmutableList.toImmutableList());
    }

    private static void collectVariables(SemanticNode node, Set<String> read, Set<SemanticNode> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof OpApplNode appl) {
            if (appl.getOperator() instanceof OpDeclNode decl && decl.getKind() == ASTConstants.VariableDeclKind) {
                read.add(decl.getName().toString());
            } else if (appl.getOperator() instanceof OpDefNode def && def.getBody() != null) {
                collectVariables(def.getBody(), read, seen);
            }
        }
        SemanticNode[] children = node.getChildren();
        if (children != null) {
            for (SemanticNode child : children) {
                collectVariables(child, read, seen);
            }
        }
    }

    private OpDefNode definition(String name) {
        return definition(name, "definition");
    }

    private OpDefNode definition(String name, String what) {
        checkOpen();
        OpDefNode def = tool.getRootModule().getOpDef(name);
        if (def == null || def.getArity() != 0) {
            throw new IllegalArgumentException(module + " has no " + what + " " + name
                    + (def == null ? "" : " (it takes " + def.getArity() + " parameters)"));
        }
        return def;
    }

    /** The sub-actions of {@code Next} that have a successor from {@code s} (a stuttering one counts). */
    public ImmutableList<ActionInstance> enabledActions(SpecState s) {
        TLCState from = toTlcState(s);
        ImmutableList.Builder<ActionInstance> out = ImmutableList.builder();
        for (int i = 0; i < actions.length; i++) {
            if (!nextStates(i, from).isEmpty()) {
                out.add(actionInstances.get(i));
            }
        }
        return out.build();
    }

    /** Every step of {@code Next} from {@code s}, per sub-action, as TLC generates them when model checking. */
    public ImmutableList<Transition> successors(SpecState s) {
        TLCState from = toTlcState(s);
        ImmutableList.Builder<Transition> out = ImmutableList.builder();
        for (int i = 0; i < actions.length; i++) {
            Set<SpecState> targets = new LinkedHashSet<>();
            for (TLCState t : nextStates(i, from)) {
                targets.add(fromTlcState(t));
            }
            for (SpecState t : targets) {
                out.add(new Transition(actionInstances.get(i), t));
            }
        }
        return out.build();
    }

    // ---- TLC-level operations for ReachableGraph (same package) ----

    int actionCount() {
        return actions.length;
    }

    ActionInstance actionInstance(int index) {
        return actionInstances.get(index);
    }

    List<TLCState> initialTlcStates() {
        StateVec init = evaluate(tool::getInitStates, () -> "Init", null);
        List<TLCState> out = new ArrayList<>(init.size());
        for (int i = 0; i < init.size(); i++) {
            out.add(init.elementAt(i));
        }
        return out;
    }

    List<TLCState> nextStates(int actionIndex, TLCState from) {
        StateVec next = evaluate(
                () -> tool.getNextStates(actions[actionIndex], from), () -> actionInstances.get(actionIndex).toString(),
                null);
        List<TLCState> out = new ArrayList<>(next.size());
        for (int i = 0; i < next.size(); i++) {
            TLCState t = next.elementAt(i);
            if (!t.allAssigned()) {
                throw new SpecEvaluationException(actionInstances.get(actionIndex) + " leaves variables "
                        + t.getUnassigned() + " unassigned in a successor of\n" + from);
            }
            out.add(t);
        }
        return out;
    }

    /** The configuration's state constraints ({@code CONSTRAINT}); true when there are none. */
    boolean inModel(TLCState s) {
        return evaluate(() -> tool.isInModel(s), () -> "CONSTRAINT", null);
    }

    /** The configuration's action constraints ({@code ACTION_CONSTRAINT}); true when there are none. */
    boolean inModel(TLCState s, TLCState t) {
        return evaluate(() -> tool.isInActions(s, t), () -> "ACTION_CONSTRAINT", null);
    }

    TLCState toTlcState(SpecState s) {
        checkOpen();
        if (!s.variables().equals(variableSet)) {
            throw new IllegalArgumentException("state does not have the variables of " + module + ": missing "
                    + Sets.difference(variableSet, s.variables()) + ", unknown " + Sets.difference(s.variables(), variableSet));
        }
        TLCState state = TLCState.Empty.createEmpty();
        for (int i = 0; i < variableKeys.length; i++) {
            String var = variables.get(i);
            try {
                state.bind(variableKeys[i], bridge.toTlc(s.get(var)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("variable " + var + ": " + e.getMessage(), e);
            }
        }
        return state;
    }

    /**
     * {@link #fromTlcState} of a successor of {@code parent} (converted as {@code parentState}): TLC gives a successor
     * the very value object of each variable the step leaves unchanged, and those are not converted again.
     */
    SpecState fromTlcSuccessor(TLCState state, TLCState parent, SpecState parentState) {
        ImmutableMap.Builder<String, TlaValue> out = ImmutableMap.builderWithExpectedSize(variableKeys.length);
        for (int i = 0; i < variableKeys.length; i++) {
            IValue v = state.lookup(variableKeys[i]);
            String name = variables.get(i);
            out.put(name, v == parent.lookup(variableKeys[i]) ? parentState.get(name) : ValueBridge.fromTlc(v));
        }
        return SpecState.of(out.buildOrThrow());
    }

    SpecState fromTlcState(TLCState state) {
        ImmutableMap.Builder<String, TlaValue> out = ImmutableMap.builderWithExpectedSize(variableKeys.length);
        for (int i = 0; i < variableKeys.length; i++) {
            out.put(variables.get(i), ValueBridge.fromTlc(state.lookup(variableKeys[i])));
        }
        return SpecState.of(out.buildOrThrow());
    }

    private <T> T evaluate(Supplier<T> evaluation, Supplier<String> what, SpecState state) {
        checkOpen();
        try {
            return evaluation.get();
        } catch (SpecEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpecEvaluationException("TLC failed to evaluate " + what.get() + " of " + module
                    + (state == null ? "" : " on " + state) + ": " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SpecOracle for " + module + " is closed");
        }
    }

    /** Releases this JVM's oracle slot; TLC's static fields keep the spec until the next {@link #load}. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            IN_USE.set(false);
        }
    }
}
