/*
 * Values and states exactly as TLC 2.18 prints them (also in -tool mode).
 * Whitespace, including the newlines and indentation TLC adds when it wraps
 * long values at about 80 columns, is insignificant.
 */
grammar TlaValue;

// The public API lives on the generated parser class so that callers write TlaValueParser.parseState(text).
@parser::members {
    /** Deepest nesting of brackets accepted; deeper input is refused before the recursive parse could overflow. */
    public static final int MAX_DEPTH = ValueReader.MAX_DEPTH;

    /** Parses one value as TLC prints it, e.g. {@code {<<1, "a">>, [b |-> TRUE]}}. @throws TlaValueSyntaxException */
    public static TlaValue parseValue(String text) {
        return ValueReader.parseValue(text);
    }

    /**
     * Parses a state as TLC prints it: {@code /\ x = 1 /\ y = {1, 2}} (usually one conjunct per line) or, for a
     * spec with one variable, {@code x = 0}. The map is sorted by variable name. @throws TlaValueSyntaxException
     */
    public static com.google.common.collect.ImmutableSortedMap<String, TlaValue> parseState(String text) {
        return ValueReader.parseState(text);
    }
}

// A whole state: `/\ x = 1 /\ y = 2` over several lines, or `x = 0` when the spec has one variable.
state
    : conjunct+ EOF          # conjunctionState
    | assignment EOF         # singleAssignmentState
    ;

conjunct   : AND assignment ;
assignment : name=IDENT EQ value ;

singleValue : value EOF ;

value
    : lo=INT (DOTDOT hi=INT)?                   # intOrInterval
    | STRING                                    # stringValue
    | TRUE                                      # trueValue
    | FALSE                                     # falseValue
    | IDENT                                     # modelValue
    | LBRACE (value (COMMA value)*)? RBRACE     # setValue
    | LTUPLE (value (COMMA value)*)? RTUPLE     # tupleValue
    | LPAREN mapping (ATAT mapping)* RPAREN     # functionValue
    | LBRACKET field (COMMA field)* RBRACKET    # recordValue
    ;

mapping : key=value COLONGT image=value ;

// Record keys may be any identifier, keywords included (`[TRUE |-> 1]` is TLC output for ("TRUE" :> 1)).
field : key=(IDENT | TRUE | FALSE) MAPSTO value ;

AND      : '/\\' ;
EQ       : '=' ;
DOTDOT   : '..' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
// `>>>>` closes two tuples; the maximal-munch lexer yields two RTUPLE tokens because no longer token exists.
LTUPLE   : '<<' ;
RTUPLE   : '>>' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA    : ',' ;
ATAT     : '@@' ;
COLONGT  : ':>' ;
MAPSTO   : '|->' ;
TRUE     : 'TRUE' ;
FALSE    : 'FALSE' ;
INT      : '-'? [0-9]+ ;
// A TLA+ identifier: letters, digits and '_' with at least one letter (so `1a` is a name, `12` a number).
IDENT    : [a-zA-Z0-9_]* [a-zA-Z] [a-zA-Z0-9_]* ;
STRING   : '"' ( '\\' ["\\tnrf] | ~["\\] )* '"' ;
WS       : [ \t\r\n\f]+ -> skip ;
