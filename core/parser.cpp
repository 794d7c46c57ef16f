// parser.cpp - the Lua 5.4 grammar. See parser.h for the contract.
//
// Each grammar rule is one member function named after it; the comment above it gives the
// rule in the manual's notation. Lines: `lex_.line()` is the line of the current token,
// `lex_.lastLine()` the line of the token just consumed.
#include "core/parser.h"

#include "core/lexer.h"
#include "core/resolver.h"

namespace tricolor {

using namespace ast;

namespace {

// Nesting levels allowed: lua5.4 counts one per statement, per subexpression and per
// extra target of an assignment, on top of the C calls already active (2 when load() is
// called from a main chunk), and fails at 200.
constexpr int kMaxNestingLevels = 197;

// Binary operator priorities: left > right makes an operator right-associative.
struct Priority {
    int left, right;
};
constexpr int kUnaryPriority = 12;

Priority priorityOf(BinOp op) {
    switch (op) {
    case BinOp::Or: return {1, 1};
    case BinOp::And: return {2, 2};
    case BinOp::Eq:
    case BinOp::Ne:
    case BinOp::Lt:
    case BinOp::Le:
    case BinOp::Gt:
    case BinOp::Ge: return {3, 3};
    case BinOp::BOr: return {4, 4};
    case BinOp::BXor: return {5, 5};
    case BinOp::BAnd: return {6, 6};
    case BinOp::Shl:
    case BinOp::Shr: return {7, 7};
    case BinOp::Concat: return {9, 8};
    case BinOp::Add:
    case BinOp::Sub: return {10, 10};
    case BinOp::Mul:
    case BinOp::Div:
    case BinOp::IDiv:
    case BinOp::Mod: return {11, 11};
    case BinOp::Pow: return {14, 13};
    }
    return {0, 0};
}

std::optional<BinOp> binaryOperator(const Token& t) {
    switch (t.type) {
    case Tok::And: return BinOp::And;
    case Tok::Or: return BinOp::Or;
    case Tok::IDiv: return BinOp::IDiv;
    case Tok::Concat: return BinOp::Concat;
    case Tok::Eq: return BinOp::Eq;
    case Tok::Ne: return BinOp::Ne;
    case Tok::Le: return BinOp::Le;
    case Tok::Ge: return BinOp::Ge;
    case Tok::Shl: return BinOp::Shl;
    case Tok::Shr: return BinOp::Shr;
    case Tok::Char: break;
    default: return std::nullopt;
    }
    switch (t.ch) {
    case '+': return BinOp::Add;
    case '-': return BinOp::Sub;
    case '*': return BinOp::Mul;
    case '/': return BinOp::Div;
    case '%': return BinOp::Mod;
    case '^': return BinOp::Pow;
    case '<': return BinOp::Lt;
    case '>': return BinOp::Gt;
    case '&': return BinOp::BAnd;
    case '|': return BinOp::BOr;
    case '~': return BinOp::BXor;
    default: return std::nullopt;
    }
}

std::optional<UnOp> unaryOperator(const Token& t) {
    if (t.type == Tok::Not) return UnOp::Not;
    if (t.type != Tok::Char) return std::nullopt;
    switch (t.ch) {
    case '-': return UnOp::Neg;
    case '#': return UnOp::Len;
    case '~': return UnOp::BNot;
    default: return std::nullopt;
    }
}

class Parser final : public ResolveErrorSink {
  public:
    Parser(std::string_view source, const ParseOptions& options, Chunk& chunk)
        : lex_(source, chunk.chunkname, options.skipShebang), chunk_(chunk),
          resolver_(chunk.arena, *this) {}

    void parseMainChunk();

    FrontEndError semanticError(const std::string& msg) override {
        return lex_.errorWithoutToken(msg);
    }
    FrontEndError limitError(const std::string& msg) override { return lex_.syntaxError(msg); }

  private:
    // --- tokens ---
    const Token& tok() const { return lex_.current(); }
    bool at(Tok t) const { return tok().type == t; }
    bool at(char c) const { return tok().type == Tok::Char && tok().ch == c; }
    bool testNext(Tok t);
    bool testNext(char c);
    [[noreturn]] void errorExpected(Tok t, char c = 0);
    void checkNext(Tok t);
    void checkNext(char c);
    void closeMatch(Tok what, char whatCh, Tok who, char whoCh, int openLine);
    std::string checkName();
    bool blockFollows(bool withUntil) const;

    // --- nesting guard ---
    void enterLevel();
    void leaveLevel() { --depth_; }
    struct Level {
        explicit Level(Parser& p) : parser(p) { parser.enterLevel(); }
        ~Level() { parser.leaveLevel(); }
        Parser& parser;
    };

    template <class T, class... Args>
    T* make(Args&&... args) {
        return chunk_.arena.make<T>(std::forward<Args>(args)...);
    }

    // --- statements ---
    Block* block();
    void statementList(Block* b);
    void statement(Block* b);
    void ifStatement(Block* b, int line);
    void testThenBlock(IfStmt* s);
    void whileStatement(Block* b, int line);
    void doStatement(Block* b, int line);
    void forStatement(Block* b, int line);
    void numericFor(NumericForStmt* s, std::string name, int nameLine);
    void genericFor(GenericForStmt* s, std::string name, int nameLine);
    Block* forBody(Stmt* loop, size_t hiddenCount, int& doLine);
    void repeatStatement(Block* b, int line);
    void functionStatement(Block* b, int line);
    void localFunction(Block* b, int line);
    void localStatement(Block* b, int line);
    Attrib localAttribute();
    void labelStatement(Block* b, int line);
    void gotoStatement(Block* b);
    void breakStatement(Block* b, int line);
    void returnStatement(Block* b, int line);
    void expressionStatement(Block* b, int line);
    void restOfAssignment(AssignStmt* s);

    // --- expressions ---
    Expr* expr() { return subExpr(0); }
    Expr* subExpr(int limit);
    Expr* simpleExp();
    Expr* primaryExp();
    Expr* suffixedExp();
    NameExpr* singleVar();
    IndexExpr* fieldSelector(Expr* object);
    void callArguments(std::vector<Expr*>& args, int& argsLine, int callLine);
    TableExpr* tableConstructor();
    void tableField(TableExpr* t);
    std::vector<Expr*> expressionList();
    FunctionExpr* functionBody(bool isMethod, int line);
    void parameterList(FunctionExpr* fn);
    template <class T>
    T* finish(T* e) {
        e->endLine = lex_.lastLine();
        return e;
    }

    Lexer lex_;
    Chunk& chunk_;
    Resolver resolver_;
    FunctionExpr* function_ = nullptr;
    int depth_ = 0;
};

// ---------------------------------------------------------------------------------------
// Tokens.

bool Parser::testNext(Tok t) {
    if (!at(t)) return false;
    lex_.next();
    return true;
}

bool Parser::testNext(char c) {
    if (!at(c)) return false;
    lex_.next();
    return true;
}

void Parser::errorExpected(Tok t, char c) {
    throw lex_.syntaxError(Lexer::tokenName(t, c) + " expected");
}

void Parser::checkNext(Tok t) {
    if (!testNext(t)) errorExpected(t);
}

void Parser::checkNext(char c) {
    if (!testNext(c)) errorExpected(Tok::Char, c);
}

// Closing token of a construct opened at openLine; mentions the opener when it is on
// another line: "'end' expected (to close 'function' at line 3) near <eof>".
void Parser::closeMatch(Tok what, char whatCh, Tok who, char whoCh, int openLine) {
    bool matched = what == Tok::Char ? testNext(whatCh) : testNext(what);
    if (matched) return;
    if (openLine == lex_.line()) errorExpected(what, whatCh);
    throw lex_.syntaxError(Lexer::tokenName(what, whatCh) + " expected (to close " +
                           Lexer::tokenName(who, whoCh) + " at line " + std::to_string(openLine) +
                           ")");
}

std::string Parser::checkName() {
    if (!at(Tok::Name)) errorExpected(Tok::Name);
    std::string name = tok().text;
    lex_.next();
    return name;
}

bool Parser::blockFollows(bool withUntil) const {
    switch (tok().type) {
    case Tok::Else:
    case Tok::Elseif:
    case Tok::End:
    case Tok::Eof: return true;
    case Tok::Until: return withUntil;
    default: return false;
    }
}

void Parser::enterLevel() {
    if (++depth_ > kMaxNestingLevels) throw FrontEndError{"C stack overflow"};
}

// ---------------------------------------------------------------------------------------
// Chunk and blocks.

// chunk ::= block
void Parser::parseMainChunk() {
    FunctionExpr* main = make<FunctionExpr>();
    main->isMain = true;
    main->isVararg = true;
    main->body = make<Block>();
    chunk_.main = function_ = main;
    resolver_.openFunction(main);
    lex_.next();
    main->body->line = lex_.line();
    statementList(main->body);
    if (!at(Tok::Eof)) errorExpected(Tok::Eof);
    main->body->endLine = lex_.line();
    resolver_.closeFunction();
}

// block ::= {stat} [retstat], in a scope of its own
Block* Parser::block() {
    Block* b = make<Block>();
    b->line = lex_.line();
    resolver_.openBlock(b);
    statementList(b);
    b->endLine = lex_.line();
    resolver_.closeScope();
    return b;
}

void Parser::statementList(Block* b) {
    while (!blockFollows(true)) {
        if (at(Tok::Return)) {
            statement(b); // 'return' must be the last statement
            return;
        }
        statement(b);
    }
}

void Parser::statement(Block* b) {
    int line = lex_.line();
    Level level(*this);
    switch (tok().type) {
    case Tok::If: return ifStatement(b, line);
    case Tok::While: return whileStatement(b, line);
    case Tok::Do: return doStatement(b, line);
    case Tok::For: return forStatement(b, line);
    case Tok::Repeat: return repeatStatement(b, line);
    case Tok::Function: return functionStatement(b, line);
    case Tok::Local:
        lex_.next();
        if (testNext(Tok::Function)) return localFunction(b, line);
        return localStatement(b, line);
    case Tok::DbColon: return labelStatement(b, line);
    case Tok::Return: return returnStatement(b, line);
    case Tok::Break: return breakStatement(b, line);
    case Tok::Goto: return gotoStatement(b);
    default:
        if (testNext(';')) return; // empty statement
        return expressionStatement(b, line);
    }
}

// ---------------------------------------------------------------------------------------
// Control structures.

// if exp then block {elseif exp then block} [else block] end
void Parser::ifStatement(Block* b, int line) {
    IfStmt* s = make<IfStmt>();
    s->line = line;
    b->stmts.push_back(s);
    testThenBlock(s);
    while (at(Tok::Elseif))
        testThenBlock(s);
    if (testNext(Tok::Else)) s->elseBody = block();
    closeMatch(Tok::End, 0, Tok::If, 0, line);
}

void Parser::testThenBlock(IfStmt* s) {
    int line = lex_.line();
    lex_.next(); // 'if' or 'elseif'
    Expr* cond = expr();
    checkNext(Tok::Then);
    int thenLine = lex_.lastLine();
    s->clauses.push_back(IfStmt::Clause{cond, block(), line, thenLine});
}

// while exp do block end
void Parser::whileStatement(Block* b, int line) {
    WhileStmt* s = make<WhileStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    s->cond = expr();
    resolver_.openLoop(s);
    checkNext(Tok::Do);
    s->body = block();
    closeMatch(Tok::End, 0, Tok::While, 0, line);
    resolver_.closeScope();
}

// do block end
void Parser::doStatement(Block* b, int line) {
    DoStmt* s = make<DoStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    s->body = block();
    closeMatch(Tok::End, 0, Tok::Do, 0, line);
}

// repeat block until exp   (exp sees the block's locals)
void Parser::repeatStatement(Block* b, int line) {
    RepeatStmt* s = make<RepeatStmt>();
    s->line = line;
    b->stmts.push_back(s);
    resolver_.openLoop(s);
    Block* body = s->body = make<Block>();
    resolver_.openBlock(body);
    lex_.next();
    body->line = lex_.line();
    statementList(body);
    body->endLine = lex_.line();
    s->untilLine = lex_.line();
    closeMatch(Tok::Until, 0, Tok::Repeat, 0, line);
    s->cond = expr();
    resolver_.closeScope(); // body
    resolver_.closeScope(); // loop
}

// for Name '=' exp ',' exp [',' exp] do block end
// for namelist in explist do block end
void Parser::forStatement(Block* b, int line) {
    lex_.next();
    int nameLine = lex_.line();
    std::string name = checkName();
    if (at('=')) {
        NumericForStmt* s = make<NumericForStmt>();
        s->line = line;
        b->stmts.push_back(s);
        numericFor(s, std::move(name), nameLine);
    } else if (at(',') || at(Tok::In)) {
        GenericForStmt* s = make<GenericForStmt>();
        s->line = line;
        b->stmts.push_back(s);
        genericFor(s, std::move(name), nameLine);
    } else {
        throw lex_.syntaxError("'=' or 'in' expected");
    }
    closeMatch(Tok::End, 0, Tok::For, 0, line);
    resolver_.closeScope(); // the loop scope, holding the hidden state
}

void Parser::numericFor(NumericForStmt* s, std::string name, int nameLine) {
    resolver_.openLoop(s);
    for (int k = 0; k < 3; ++k)
        s->hidden.push_back(resolver_.declareHidden(nameLine));
    s->var = resolver_.declareLocal(std::move(name), nameLine);
    checkNext('=');
    s->start = expr();
    checkNext(',');
    s->limit = expr();
    if (testNext(',')) s->step = expr();
    s->body = forBody(s, 3, s->doLine);
}

void Parser::genericFor(GenericForStmt* s, std::string name, int nameLine) {
    resolver_.openLoop(s);
    for (int k = 0; k < 4; ++k)
        s->hidden.push_back(resolver_.declareHidden(nameLine));
    s->hidden[3]->attrib = Attrib::Close; // the closing value
    s->vars.push_back(resolver_.declareLocal(std::move(name), nameLine));
    while (testNext(',')) {
        int line = lex_.line();
        s->vars.push_back(resolver_.declareLocal(checkName(), line));
    }
    checkNext(Tok::In);
    s->exprLine = lex_.line();
    s->exprs = expressionList();
    s->body = forBody(s, 4, s->doLine);
}

// do block, with the hidden state visible in the loop scope and the declared variables
// visible in the body.
Block* Parser::forBody(Stmt* loop, size_t hiddenCount, int& doLine) {
    (void)loop;
    resolver_.activateLocals(hiddenCount);
    doLine = lex_.line();
    checkNext(Tok::Do);
    Block* body = make<Block>();
    body->line = lex_.line();
    resolver_.openBlock(body);
    resolver_.activateLocals();
    statementList(body);
    body->endLine = lex_.line();
    resolver_.closeScope();
    return body;
}

// ---------------------------------------------------------------------------------------
// Declarations and jumps.

// function funcname funcbody    funcname ::= Name {'.' Name} [':' Name]
void Parser::functionStatement(Block* b, int line) {
    FunctionStmt* s = make<FunctionStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    Expr* target = singleVar();
    while (at('.'))
        target = fieldSelector(target);
    bool isMethod = at(':');
    if (isMethod) target = fieldSelector(target);
    s->target = target;
    s->func = functionBody(isMethod, line);
    resolver_.checkAssignable(target);
}

// local function Name funcbody   (Name is visible inside its own body)
void Parser::localFunction(Block* b, int line) {
    LocalFunctionStmt* s = make<LocalFunctionStmt>();
    s->line = line;
    b->stmts.push_back(s);
    int nameLine = lex_.line();
    s->var = resolver_.declareLocal(checkName(), nameLine);
    resolver_.activateLocals();
    s->func = functionBody(false, lex_.line());
}

// local attnamelist ['=' explist]    attnamelist ::= Name attrib {',' Name attrib}
void Parser::localStatement(Block* b, int line) {
    LocalStmt* s = make<LocalStmt>();
    s->line = line;
    b->stmts.push_back(s);
    bool hasClose = false;
    do {
        int nameLine = lex_.line();
        LocalVar* var = resolver_.declareLocal(checkName(), nameLine);
        var->attrib = localAttribute();
        if (var->attrib == Attrib::Close) {
            if (hasClose) throw semanticError("multiple to-be-closed variables in local list");
            hasClose = true;
        }
        s->vars.push_back(var);
    } while (testNext(','));
    if (testNext('=')) s->values = expressionList();
    resolver_.activateLocalStatement(s);
}

// attrib ::= ['<' Name '>']
Attrib Parser::localAttribute() {
    if (!testNext('<')) return Attrib::None;
    std::string name = checkName();
    checkNext('>');
    if (name == "const") return Attrib::Const;
    if (name == "close") return Attrib::Close;
    throw semanticError("unknown attribute '" + name + "'");
}

// label ::= '::' Name '::'
// lua5.4 reads the void statements (';' and labels) following a label before declaring
// it, to know whether the label ends its block; duplicates are found in that order too.
void Parser::labelStatement(Block* b, int line) {
    LabelStmt* s = make<LabelStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    s->name = checkName();
    checkNext(Tok::DbColon);
    while (at(';') || at(Tok::DbColon))
        statement(b);
    resolver_.declareLabel(s, blockFollows(false));
}

// goto Name
void Parser::gotoStatement(Block* b) {
    GotoStmt* s = make<GotoStmt>();
    b->stmts.push_back(s);
    lex_.next();
    s->line = lex_.line();
    s->label = checkName();
    resolver_.addGoto(s);
}

void Parser::breakStatement(Block* b, int line) {
    BreakStmt* s = make<BreakStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    resolver_.addBreak(s);
}

// retstat ::= return [explist] [';']
void Parser::returnStatement(Block* b, int line) {
    ReturnStmt* s = make<ReturnStmt>();
    s->line = line;
    b->stmts.push_back(s);
    lex_.next();
    if (!blockFollows(true) && !at(';')) s->values = expressionList();
    testNext(';');
}

// exprstat ::= functioncall | varlist '=' explist
void Parser::expressionStatement(Block* b, int line) {
    Expr* first = suffixedExp();
    if (at('=') || at(',')) {
        AssignStmt* s = make<AssignStmt>();
        s->line = line;
        b->stmts.push_back(s);
        s->targets.push_back(first);
        restOfAssignment(s);
        return;
    }
    if (first->kind != ExprKind::Call && first->kind != ExprKind::MethodCall)
        throw lex_.syntaxError("syntax error");
    CallStmt* s = make<CallStmt>();
    s->line = line;
    s->call = first;
    b->stmts.push_back(s);
}

// {',' var} '=' explist. Each extra target is one more nesting level (as in lua5.4),
// held until the values are read.
void Parser::restOfAssignment(AssignStmt* s) {
    int extraLevels = 0;
    for (;;) {
        Expr* target = s->targets.back();
        if (target->kind != ExprKind::Name && target->kind != ExprKind::Index)
            throw lex_.syntaxError("syntax error");
        resolver_.checkAssignable(target);
        if (!testNext(',')) break;
        enterLevel();
        ++extraLevels;
        s->targets.push_back(suffixedExp());
    }
    checkNext('=');
    s->values = expressionList();
    depth_ -= extraLevels;
}

// ---------------------------------------------------------------------------------------
// Functions.

// funcbody ::= '(' [parlist] ')' block end
FunctionExpr* Parser::functionBody(bool isMethod, int line) {
    FunctionExpr* fn = make<FunctionExpr>();
    fn->line = line;
    fn->isMethod = isMethod;
    fn->parent = function_;
    fn->body = make<Block>();
    function_ = fn;
    resolver_.openFunction(fn);
    if (isMethod) {
        LocalVar* self = resolver_.declareLocal("self", lex_.line());
        self->isParam = true;
        fn->params.push_back(self);
        resolver_.activateLocals();
    }
    checkNext('(');
    parameterList(fn);
    checkNext(')');
    fn->body->line = lex_.line();
    statementList(fn->body);
    fn->body->endLine = fn->endLine = lex_.line();
    closeMatch(Tok::End, 0, Tok::Function, 0, line);
    resolver_.closeFunction();
    function_ = fn->parent;
    return finish(fn);
}

// parlist ::= namelist [',' '...'] | '...'
void Parser::parameterList(FunctionExpr* fn) {
    if (!at(')')) {
        do {
            if (at(Tok::Name)) {
                int line = lex_.line();
                LocalVar* param = resolver_.declareLocal(checkName(), line);
                param->isParam = true;
                fn->params.push_back(param);
            } else if (testNext(Tok::Dots)) {
                fn->isVararg = true;
            } else {
                throw lex_.syntaxError("<name> or '...' expected");
            }
        } while (!fn->isVararg && testNext(','));
    }
    resolver_.activateLocals();
}

// ---------------------------------------------------------------------------------------
// Expressions.

std::vector<Expr*> Parser::expressionList() {
    std::vector<Expr*> list;
    list.push_back(expr());
    while (testNext(','))
        list.push_back(expr());
    return list;
}

// subexpr ::= (simpleexp | unop subexpr) {binop subexpr}, where only operators binding
// tighter than `limit` are taken.
Expr* Parser::subExpr(int limit) {
    Level level(*this);
    Expr* left;
    if (std::optional<UnOp> op = unaryOperator(tok())) {
        int line = lex_.line();
        lex_.next();
        Expr* operand = subExpr(kUnaryPriority);
        left = make<UnaryExpr>(*op, operand);
        left->line = line;
        finish(left);
    } else {
        left = simpleExp();
    }
    std::optional<BinOp> op = binaryOperator(tok());
    while (op && priorityOf(*op).left > limit) {
        int line = lex_.line();
        lex_.next();
        Expr* right = subExpr(priorityOf(*op).right);
        left = make<BinaryExpr>(*op, left, right);
        left->line = line;
        finish(left);
        op = binaryOperator(tok());
    }
    return left;
}

// simpleexp ::= Float | Integer | String | nil | true | false | '...' | constructor |
//               function funcbody | suffixedexp
Expr* Parser::simpleExp() {
    int line = lex_.line();
    Expr* e = nullptr;
    switch (tok().type) {
    case Tok::Flt: {
        auto* f = make<FloatExpr>();
        f->value = tok().n;
        e = f;
        break;
    }
    case Tok::Int: {
        auto* i = make<IntegerExpr>();
        i->value = tok().i;
        e = i;
        break;
    }
    case Tok::String: {
        auto* s = make<StringExpr>();
        s->value = tok().text;
        e = s;
        break;
    }
    case Tok::Nil: e = make<Expr>(ExprKind::Nil); break;
    case Tok::True: e = make<Expr>(ExprKind::True); break;
    case Tok::False: e = make<Expr>(ExprKind::False); break;
    case Tok::Dots:
        if (!resolver_.currentFunctionIsVararg())
            throw lex_.syntaxError("cannot use '...' outside a vararg function");
        e = make<Expr>(ExprKind::Vararg);
        // lua5.4 emits VARARG before reading `...`: the instruction gets the previous token's line
        line = lex_.lastLine();
        break;
    case Tok::Function: lex_.next(); return functionBody(false, lex_.line());
    case Tok::Char:
        if (at('{')) return tableConstructor();
        return suffixedExp();
    default: return suffixedExp();
    }
    e->line = line;
    lex_.next();
    return finish(e);
}

// primaryexp ::= Name | '(' expr ')'
Expr* Parser::primaryExp() {
    if (at(Tok::Name)) return singleVar();
    if (!at('(')) throw lex_.syntaxError("unexpected symbol");
    int line = lex_.line();
    lex_.next();
    Expr* inner = expr();
    closeMatch(Tok::Char, ')', Tok::Char, '(', line);
    auto* paren = make<ParenExpr>(inner);
    paren->line = line;
    return finish(paren);
}

NameExpr* Parser::singleVar() {
    auto* name = make<NameExpr>();
    name->line = lex_.line();
    name->name = checkName();
    resolver_.resolveName(name);
    return finish(name);
}

// ('.' | ':') Name, as an index by a string constant.
IndexExpr* Parser::fieldSelector(Expr* object) {
    lex_.next(); // '.' or ':'
    auto* key = make<StringExpr>();
    key->line = lex_.line();
    key->value = checkName();
    finish(key);
    auto* index = make<IndexExpr>(object, key);
    index->isDotSyntax = true;
    index->line = key->line;
    return finish(index);
}

// suffixedexp ::= primaryexp { '.' Name | '[' exp ']' | ':' Name funcargs | funcargs }
Expr* Parser::suffixedExp() {
    int line = lex_.line(); // every call in the chain is attributed to this line
    Expr* e = primaryExp();
    for (;;) {
        if (at('.')) {
            e = fieldSelector(e);
        } else if (at('[')) {
            lex_.next();
            Expr* key = expr();
            checkNext(']');
            auto* index = make<IndexExpr>(e, key);
            index->line = lex_.lastLine();
            e = finish(index);
        } else if (at(':')) {
            lex_.next();
            int methodLine = lex_.line();
            auto* call = make<MethodCallExpr>(e, checkName());
            call->line = line;
            call->methodLine = methodLine;
            callArguments(call->args, call->argsLine, line);
            e = finish(call);
        } else if (at('(') || at('{') || at(Tok::String)) {
            auto* call = make<CallExpr>(e);
            call->line = line;
            callArguments(call->args, call->argsLine, line);
            e = finish(call);
        } else {
            return e;
        }
    }
}

// funcargs ::= '(' [explist] ')' | tableconstructor | LiteralString
void Parser::callArguments(std::vector<Expr*>& args, int& argsLine, int callLine) {
    argsLine = lex_.line();
    if (at(Tok::String)) {
        auto* s = make<StringExpr>();
        s->value = tok().text;
        s->line = lex_.line();
        lex_.next();
        args.push_back(finish(s));
    } else if (at('{')) {
        args.push_back(tableConstructor());
    } else if (testNext('(')) {
        if (!at(')')) args = expressionList();
        closeMatch(Tok::Char, ')', Tok::Char, '(', callLine);
    } else {
        throw lex_.syntaxError("function arguments expected");
    }
}

// tableconstructor ::= '{' [field {fieldsep field} [fieldsep]] '}'
TableExpr* Parser::tableConstructor() {
    auto* t = make<TableExpr>();
    t->line = lex_.line();
    t->newTableLine = lex_.lastLine();
    checkNext('{');
    do {
        if (at('}')) break;
        tableField(t);
    } while (testNext(',') || testNext(';'));
    closeMatch(Tok::Char, '}', Tok::Char, '{', t->line);
    return finish(t);
}

// field ::= '[' exp ']' '=' exp | Name '=' exp | exp
void Parser::tableField(TableExpr* t) {
    int line = lex_.line();
    if (at(Tok::Name) && lex_.peek().type == Tok::Char && lex_.peek().ch == '=') {
        auto* key = make<StringExpr>();
        key->line = line;
        key->value = checkName();
        finish(key);
        checkNext('=');
        t->fields.push_back({TableExpr::FieldKind::Named, key, expr(), line});
    } else if (testNext('[')) {
        Expr* key = expr();
        checkNext(']');
        checkNext('=');
        t->fields.push_back({TableExpr::FieldKind::Keyed, key, expr(), line});
    } else {
        t->fields.push_back({TableExpr::FieldKind::Positional, nullptr, expr(), line});
    }
}

} // namespace

ParseResult parse(std::string_view source, std::string_view chunkname,
                  const ParseOptions& options) {
    auto chunk = std::make_unique<Chunk>();
    chunk->chunkname = std::string(chunkname);
    try {
        Parser parser(source, options, *chunk);
        parser.parseMainChunk();
    } catch (const FrontEndError& error) {
        return ParseResult{nullptr, error.message};
    }
    return ParseResult{std::move(chunk), {}};
}

} // namespace tricolor
