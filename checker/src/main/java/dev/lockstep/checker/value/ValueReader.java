package dev.lockstep.checker.value;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Reads values and states in the syntax TLC prints them (grammar {@code TlaValue.g4}). Public entry points are
 * {@link TlaValueParser#parseValue} and {@link TlaValueParser#parseState}; ANTLR names the generated parser
 * {@code TlaValueParser}, so the grammar declares those two and delegates here.
 */
final class ValueReader {
    /** Deepest nesting of brackets accepted; deeper input is refused before the recursive parse could overflow. */
    static final int MAX_DEPTH = 500;
    /** Longest integer literal accepted, in digits; converting longer ones takes quadratic time. */
    static final int MAX_DIGITS = 1000;

    private static final Builder BUILDER = new Builder();

    private ValueReader() {}

    /** Parses one value, e.g. {@code {<<1, "a">>, [b |-> TRUE]}}. */
    static TlaValue parseValue(String text) {
        return parse(text, p -> BUILDER.visit(p.singleValue().value()));
    }

    /**
     * Parses a state as TLC prints it: {@code /\ x = 1 /\ y = {1, 2}} (usually one conjunct per line) or, for a spec
     * with one variable, {@code x = 0}. The map is sorted by variable name.
     */
    static ImmutableSortedMap<String, TlaValue> parseState(String text) {
        return parse(text, p -> {
            TlaValueParser.StateContext state = p.state();
            List<TlaValueParser.AssignmentContext> assignments =
                    state instanceof TlaValueParser.ConjunctionStateContext c
                            ? c.conjunct().stream().map(TlaValueParser.ConjunctContext::assignment).toList()
                            : List.of(((TlaValueParser.SingleAssignmentStateContext) state).assignment());
            Map<String, TlaValue> vars = new HashMap<>();
            for (TlaValueParser.AssignmentContext a : assignments) {
                if (vars.put(a.name.getText(), BUILDER.visit(a.value())) != null) {
                    throw new TlaValueSyntaxException(a.name.getLine(), a.name.getCharPositionInLine() + 1,
                            "variable " + a.name.getText() + " is assigned twice");
                }
            }
            return ImmutableSortedMap.copyOf(vars);
        });
    }

    private static <T> T parse(String text, Function<TlaValueParser, T> rule) {
        ThrowingListener errors = new ThrowingListener();
        TlaValueLexer lexer = new TlaValueLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        checkDepth(tokens.getTokens());
        TlaValueParser parser = new TlaValueParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        // The grammar is SLL-friendly (no ambiguity needing full LL), and SLL prediction is markedly faster.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        return rule.apply(parser);
    }

    private static void checkDepth(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case TlaValueLexer.LBRACE, TlaValueLexer.LTUPLE, TlaValueLexer.LPAREN, TlaValueLexer.LBRACKET -> {
                    if (++depth > MAX_DEPTH) {
                        throw new TlaValueSyntaxException(t.getLine(), t.getCharPositionInLine() + 1,
                                "values nested deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case TlaValueLexer.RBRACE, TlaValueLexer.RTUPLE, TlaValueLexer.RPAREN, TlaValueLexer.RBRACKET ->
                        depth--;
                default -> { }
            }
        }
    }

    private static <T> T buildOrFail(Supplier<T> build, ParserRuleContext at, String problem) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            Token start = at.getStart();
            throw new TlaValueSyntaxException(start.getLine(), start.getCharPositionInLine() + 1, problem);
        }
    }

    private static final class ThrowingListener extends BaseErrorListener {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                String msg, RecognitionException e) {
            throw new TlaValueSyntaxException(line, charPositionInLine + 1, msg);
        }
    }

    /** Turns a parse tree into values; stateless, so one instance serves every thread. */
    private static final class Builder extends TlaValueBaseVisitor<TlaValue> {
        @Override
        public TlaValue visitIntOrInterval(TlaValueParser.IntOrIntervalContext ctx) {
            BigInteger lo = integer(ctx.lo);
            if (ctx.hi == null) {
                return TlaInt.of(lo);
            }
            BigInteger hi = integer(ctx.hi);
            return buildOrFail(() -> TlaSet.interval(lo, hi), ctx,
                    "interval " + lo + ".." + hi + " has more than " + TlaSet.MAX_INTERVAL_SIZE + " elements");
        }

        private static BigInteger integer(Token token) {
            String text = token.getText();
            if (text.length() > MAX_DIGITS + 1) {
                throw new TlaValueSyntaxException(token.getLine(), token.getCharPositionInLine() + 1,
                        "integer longer than " + MAX_DIGITS + " digits");
            }
            return new BigInteger(text);
        }

        @Override
        public TlaValue visitStringValue(TlaValueParser.StringValueContext ctx) {
            return TlaString.of(unquote(ctx.getText()));
        }

        @Override
        public TlaValue visitTrueValue(TlaValueParser.TrueValueContext ctx) {
            return TlaBool.TRUE;
        }

        @Override
        public TlaValue visitFalseValue(TlaValueParser.FalseValueContext ctx) {
            return TlaBool.FALSE;
        }

        @Override
        public TlaValue visitModelValue(TlaValueParser.ModelValueContext ctx) {
            return TlaModelValue.of(ctx.getText());
        }

        @Override
        public TlaValue visitSetValue(TlaValueParser.SetValueContext ctx) {
            List<TlaValueParser.ValueContext> elements = ctx.value();
            if (elements.isEmpty()) {
                return TlaSet.of();
            }
            // TLC never prints duplicates, but a set with them is still a well-defined set.
            ImmutableSortedSet.Builder<TlaValue> b = ImmutableSortedSet.naturalOrder();
            for (TlaValueParser.ValueContext e : elements) {
                b.add(visit(e));
            }
            return TlaSet.of(b.build());
        }

        @Override
        public TlaValue visitTupleValue(TlaValueParser.TupleValueContext ctx) {
            List<TlaValue> elements = new ArrayList<>(ctx.value().size());
            for (TlaValueParser.ValueContext e : ctx.value()) {
                elements.add(visit(e));
            }
            return TlaFunction.tuple(elements);
        }

        @Override
        public TlaValue visitFunctionValue(TlaValueParser.FunctionValueContext ctx) {
            ImmutableSortedMap.Builder<TlaValue, TlaValue> b = ImmutableSortedMap.naturalOrder();
            for (TlaValueParser.MappingContext m : ctx.mapping()) {
                b.put(visit(m.key), visit(m.image));
            }
            return TlaFunction.of(buildOrFail(b::buildOrThrow, ctx, "a key occurs twice in the function"));
        }

        @Override
        public TlaValue visitRecordValue(TlaValueParser.RecordValueContext ctx) {
            ImmutableSortedMap.Builder<TlaValue, TlaValue> b = ImmutableSortedMap.naturalOrder();
            for (TlaValueParser.FieldContext f : ctx.field()) {
                b.put(TlaString.of(f.key.getText()), visit(f.value()));
            }
            return TlaFunction.of(buildOrFail(b::buildOrThrow, ctx, "a field occurs twice in the record"));
        }
    }

    /** Strips the quotes and resolves TLC's escapes; the lexer admits only these escapes. */
    private static String unquote(String token) {
        int end = token.length() - 1;
        if (token.indexOf('\\') < 0) {
            return token.substring(1, end);
        }
        StringBuilder out = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = token.charAt(++i);
            out.append(switch (e) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'f' -> '\f';
                default -> e; // '"' and '\\' stand for themselves
            });
        }
        return out.toString();
    }
}
