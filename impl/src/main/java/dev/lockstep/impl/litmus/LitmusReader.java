package dev.lockstep.impl.litmus;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lockstep.impl.litmus.LitmusParser.AssignStmtContext;
import dev.lockstep.impl.litmus.LitmusParser.BlockStmtContext;
import dev.lockstep.impl.litmus.LitmusParser.CallExprContext;
import dev.lockstep.impl.litmus.LitmusParser.DeclStmtContext;
import dev.lockstep.impl.litmus.LitmusParser.ExprContext;
import dev.lockstep.impl.litmus.LitmusParser.ExprStmtContext;
import dev.lockstep.impl.litmus.LitmusParser.IfStmtContext;
import dev.lockstep.impl.litmus.LitmusParser.StmtContext;
import dev.lockstep.impl.litmus.Op.Guard;
import dev.lockstep.impl.litmus.Op.Kind;
import dev.lockstep.impl.litmus.Op.Order;
import dev.lockstep.impl.litmus.Op.Rmw;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Reads a herd7 C litmus test (grammar {@code Litmus.g4}) and lowers each thread to {@link Op}s.
 * Anything outside the supported subset is refused with its name and position, never guessed.
 */
public final class LitmusReader {
  private static final Pattern HEADER = Pattern.compile("\\A\\s*C[ \\t]+(\\S+)[^\\n]*");
  private static final Pattern RESULT = Pattern.compile("Result:\\s*(Never|Sometimes|Always)\\b");
  private static final Pattern THREAD_NAME = Pattern.compile("P(\\d+)");
  private static final Pattern ORDER_SUFFIX = Pattern.compile("(.*?)(_relaxed|_acquire|_release)?");
  /** Operations per thread; the machine keeps a thread's progress in one {@code long} bit set. */
  static final int MAX_OPS = 64;

  private final String file;
  private final String source;
  private final List<String> locations = new ArrayList<>();
  private final Map<String, Long> memory = new HashMap<>();
  private final Map<Integer, Map<String, Long>> registerInit = new HashMap<>();

  private LitmusReader(String file, String source) {
    this.file = file;
    this.source = source;
  }

  public static LitmusTest read(Path path) throws IOException, LitmusException {
    return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  public static LitmusTest parse(String file, String source) throws LitmusException {
    return new LitmusReader(file, source).build();
  }

  private LitmusTest build() throws LitmusException {
    Matcher header = HEADER.matcher(source);
    if (!header.find()) {
      Matcher other = Pattern.compile("\\A\\s*(\\S+)").matcher(source);
      String arch = other.find() ? other.group(1) : "(empty file)";
      throw new LitmusException(file, 1, 1,
          "unsupported: architecture '" + arch + "' (only herd's C litmus tests: first line 'C NAME')", true);
    }
    String name = header.group(1);
    // Blank the header (the name may hold any character) but keep the line structure for positions.
    String body = " ".repeat(header.end()) + source.substring(header.end());
    Matcher result = RESULT.matcher(source);
    Optional<Verdict> declared =
        result.find() ? Optional.of(Verdict.valueOf(result.group(1))) : Optional.empty();

    LitmusLexer lexer = new LitmusLexer(CharStreams.fromString(body, file));
    LitmusParser parser = new LitmusParser(new CommonTokenStream(lexer));
    BaseErrorListener errors = new BaseErrorListener() {
      @Override
      public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int col, String msg,
          RecognitionException e) {
        throw new SyntaxError(new LitmusException(file, line, col + 1, "syntax error: " + msg, false));
      }
    };
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    LitmusParser.TestContext tree;
    try {
      tree = parser.test();
    } catch (SyntaxError e) {
      throw e.cause;
    }

    for (LitmusParser.InitItemContext item : tree.init().initItem()) {
      readInit(item);
    }
    List<LitmusTest.Program> threads = new ArrayList<>();
    for (LitmusParser.ThreadContext t : tree.thread()) {
      Matcher m = THREAD_NAME.matcher(t.name.getText());
      if (!m.matches() || Integer.parseInt(m.group(1)) != threads.size()) {
        throw error(t.name, "expected thread P" + threads.size() + ", found " + t.name.getText(), false);
      }
      threads.add(new ThreadLowering(threads.size(), t).lower());
    }
    for (Map.Entry<Integer, Map<String, Long>> e : registerInit.entrySet()) {
      if (e.getKey() >= threads.size()) {
        throw new LitmusException(file, 1, 1, "initial state sets a register of P" + e.getKey()
            + ", which does not exist", false);
      }
    }

    LitmusParser.FinalClauseContext clause = tree.finalClause();
    Optional<Prop> filter = Optional.empty();
    if (clause instanceof LitmusParser.FilterClauseContext f) {
      filter = Optional.of(prop(f.prop(), threads));
      clause = f.finalClause();
      if (clause instanceof LitmusParser.FilterClauseContext second) {
        throw error(second.start, "a second filter clause", false);
      }
    }
    LitmusTest.Quantifier quantifier;
    LitmusParser.PropContext propCtx;
    if (clause instanceof LitmusParser.NotExistsContext n) {
      quantifier = LitmusTest.Quantifier.NOT_EXISTS;
      propCtx = n.prop();
    } else {
      LitmusParser.QuantifiedContext q = (LitmusParser.QuantifiedContext) clause;
      quantifier = q.quantifier.getType() == LitmusParser.EXISTS
          ? LitmusTest.Quantifier.EXISTS : LitmusTest.Quantifier.FORALL;
      propCtx = q.prop();
    }
    Prop condition = prop(propCtx, threads);
    List<Prop.Observable> observables = new ArrayList<>();
    condition.observables(observables);
    if (tree.locations() != null) {
      for (LitmusParser.LocationContext l : tree.locations().location()) {
        Prop.Observable o = observable(l, threads);
        if (!observables.contains(o)) {
          observables.add(o);
        }
      }
    }
    List<Long> initial = new ArrayList<>();
    for (String loc : locations) {
      initial.add(memory.getOrDefault(loc, 0L));
    }
    return new LitmusTest(name, ImmutableList.copyOf(locations), ImmutableList.copyOf(initial),
        ImmutableList.copyOf(threads), quantifier, condition, filter, ImmutableList.copyOf(observables), declared);
  }

  // ---- initial state -------------------------------------------------------------------------

  private void readInit(LitmusParser.InitItemContext item) throws LitmusException {
    if (item instanceof LitmusParser.InitDeclContext d) {
      location(d.IDENT().getText());
      if (d.initValue() != null) {
        memory.put(d.IDENT().getText(), initValue(d.initValue()));
      }
      return;
    }
    LitmusParser.InitAssignContext a = (LitmusParser.InitAssignContext) item;
    long value = initValue(a.initValue());
    if (a.proc != null) {
      registerInit.computeIfAbsent(Integer.parseInt(a.proc.getText()), k -> new HashMap<>())
          .put(a.IDENT().getText(), value);
    } else {
      location(a.IDENT().getText());
      memory.put(a.IDENT().getText(), value);
    }
  }

  private long initValue(LitmusParser.InitValueContext v) throws LitmusException {
    if (v.LPAREN() != null) {
      if (!v.IDENT().getText().equals("ATOMIC_INIT")) {
        throw error(v.start, "unsupported: initialiser " + v.IDENT().getText() + "()", true);
      }
      return Long.parseLong(v.INT().getText()) * (v.MINUS() != null ? -1 : 1);
    }
    if (v.IDENT() != null) {
      return Values.location(location(v.IDENT().getText()));
    }
    return Long.parseLong(v.INT().getText()) * (v.MINUS() != null ? -1 : 1);
  }

  private int location(String name) {
    int i = locations.indexOf(name);
    if (i < 0) {
      locations.add(name);
      i = locations.size() - 1;
    }
    return i;
  }

  // ---- final condition -----------------------------------------------------------------------

  private Prop prop(LitmusParser.PropContext p, List<LitmusTest.Program> threads) throws LitmusException {
    if (p instanceof LitmusParser.ParenPropContext c) {
      return prop(c.prop(), threads);
    } else if (p instanceof LitmusParser.NotPropContext c) {
      return new Prop.Not(prop(c.prop(), threads));
    } else if (p instanceof LitmusParser.AndPropContext c) {
      return new Prop.Connective("/\\", prop(c.prop(0), threads), prop(c.prop(1), threads));
    } else if (p instanceof LitmusParser.OrPropContext c) {
      return new Prop.Connective("\\/", prop(c.prop(0), threads), prop(c.prop(1), threads));
    } else if (p instanceof LitmusParser.ImpliesPropContext c) {
      return new Prop.Connective("=>", prop(c.prop(0), threads), prop(c.prop(1), threads));
    } else if (p instanceof LitmusParser.TruePropContext) {
      return new Prop.Constant(true);
    } else if (p instanceof LitmusParser.FalsePropContext) {
      return new Prop.Constant(false);
    }
    LitmusParser.AtomPropContext a = (LitmusParser.AtomPropContext) p;
    Prop.Observable o = observable(a.location(), threads);
    LitmusParser.ValueContext v = a.value();
    long value;
    if (v.IDENT() != null) {
      int loc = locations.indexOf(v.IDENT().getText());
      if (loc < 0) {
        throw error(v.start, "unknown location " + v.IDENT().getText(), false);
      }
      value = Values.location(loc);
    } else {
      value = Long.parseLong(v.INT().getText()) * (v.MINUS() != null ? -1 : 1);
    }
    return new Prop.Atom(o, value);
  }

  private Prop.Observable observable(LitmusParser.LocationContext l, List<LitmusTest.Program> threads)
      throws LitmusException {
    String name = l.IDENT().getText();
    if (l.proc == null) {
      int loc = locations.indexOf(name);
      if (loc < 0) {
        throw error(l.start, "unknown location " + name, false);
      }
      return new Prop.Observable(-1, null, loc, name);
    }
    int t = Integer.parseInt(l.proc.getText());
    if (t >= threads.size() || !threads.get(t).initialRegisters().containsKey(name)) {
      throw error(l.start, "unknown register " + t + ":" + name, false);
    }
    return new Prop.Observable(t, name, -1, t + ":" + name);
  }

  // ---- threads -------------------------------------------------------------------------------

  private LitmusException error(Token at, String problem, boolean unsupported) {
    return new LitmusException(file, at.getLine(), at.getCharPositionInLine() + 1, problem, unsupported);
  }

  private String text(ParserRuleContext ctx) {
    return ctx.start.getInputStream().getText(Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()))
        .replaceAll("\\s+", " ");
  }

  /** Lowers one thread's statements to operations. */
  private final class ThreadLowering {
    private final int index;
    private final LitmusParser.ThreadContext ctx;
    private final List<Op> ops = new ArrayList<>();
    private final Deque<Guard> guards = new ArrayDeque<>();
    private final Map<String, Long> registers = new LinkedHashMap<>();
    private final Map<String, Integer> params = new HashMap<>();
    private int temps;

    ThreadLowering(int index, LitmusParser.ThreadContext ctx) {
      this.index = index;
      this.ctx = ctx;
    }

    LitmusTest.Program lower() throws LitmusException {
      for (LitmusParser.ParamContext p : ctx.param()) {
        params.put(p.IDENT().getText(), location(p.IDENT().getText()));
      }
      for (StmtContext s : ctx.block().stmt()) {
        stmt(s);
      }
      if (ops.size() > MAX_OPS) {
        throw error(ctx.name, "unsupported: more than " + MAX_OPS + " operations in one thread", true);
      }
      Map<String, Long> init = registerInit.getOrDefault(index, Map.of());
      Map<String, Long> regs = new LinkedHashMap<>();
      registers.forEach((r, v) -> regs.put(r, init.getOrDefault(r, v)));
      init.forEach(regs::putIfAbsent);
      return new LitmusTest.Program(ctx.name.getText(), ImmutableList.copyOf(ops), ImmutableMap.copyOf(regs));
    }

    private void stmt(StmtContext s) throws LitmusException {
      if (s instanceof DeclStmtContext d) {
        String reg = d.IDENT().getText();
        registers.putIfAbsent(reg, 0L);
        if (d.expr() != null) {
          assign(reg, d.expr());
        }
      } else if (s instanceof AssignStmtContext a) {
        String reg = a.IDENT().getText();
        if (params.containsKey(reg)) {
          throw error(a.start, "unsupported: assignment to the parameter " + reg, true);
        }
        registers.putIfAbsent(reg, 0L); // herd accepts registers used without a declaration
        assign(reg, a.expr());
      } else if (s instanceof ExprStmtContext e) {
        ExprContext statement = e.expr() instanceof LitmusParser.VoidCastExprContext c ? c.expr() : e.expr();
        if (statement instanceof CallExprContext call) {
          call(call, null);
        } else {
          throw error(e.start, "unsupported: expression statement " + text(e.expr()), true);
        }
      } else if (s instanceof IfStmtContext i) {
        Expr condition = expr(i.expr());
        String snapshot = temp();
        add(Kind.ASSIGN, Order.NONE, null, snapshot, null, condition, null, "if (" + text(i.expr()) + ")");
        guards.addLast(new Guard(new Expr.Reg(snapshot), true));
        stmt(i.stmt(0));
        guards.removeLast();
        if (i.stmt().size() > 1) {
          guards.addLast(new Guard(new Expr.Reg(snapshot), false));
          stmt(i.stmt(1));
          guards.removeLast();
        }
      } else if (s instanceof BlockStmtContext b) {
        for (StmtContext inner : b.block().stmt()) {
          stmt(inner);
        }
      } else if (s instanceof LitmusParser.PlainStoreStmtContext p) {
        throw error(p.start, "unsupported: plain store " + text(p) + " (plain C accesses to shared memory)",
            true);
      } else if (s instanceof LitmusParser.UnsupportedStmtContext u) {
        throw error(u.kw, "unsupported: " + u.kw.getText() + " statement", true);
      }
      // EmptyStmt: nothing.
    }

    private void assign(String reg, ExprContext value) throws LitmusException {
      if (value instanceof CallExprContext call) {
        call(call, reg);
      } else {
        add(Kind.ASSIGN, Order.NONE, null, reg, null, expr(value), null, reg + " = " + text(value));
      }
    }

    private String temp() {
      String t = "$" + temps++;
      registers.put(t, 0L);
      return t;
    }

    private Expr expr(ExprContext e) throws LitmusException {
      if (e instanceof LitmusParser.ParenExprContext p) {
        return expr(p.expr());
      } else if (e instanceof LitmusParser.VoidCastExprContext c) {
        return expr(c.expr());
      } else if (e instanceof LitmusParser.IntExprContext i) {
        return new Expr.Const(Long.parseLong(i.INT().getText()));
      } else if (e instanceof LitmusParser.NameExprContext n) {
        return name(n.IDENT().getSymbol());
      } else if (e instanceof LitmusParser.AddressExprContext a) {
        Integer loc = params.get(a.IDENT().getText());
        if (loc == null) {
          int global = locations.indexOf(a.IDENT().getText());
          if (global < 0) {
            throw error(a.start, "unsupported: address of " + a.IDENT().getText()
                + ", which is not a shared location", true);
          }
          loc = global;
        }
        return new Expr.Const(Values.location(loc));
      } else if (e instanceof LitmusParser.UnaryExprContext u) {
        return new Expr.Unary(u.op.getText(), expr(u.expr()));
      } else if (e instanceof LitmusParser.BinaryExprContext b) {
        return new Expr.Binary(b.op.getText(), expr(b.expr(0)), expr(b.expr(1)));
      } else if (e instanceof LitmusParser.DerefExprContext d) {
        throw error(d.start, "unsupported: plain load " + text(d) + " (plain C accesses to shared memory)",
            true);
      }
      CallExprContext call = (CallExprContext) e;
      String t = temp();
      call(call, t);
      return new Expr.Reg(t);
    }

    private Expr name(Token id) throws LitmusException {
      String n = id.getText();
      if (registers.containsKey(n)) {
        return new Expr.Reg(n);
      }
      Integer loc = params.get(n);
      if (loc != null) {
        return new Expr.Const(Values.location(loc));
      }
      throw error(id, "unknown name " + n + " (neither a local variable nor a parameter)", false);
    }

    /** The address a marked access takes as {@code *E} (READ_ONCE, WRITE_ONCE, rcu_*). */
    private Expr lvalue(CallExprContext call, ExprContext arg) throws LitmusException {
      if (!(arg instanceof LitmusParser.DerefExprContext d)) {
        throw error(arg.start, "unsupported: " + call.IDENT().getText() + " of " + text(arg)
            + " (expected *POINTER)", true);
      }
      return expr(d.expr());
    }

    private void call(CallExprContext call, String target) throws LitmusException {
      String fn = call.IDENT().getText();
      List<ExprContext> args = call.expr();
      String label = (target == null || target.startsWith("$") ? "" : target + " = ") + text(call);
      switch (fn) {
        case "READ_ONCE" -> {
          arity(call, 1);
          load(target, lvalue(call, args.get(0)), Order.ONCE, label);
        }
        case "rcu_dereference" -> {
          arity(call, 1);
          load(target, lvalue(call, args.get(0)), Order.RELAXED, label);
        }
        case "smp_load_acquire", "atomic_read_acquire" -> {
          arity(call, 1);
          load(target, expr(args.get(0)), Order.ACQUIRE, label);
        }
        case "atomic_read" -> {
          arity(call, 1);
          load(target, expr(args.get(0)), Order.RELAXED, label);
        }
        case "WRITE_ONCE" -> {
          arity(call, 2);
          store(lvalue(call, args.get(0)), expr(args.get(1)), Order.ONCE, label);
        }
        case "rcu_assign_pointer" -> {
          arity(call, 2);
          store(lvalue(call, args.get(0)), expr(args.get(1)), Order.RELEASE, label);
        }
        case "smp_store_release", "atomic_set_release" -> {
          arity(call, 2);
          store(expr(args.get(0)), expr(args.get(1)), Order.RELEASE, label);
        }
        case "atomic_set" -> {
          arity(call, 2);
          store(expr(args.get(0)), expr(args.get(1)), Order.RELAXED, label);
        }
        case "smp_mb", "smp_mb__before_atomic", "smp_mb__after_atomic", "smp_mb__after_spinlock" ->
            fence(call, Kind.MB, label);
        case "smp_rmb" -> fence(call, Kind.RMB, label);
        case "smp_wmb" -> fence(call, Kind.WMB, label);
        case "barrier" -> arity(call, 0); // a compiler barrier orders only plain accesses
        case "rcu_read_lock" -> fence(call, Kind.RCU_LOCK, label);
        case "rcu_read_unlock" -> fence(call, Kind.RCU_UNLOCK, label);
        case "synchronize_rcu", "synchronize_rcu_expedited" -> {
          fence(call, Kind.MB, "smp_mb() of " + label);
          add(Kind.GP_START, Order.NONE, null, null, null, null, null, label + ": grace period starts");
          add(Kind.GP_END, Order.NONE, null, null, null, null, null, label + ": grace period ends");
          add(Kind.MB, Order.NONE, null, null, null, null, null, "smp_mb() of " + label);
        }
        case "spin_lock" -> {
          arity(call, 1);
          add(Kind.LOCK, Order.ACQUIRE, null, null, expr(args.get(0)), null, null, label);
        }
        case "spin_unlock" -> {
          arity(call, 1);
          add(Kind.UNLOCK, Order.RELEASE, null, null, expr(args.get(0)), null, null, label);
        }
        default -> atomic(call, fn, target, label);
      }
    }

    private void atomic(CallExprContext call, String fn, String target, String label) throws LitmusException {
      Matcher m = ORDER_SUFFIX.matcher(fn);
      m.matches();
      String base = m.group(1);
      String suffix = m.group(2);
      List<ExprContext> args = call.expr();
      Rmw rmw;
      Expr address;
      Expr operand = new Expr.Const(0);
      Expr expected = null;
      boolean returnsValue = true;
      switch (base) {
        case "atomic_inc", "atomic_dec" -> {
          returnsValue = false;
          rmw = Rmw.ADD;
          arity(call, 1);
          address = expr(args.get(0));
          operand = new Expr.Const(base.endsWith("inc") ? 1 : -1);
        }
        case "atomic_add", "atomic_sub" -> {
          returnsValue = false;
          rmw = Rmw.ADD;
          arity(call, 2);
          operand = signed(base.endsWith("sub"), expr(args.get(0)));
          address = expr(args.get(1));
        }
        case "atomic_inc_return", "atomic_dec_return", "atomic_fetch_inc", "atomic_fetch_dec" -> {
          rmw = base.startsWith("atomic_fetch") ? Rmw.FETCH_ADD : Rmw.ADD;
          arity(call, 1);
          address = expr(args.get(0));
          operand = new Expr.Const(base.contains("inc") ? 1 : -1);
        }
        case "atomic_add_return", "atomic_sub_return", "atomic_fetch_add", "atomic_fetch_sub" -> {
          rmw = base.startsWith("atomic_fetch") ? Rmw.FETCH_ADD : Rmw.ADD;
          arity(call, 2);
          operand = signed(base.endsWith("sub") || base.endsWith("sub_return"), expr(args.get(0)));
          address = expr(args.get(1));
        }
        case "atomic_inc_and_test", "atomic_dec_and_test" -> {
          rmw = Rmw.ADD_AND_TEST;
          arity(call, 1);
          address = expr(args.get(0));
          operand = new Expr.Const(base.contains("inc") ? 1 : -1);
        }
        case "atomic_sub_and_test" -> {
          rmw = Rmw.ADD_AND_TEST;
          arity(call, 2);
          operand = signed(true, expr(args.get(0)));
          address = expr(args.get(1));
        }
        case "atomic_inc_not_zero" -> {
          rmw = Rmw.INC_NOT_ZERO;
          arity(call, 1);
          address = expr(args.get(0));
        }
        case "atomic_add_unless" -> {
          rmw = Rmw.ADD_UNLESS;
          arity(call, 3);
          address = expr(args.get(0));
          operand = expr(args.get(1));
          expected = expr(args.get(2));
        }
        case "xchg", "atomic_xchg" -> {
          rmw = Rmw.XCHG;
          arity(call, 2);
          address = expr(args.get(0));
          operand = expr(args.get(1));
        }
        case "cmpxchg", "atomic_cmpxchg" -> {
          rmw = Rmw.CMPXCHG;
          arity(call, 3);
          address = expr(args.get(0));
          expected = expr(args.get(1));
          operand = expr(args.get(2));
        }
        default -> throw error(call.start, "unsupported: " + fn + "()", true);
      }
      if (suffix != null && (!returnsValue || rmw == Rmw.INC_NOT_ZERO || rmw == Rmw.ADD_UNLESS
          || rmw == Rmw.ADD_AND_TEST)) {
        throw error(call.start, "unsupported: " + fn + "()", true);
      }
      // Documentation/atomic_t.txt: non-value-returning RMWs are unordered, value-returning ones
      // without a suffix are fully ordered (an smp_mb() on each side); a conditional one that
      // fails is unordered (Order.FULL: the machine applies the first smp_mb() on success only).
      boolean full = returnsValue && suffix == null;
      Order order = suffix == null ? (full && rmw.conditional() ? Order.FULL : Order.NONE)
          : suffix.equals("_acquire") ? Order.ACQUIRE
          : suffix.equals("_release") ? Order.RELEASE : Order.NONE;
      if (full && !rmw.conditional()) {
        add(Kind.MB, Order.NONE, null, null, null, null, null, "smp_mb() before " + label);
      }
      add(Kind.RMW, order, rmw, returnsValue ? target : null, address, operand, expected, label);
      if (full) {
        add(Kind.MB, Order.NONE, null, null, null, null, null, "smp_mb() after " + label);
      }
    }

    private Expr signed(boolean negate, Expr e) {
      return negate ? new Expr.Unary("-", e) : e;
    }

    private void load(String target, Expr address, Order order, String label) {
      add(Kind.LOAD, order, null, target, address, null, null, label);
    }

    private void store(Expr address, Expr value, Order order, String label) {
      add(Kind.STORE, order, null, null, address, value, null, label);
    }

    private void fence(CallExprContext call, Kind kind, String label) throws LitmusException {
      arity(call, 0);
      add(kind, Order.NONE, null, null, null, null, null, label);
    }

    private void arity(CallExprContext call, int n) throws LitmusException {
      if (call.expr().size() != n) {
        throw error(call.start, call.IDENT().getText() + " takes " + n + " argument(s), not "
            + call.expr().size(), false);
      }
    }

    private void add(Kind kind, Order order, Rmw rmw, String register, Expr address, Expr value,
        Expr expected, String label) {
      ops.add(new Op(kind, order, rmw, register, address, value, expected, List.copyOf(guards), label));
    }
  }

  /** Carries a syntax error out of ANTLR's listener. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient LitmusException cause;

    SyntaxError(LitmusException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }
}
