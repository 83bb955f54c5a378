/*
 * herd7's C litmus format as the kernel's tools/memory-model/litmus-tests/ write it, after the
 * "C NAME" header line (LitmusReader reads that line itself: a test name may hold any character).
 *
 * The grammar accepts more of C than the runner supports (loops, plain dereferences, any function
 * call): LitmusReader names each unsupported construct with its position instead of the parser
 * failing on it with a generic syntax error.
 */
grammar Litmus;

test : init thread+ locations? finalClause EOF ;

// The initial state: declarations (`int x;`, `spinlock_t s;`), values (`x=1;`, `y=z;` makes y point
// to z, `0:r1=x;` sets a register) in any order.
init : LBRACE initItem* RBRACE ;

initItem
    : typeName STAR* IDENT (ASSIGN initValue)? SEMI     # initDecl
    | (proc=INT COLON)? IDENT ASSIGN initValue SEMI     # initAssign
    ;

initValue : MINUS? INT | AMP? IDENT | IDENT LPAREN MINUS? INT RPAREN ;

typeName : (IDENT | VOID)+ ;

thread : name=IDENT LPAREN (param (COMMA param)*)? RPAREN block ;

param : typeName STAR* IDENT ;

block : LBRACE stmt* RBRACE ;

stmt
    : typeName STAR* IDENT (ASSIGN expr)? SEMI          # declStmt
    | IDENT ASSIGN expr SEMI                            # assignStmt
    | STAR expr ASSIGN expr SEMI                        # plainStoreStmt
    | expr SEMI                                         # exprStmt
    | IF LPAREN expr RPAREN stmt (ELSE stmt)?           # ifStmt
    | block                                             # blockStmt
    | SEMI                                              # emptyStmt
    | kw=(WHILE | FOR | DO | GOTO | RETURN | SWITCH | BREAK | CONTINUE) ~SEMI* SEMI?  # unsupportedStmt
    ;

expr
    : IDENT LPAREN (expr (COMMA expr)*)? RPAREN         # callExpr
    | LPAREN VOID RPAREN expr                           # voidCastExpr
    | LPAREN expr RPAREN                                # parenExpr
    | STAR expr                                         # derefExpr
    | AMP IDENT                                         # addressExpr
    | op=(NOT | MINUS | TILDE) expr                     # unaryExpr
    | expr op=(STAR | DIV | MOD) expr                   # binaryExpr
    | expr op=(PLUS | MINUS) expr                       # binaryExpr
    | expr op=(LT | GT | LE | GE) expr                  # binaryExpr
    | expr op=(EQ | NE) expr                            # binaryExpr
    | expr op=AMP expr                                  # binaryExpr
    | expr op=CARET expr                                # binaryExpr
    | expr op=PIPE expr                                 # binaryExpr
    | expr op=ANDAND expr                               # binaryExpr
    | expr op=OROR expr                                 # binaryExpr
    | INT                                               # intExpr
    | IDENT                                             # nameExpr
    ;

// `locations [0:r1; x;]`: extra observables printed with each final state.
locations : LOCATIONS LBRACKET (location SEMI?)* RBRACKET ;

finalClause
    : quantifier=(EXISTS | FORALL) prop                 # quantified
    | TILDE EXISTS prop                                 # notExists
    | FILTER prop finalClause                           # filterClause
    ;

prop
    : LPAREN prop RPAREN                                # parenProp
    | (TILDE | NOTKW) prop                              # notProp
    | prop CONJ prop                                    # andProp
    | prop DISJ prop                                    # orProp
    | prop IMPLIES prop                                 # impliesProp
    | location ASSIGN value                             # atomProp
    | TRUEKW                                            # trueProp
    | FALSEKW                                           # falseProp
    ;

location : (proc=INT COLON)? IDENT ;

value : MINUS? INT | IDENT ;

IF        : 'if' ;
VOID      : 'void' ;
ELSE      : 'else' ;
WHILE     : 'while' ;
FOR       : 'for' ;
DO        : 'do' ;
GOTO      : 'goto' ;
RETURN    : 'return' ;
SWITCH    : 'switch' ;
BREAK     : 'break' ;
CONTINUE  : 'continue' ;
EXISTS    : 'exists' ;
FORALL    : 'forall' ;
FILTER    : 'filter' ;
LOCATIONS : 'locations' ;
NOTKW     : 'not' ;
TRUEKW    : 'true' ;
FALSEKW   : 'false' ;

CONJ     : '/\\' ;
DISJ     : '\\/' ;
IMPLIES  : '=>' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
SEMI     : ';' ;
COMMA    : ',' ;
COLON    : ':' ;
EQ       : '==' ;
NE       : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
ANDAND   : '&&' ;
OROR     : '||' ;
ASSIGN   : '=' ;
STAR     : '*' ;
DIV      : '/' ;
MOD      : '%' ;
PLUS     : '+' ;
MINUS    : '-' ;
AMP      : '&' ;
PIPE     : '|' ;
CARET    : '^' ;
NOT      : '!' ;
TILDE    : '~' ;

INT   : [0-9]+ ;
IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;

// herd's comments are OCaml's. `(*` must be followed by white space, so that C's `(*x)` stays code.
OCAML_COMMENT : '(*' [ \t\r\n] .*? '*)' -> channel(HIDDEN) ;
C_COMMENT     : '/*' .*? '*/' -> channel(HIDDEN) ;
LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
WS            : [ \t\r\n\f]+ -> skip ;
