// ast.h - the abstract syntax tree of a Lua 5.4 chunk, with its name-resolution annotations.
//
// Owns: the node types produced by the parser (parser.h) and annotated by the resolver
// (resolver.h), the arena that owns every node of one chunk, and a text dumper for tests.
// The code generator walks this tree; it never needs to look at the source again.
//
// Shape:
//  - A Chunk owns an Arena; every node (Expr, Stmt, Block, LocalVar) is allocated in it and
//    referenced by plain pointers. Pointers stay valid as long as the Chunk lives.
//  - Expressions and statements are small structs derived from Expr / Stmt with a `kind`
//    tag; `node->as<CallExpr>()` downcasts after checking the tag (assert in debug builds).
//  - The whole chunk is a FunctionExpr (`Chunk::main`) that is vararg and has exactly one
//    upvalue, `_ENV`, whose source is UpvalSource::Outside (load() fills it in).
//
// Lines: every node has `line`, chosen to be the line lua5.4 attributes to the instruction
// that node produces (see each struct); `endLine` on expressions is the line of the
// expression's last token (what PUC calls "lastline" right after parsing it).
//
// Invariants after a successful parse (the resolver guarantees them):
//  - Every NameExpr has ref.kind != Unresolved; globals carry how `_ENV` resolves in `env`.
//  - Every LocalVar is listed once in its function's `locals` (declaration order) and,
//    except the hidden for-loop state (listed in its for statement), once in the `locals`
//    of the block that declares it. Parameters (and `self`) belong to the function's body.
//  - LocalVar::slot is the register lua5.4 gives that variable: the number of active,
//    non-compile-time-constant locals of its function when it was declared. Compile-time
//    constants have slot == -1 and never become upvalues (references see the value).
//  - Every GotoStmt / BreakStmt has a non-null target; no goto jumps into a local's scope.
//  - `captured` flags are final (set before the owning function's resolution ends), and so
//    are Block::needsClose, GotoStmt::needsClose and BreakStmt::needsClose.
#pragma once

#include "core/number.h"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

namespace tricolor::ast {

struct Block;
struct FunctionExpr;
struct LabelStmt;
struct Stmt;

// ---------------------------------------------------------------------------------------
// Arena: owns every node of one chunk. Nodes are bump-allocated in large blocks and
// destroyed together with the arena (in reverse order of creation), never individually.

// Base of every arena-allocated node type (a marker; it adds no data).
struct ArenaObject {};

class Arena {
  public:
    Arena() = default;
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    ~Arena();

    template <class T, class... Args>
    T* make(Args&&... args) {
        T* object = new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
        if constexpr (!std::is_trivially_destructible_v<T>)
            destructors_.push_back({object, [](void* p) { static_cast<T*>(p)->~T(); }});
        ++count_;
        return object;
    }
    // Number of objects made so far.
    size_t size() const { return count_; }

  private:
    struct Destructor {
        void* object;
        void (*destroy)(void*);
    };
    static constexpr size_t kBlockSize = 64 * 1024;
    void* allocate(size_t size, size_t align);

    std::vector<std::unique_ptr<std::byte[]>> blocks_;
    size_t used_ = kBlockSize; // bytes used in blocks_.back()
    std::vector<Destructor> destructors_;
    size_t count_ = 0;
};

// ---------------------------------------------------------------------------------------
// Compile-time values: literals, and locals declared <const> with a constant initialiser.

struct ConstValue {
    enum class Type : uint8_t { Nil, Boolean, Integer, Float, String };
    Type type = Type::Nil;
    bool b = false;
    Integer i = 0;
    Number n = 0;
    std::string s;

    static ConstValue nil() { return {}; }
    static ConstValue boolean(bool v) {
        ConstValue c;
        c.type = Type::Boolean;
        c.b = v;
        return c;
    }
    static ConstValue integer(Integer v) {
        ConstValue c;
        c.type = Type::Integer;
        c.i = v;
        return c;
    }
    static ConstValue number(Number v) {
        ConstValue c;
        c.type = Type::Float;
        c.n = v;
        return c;
    }
    static ConstValue string(std::string v) {
        ConstValue c;
        c.type = Type::String;
        c.s = std::move(v);
        return c;
    }
};

// ---------------------------------------------------------------------------------------
// Resolution records.

// The attribute written after a local's name: `local x <const>`, `local f <close>`.
enum class Attrib : uint8_t { None, Const, Close };

// One declared local variable (parameters, `local` names, for-loop variables, the hidden
// for-loop state, and `self` of methods).
struct LocalVar : ArenaObject {
    std::string name; // hidden for-loop state is named "(for state)" as in lua5.4
    Attrib attrib = Attrib::None;
    int line = 0;                     // line of the declaring name
    FunctionExpr* function = nullptr; // the function whose register holds it
    int slot = -1;                    // register index; -1 for compile-time constants
    bool captured = false;            // some inner function captures it as an upvalue
    bool hidden = false;              // for-loop internal state, not visible to names
    bool isParam = false;
    // Set for a <const> local whose initialiser is a compile-time constant (lua5.4 rule:
    // only the LAST name of a `local` list, only when #names == #values). Such a local has
    // no register (slot == -1); every reference resolves to NameKind::Constant.
    bool isCompileTimeConstant = false;
    ConstValue constant; // the value, when isCompileTimeConstant
};

// Where a function's upvalue comes from, seen from the enclosing function.
enum class UpvalSource : uint8_t {
    ParentLocal,   // a local (register) of the immediately enclosing function: `local`
    ParentUpvalue, // an upvalue of the enclosing function: `parentIndex`
    Outside,       // the main chunk's _ENV, supplied by load()
};

struct UpvalDesc {
    std::string name;
    UpvalSource source = UpvalSource::ParentLocal;
    LocalVar* local = nullptr; // ParentLocal: the captured declaration (local->captured == true)
    int parentIndex = -1;      // ParentUpvalue: index into the enclosing function's upvalues
};

// How a name expression is bound.
enum class NameKind : uint8_t {
    Unresolved, // only before resolution
    Local,      // local->slot of the current function
    Upvalue,    // upvalue index of the current function
    Constant,   // a compile-time-constant local: use local->constant
    Global,     // _ENV[name]; `env` says where _ENV is (Local, Upvalue or Constant)
};

struct VarRef {
    NameKind kind = NameKind::Unresolved;
    LocalVar* local = nullptr; // Local, Constant
    int upvalue = -1;          // Upvalue
};

// ---------------------------------------------------------------------------------------
// Expressions.

enum class ExprKind : uint8_t {
    Nil,
    True,
    False,
    Vararg, // plain Expr, no payload
    Integer,
    Float,
    String,
    Function,
    Table,
    Binary,
    Unary,
    Paren,
    Name,
    Index,
    Call,
    MethodCall,
};

enum class BinOp : uint8_t {
    Add,
    Sub,
    Mul,
    Div,
    IDiv,
    Mod,
    Pow, // arithmetic
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge, // comparison
    And,
    Or, // short-circuit
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr, // bitwise
};

enum class UnOp : uint8_t { Neg, Not, Len, BNot };

// Source spelling of an operator ("+", "..", "~=", "not", "~" ...).
const char* binOpName(BinOp op);
const char* unOpName(UnOp op);

struct Expr : ArenaObject {
    ExprKind kind;
    int line = 0;    // see each subtype; for literals and names: line of the token
    int endLine = 0; // line of the last token of the expression

    explicit Expr(ExprKind k) : kind(k) {}
    // Calls and `...` can produce several values (and are adjusted in lists).
    bool isMultiValue() const {
        return kind == ExprKind::Call || kind == ExprKind::MethodCall || kind == ExprKind::Vararg;
    }
    template <class T>
    T* as() {
        assert(kind == T::kKind);
        return static_cast<T*>(this);
    }
    template <class T>
    const T* as() const {
        assert(kind == T::kKind);
        return static_cast<const T*>(this);
    }
};

struct IntegerExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Integer;
    Integer value = 0;
    IntegerExpr() : Expr(kKind) {}
};

struct FloatExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Float;
    Number value = 0;
    FloatExpr() : Expr(kKind) {}
};

struct StringExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::String;
    std::string value; // escapes already decoded; may contain '\0'
    StringExpr() : Expr(kKind) {}
};

// `function (params) body end`, also every function statement and the main chunk.
// line = lua5.4's linedefined: the line of `function` for `function name() ... end`
// statements, the line of '(' for `local function` and anonymous functions, 0 for main.
// endLine = lastlinedefined: the line of the closing `end` (0 for main).
struct FunctionExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Function;
    std::vector<LocalVar*> params; // includes `self` first for methods
    bool isVararg = false;
    bool isMethod = false; // declared with `a:m()`, has an implicit `self`
    bool isMain = false;
    Block* body = nullptr;
    FunctionExpr* parent = nullptr; // enclosing function (nullptr for main)
    // Resolution:
    std::vector<UpvalDesc> upvalues; // in lua5.4's order (first reference in source order)
    std::vector<LocalVar*> locals;   // every local of this function, declaration order
    int maxSlots = 0;                // most register locals alive at once (<= 200)
    FunctionExpr() : Expr(kKind) {}
};

// `{ ... }`. line = line of '{'; endLine = line of '}'.
struct TableExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Table;
    enum class FieldKind : uint8_t {
        Positional, // `{ v }`: key is null
        Named,      // `{ name = v }`: key is a StringExpr
        Keyed,      // `{ [k] = v }`
    };
    struct Field {
        FieldKind kind;
        Expr* key;
        Expr* value;
        int line; // line of the field's first token
    };
    std::vector<Field> fields;
    int newTableLine = 0; // line of the token before '{': lua5.4 emits NEWTABLE before reading '{'
    TableExpr() : Expr(kKind) {}
};

// `lhs op rhs`. line = line of the operator token: lua5.4 puts arithmetic, bitwise and
// concat instructions there (for a chain a..b..c, the one CONCAT gets the LAST operator's
// line). Comparisons instead get rhs->endLine (the line of the last token read when lua5.4
// emits them). A pending GETFIELD/GETTABLE of the lhs is emitted on the operator line.
struct BinaryExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Binary;
    BinOp op;
    Expr* lhs;
    Expr* rhs;
    BinaryExpr(BinOp o, Expr* l, Expr* r) : Expr(kKind), op(o), lhs(l), rhs(r) {}
};

// `op operand`. line = line of the operator token.
struct UnaryExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Unary;
    UnOp op;
    Expr* operand;
    UnaryExpr(UnOp o, Expr* e) : Expr(kKind), op(o), operand(e) {}
};

// `( inner )`: kept because it truncates calls and `...` to one value. line = line of '('.
struct ParenExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Paren;
    Expr* inner;
    explicit ParenExpr(Expr* e) : Expr(kKind), inner(e) {}
};

// A variable name. line = line of the name token.
struct NameExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Name;
    std::string name;
    VarRef ref; // Local / Upvalue / Constant / Global
    VarRef env; // when ref.kind == Global: how `_ENV` resolves at this point
    NameExpr() : Expr(kKind) {}
};

// `object[key]` or `object.name` (key is then a StringExpr and isDotSyntax is true).
// line = line of the key's last token (the name, or ']'): lua5.4 emits the GETFIELD /
// GETTABLE when the indexed expression is next used, which is normally right after it.
struct IndexExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Index;
    Expr* object;
    Expr* key;
    bool isDotSyntax = false;
    IndexExpr(Expr* o, Expr* k) : Expr(kKind), object(o), key(k) {}
};

// `callee(args)`, `callee "str"`, `callee {table}`.
// line = the line lua5.4 gives the CALL instruction: the line of the FIRST token of the
// whole suffixed expression (so `f\n(\n)` and `a.b\n.c()` report the line of `f` / `a`).
// argsLine = the line of '(' (or of the string / '{').
struct CallExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::Call;
    Expr* callee;
    std::vector<Expr*> args;
    int argsLine = 0;
    explicit CallExpr(Expr* c) : Expr(kKind), callee(c) {}
};

// `object:method(args)`. line as for CallExpr; methodLine = line of the method name (where
// lua5.4 emits the SELF instruction).
struct MethodCallExpr : Expr {
    static constexpr ExprKind kKind = ExprKind::MethodCall;
    Expr* object;
    std::string method;
    std::vector<Expr*> args;
    int methodLine = 0;
    int argsLine = 0;
    MethodCallExpr(Expr* o, std::string m) : Expr(kKind), object(o), method(std::move(m)) {}
};

// ---------------------------------------------------------------------------------------
// Statements. `line` is the line of the statement's first token unless said otherwise.

enum class StmtKind : uint8_t {
    Local,
    LocalFunction,
    Function,
    Assign,
    Call,
    Do,
    While,
    Repeat,
    If,
    NumericFor,
    GenericFor,
    Return,
    Break,
    Goto,
    Label,
};

struct Stmt : ArenaObject {
    StmtKind kind;
    int line = 0;
    explicit Stmt(StmtKind k) : kind(k) {}
    template <class T>
    T* as() {
        assert(kind == T::kKind);
        return static_cast<T*>(this);
    }
    template <class T>
    const T* as() const {
        assert(kind == T::kKind);
        return static_cast<const T*>(this);
    }
};

// A sequence of statements with its own scope.
struct Block : ArenaObject {
    std::vector<Stmt*> stmts;
    std::vector<LocalVar*> locals; // declared directly in this block, in order
    int line = 0;                  // line of the first token of the block
    int endLine = 0;               // line of the token that ends it (end/else/until/<eof>)
    int baseSlots = 0;             // register locals of the function active on entry
    // Some local of this block is captured or <close>: leaving the block (normally, by
    // break/goto, or at the end of each loop iteration) must close upvalues from baseSlots.
    bool needsClose = false;
};

// `local a <attr>, b = e1, e2`.
struct LocalStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Local;
    std::vector<LocalVar*> vars;
    std::vector<Expr*> values; // may be empty
    LocalStmt() : Stmt(kKind) {}
};

// `local function name body`: var is in scope inside func (recursion).
struct LocalFunctionStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::LocalFunction;
    LocalVar* var = nullptr;
    FunctionExpr* func = nullptr;
    LocalFunctionStmt() : Stmt(kKind) {}
};

// `function a.b.c:m body`: target is the NameExpr `a` wrapped in IndexExprs for .b .c and
// :m (func->isMethod tells the ':' form). line = line of `function`; lua5.4 attributes the
// final store (SETTABUP / SETFIELD) to this line too.
struct FunctionStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Function;
    Expr* target = nullptr;
    FunctionExpr* func = nullptr;
    FunctionStmt() : Stmt(kKind) {}
};

// `t1, t2 = v1, v2`: targets are NameExpr or IndexExpr. line = line of the first target.
struct AssignStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Assign;
    std::vector<Expr*> targets;
    std::vector<Expr*> values;
    AssignStmt() : Stmt(kKind) {}
};

// A call used as a statement (result discarded). call is a CallExpr or MethodCallExpr.
struct CallStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Call;
    Expr* call = nullptr;
    CallStmt() : Stmt(kKind) {}
};

struct DoStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Do;
    Block* body = nullptr;
    DoStmt() : Stmt(kKind) {}
};

struct WhileStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::While;
    Expr* cond = nullptr;
    Block* body = nullptr;
    WhileStmt() : Stmt(kKind) {}
};

// `repeat body until cond`: cond is resolved inside body's scope (sees its locals).
// untilLine = line of `until`.
struct RepeatStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Repeat;
    Block* body = nullptr;
    Expr* cond = nullptr;
    int untilLine = 0;
    RepeatStmt() : Stmt(kKind) {}
};

// `if c1 then b1 elseif c2 then b2 else b3 end`.
struct IfStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::If;
    struct Clause {
        Expr* cond;
        Block* body;
        int line;         // line of `if` / `elseif`
        int thenLine = 0; // line of `then`: lua5.4 emits the final test of cond there
    };
    std::vector<Clause> clauses; // at least one
    Block* elseBody = nullptr;   // null when there is no `else`
    IfStmt() : Stmt(kKind) {}
};

// `for var = start, limit, step do body end`. hidden holds lua5.4's three internal locals
// (named "(for state)"), declared before var and live for the whole loop; var is declared
// inside the scope of body (it is body->locals[0]).
struct NumericForStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::NumericFor;
    std::vector<LocalVar*> hidden; // 3
    LocalVar* var = nullptr;
    Expr* start = nullptr;
    Expr* limit = nullptr;
    Expr* step = nullptr; // null when omitted
    Block* body = nullptr;
    int doLine = 0; // line of `do`: lua5.4 reports loop-preparation errors there
    NumericForStmt() : Stmt(kKind) {}
};

// `for v1, v2 in e1, e2 do body end`. hidden holds lua5.4's four internal locals (iterator,
// state, control, closing value); the closing value has attrib Close, so a break out of
// the loop always has needsClose. vars are body->locals[0..].
struct GenericForStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::GenericFor;
    std::vector<LocalVar*> hidden; // 4
    std::vector<LocalVar*> vars;
    std::vector<Expr*> exprs;
    Block* body = nullptr;
    int exprLine = 0; // line of the first token after `in`: lua5.4 gives the iterator call
                      // (and the loop jump) this line
    int doLine = 0;   // line of `do`
    GenericForStmt() : Stmt(kKind) {}
};

// `return e1, e2`. Always the last statement of its block.
struct ReturnStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Return;
    std::vector<Expr*> values;
    ReturnStmt() : Stmt(kKind) {}
};

// `break`: exits `loop` (a While/Repeat/NumericFor/GenericFor statement).
struct BreakStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Break;
    Stmt* loop = nullptr;
    int targetSlots = 0;     // register locals active after the loop (close from here)
    bool needsClose = false; // some exited local is captured or <close>
    BreakStmt() : Stmt(kKind) {}
};

// `goto label`.
struct GotoStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Goto;
    std::string label;
    LabelStmt* target = nullptr;
    int activeSlots = 0;     // register locals active at the goto
    int targetSlots = 0;     // register locals active at the label (close from here)
    bool needsClose = false; // some exited local (slot >= targetSlots) is captured or <close>
    GotoStmt() : Stmt(kKind) {}
};

// `::name::`. activeSlots = register locals active at the label; for a label that is
// followed only by labels and `;` up to the end of its block (not a repeat-until body),
// lua5.4 considers the block's locals already out of scope: activeSlots is then
// block->baseSlots.
struct LabelStmt : Stmt {
    static constexpr StmtKind kKind = StmtKind::Label;
    std::string name;
    int activeSlots = 0;
    LabelStmt() : Stmt(kKind) {}
};

// ---------------------------------------------------------------------------------------

// A parsed and resolved chunk.
struct Chunk {
    Arena arena;
    FunctionExpr* main = nullptr;
    std::string chunkname; // as passed to the parser ("=stdin", "@f.lua", source text...)
};

// Readable S-expression dumps, for tests and debugging, e.g.
// (binop + (int 1) (binop * (int 2) (int 3))). withResolution adds name bindings
// ("x:local@0", "y:upval#1", "z:global", "k:const") and function upvalue lists.
std::string dumpExpr(const Expr* e, bool withResolution = false);
std::string dumpBlock(const Block* b, bool withResolution = false);
std::string dumpChunk(const Chunk& c, bool withResolution = false);

} // namespace tricolor::ast
