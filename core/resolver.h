// resolver.h - binds names to locals, upvalues and globals, and gotos to labels.
//
// Owns: the scope rules of Lua 5.4 (which declaration a name means, when a local becomes
// visible, which locals an inner function captures, where a goto or break lands and what
// it must close) and the annotations they leave in the AST (see ast.h: LocalVar, UpvalDesc,
// VarRef, Block::needsClose, GotoStmt/BreakStmt targets). Also constant folding as lua5.4
// does it, which decides which <const> locals are compile-time constants.
//
// How it is driven: the parser calls these hooks while it builds the tree, in source order
// (open a function, declare a local, resolve a name, ...). Resolving during the parse keeps
// lua5.4's observable order for free: upvalues are numbered by first reference, and every
// scope error is reported at the position lua5.4 reports it (an undefined goto at the end
// of its function, a duplicate label once the labels following it are read...).
//
// Invariants kept:
//  - The innermost function's visible locals are exactly the declared-and-activated locals
//    of its open scopes, in order; a declared local becomes visible only on activation (so
//    `local x = x` reads the outer x).
//  - Errors are thrown as FrontEndError (formatted by the ResolveErrorSink); after an
//    error the resolver is not used again.
#pragma once

#include "core/ast.h"
#include "core/lexer.h"

#include <optional>
#include <string>
#include <vector>

namespace tricolor {

// Formats resolver errors with the parser's current position; the resolver throws them.
class ResolveErrorSink {
  public:
    // "chunk:line: msg" (lua5.4's semantic errors name no token).
    virtual FrontEndError semanticError(const std::string& msg) = 0;
    // "chunk:line: msg near 'token'" (limit errors).
    virtual FrontEndError limitError(const std::string& msg) = 0;

  protected:
    ~ResolveErrorSink() = default;
};

// lua5.4's compile-time evaluation of an expression: literals, compile-time-constant
// locals, parentheses, `not`, and arithmetic / bitwise operators on numbers when the
// operation cannot fail (no division by zero, bitwise operands with exact integer values)
// and does not produce NaN or a float zero; `a and b` / `a or b` whose left side decides.
// Comparisons, concatenation and '#' are never folded. nullopt: not a constant.
std::optional<ast::ConstValue> foldConstant(const ast::Expr* e);

class Resolver {
  public:
    static constexpr int kMaxLocals = 200;   // per function (lua5.4's MAXVARS)
    static constexpr int kMaxUpvalues = 255; // per function (lua5.4's MAXUPVAL)

    Resolver(ast::Arena& arena, ResolveErrorSink& errors) : arena_(arena), errors_(errors) {}

    // Functions. openFunction also opens the scope of fn->body (parameters live there).
    // The main chunk (fn->isMain) gets its `_ENV` upvalue here.
    void openFunction(ast::FunctionExpr* fn);
    // Closes the body scope; reports the first goto/break left without a target.
    void closeFunction();
    bool currentFunctionIsVararg() const;

    // Scopes. A loop scope (no Block of its own) is what `break` exits; `for` declares
    // its hidden state there. closeScope closes the innermost scope of either kind.
    void openBlock(ast::Block* block);
    void openLoop(ast::Stmt* loop);
    void closeScope();

    // Locals: declare (not yet visible), then activate (visible from now on).
    ast::LocalVar* declareLocal(std::string name, int line, ast::Attrib attrib = ast::Attrib::None);
    ast::LocalVar* declareHidden(int line);
    // Activates the first `count` declared locals (all of them by default).
    void activateLocals(size_t count = SIZE_MAX);
    // For `local ...` statements: applies lua5.4's compile-time-constant rule, then
    // activates all its variables.
    void activateLocalStatement(ast::LocalStmt* stmt);

    // Names.
    void resolveName(ast::NameExpr* name);
    // Reports "attempt to assign to const variable 'x'" if target is a <const>/<close>
    // local (directly or through upvalues).
    void checkAssignable(const ast::Expr* target);

    // Control flow. atBlockEnd: only labels and ';' follow the label up to the end of its
    // block (and the block is not a repeat-until body).
    void declareLabel(ast::LabelStmt* label, bool atBlockEnd);
    void addGoto(ast::GotoStmt* jump);
    void addBreak(ast::BreakStmt* jump);

  private:
    struct Scope {
        ast::Block* block = nullptr; // null for a loop scope
        ast::Stmt* loop = nullptr;   // non-null for a loop scope
        size_t activeBase = 0;       // visible locals on entry
        int slotBase = 0;            // register locals on entry
        size_t labelBase = 0;        // visible labels on entry
    };
    struct VisibleLabel {
        ast::LabelStmt* label;
        size_t level; // visible locals at the label
    };
    // A goto or break, kept until its `needsClose` can be decided (function end).
    struct Jump {
        ast::Stmt* stmt;                     // GotoStmt or BreakStmt
        std::vector<ast::LocalVar*> visible; // locals visible at the jump
        size_t targetLevel = 0;              // locals visible at the target
    };
    // A forward goto (or a break outside loops) waiting for its label.
    struct PendingGoto {
        size_t jump;  // index into FunctionState::jumps
        size_t level; // visible locals (lowered when it leaves a block)
        size_t depth; // index of the scope it belongs to
    };
    struct FunctionState {
        ast::FunctionExpr* fn;
        std::vector<ast::LocalVar*> visible;
        std::vector<ast::LocalVar*> declared; // declared, not yet activated
        int activeSlots = 0;
        std::vector<Scope> scopes;
        std::vector<VisibleLabel> labels;
        std::vector<Jump> jumps;
        std::vector<PendingGoto> pending;
    };

    FunctionState& top() { return functions_.back(); }
    void openScope(ast::Block* block, ast::Stmt* loop);
    ast::VarRef lookup(size_t level, std::string_view name);
    int addUpvalue(FunctionState& fs, ast::UpvalDesc desc);
    std::string functionWhere(const ast::FunctionExpr* fn) const;
    const ast::LocalVar* rootOfUpvalue(const ast::FunctionExpr* fn, int index) const;
    void recordJump(ast::Stmt* stmt);
    void resolveJump(size_t jumpIndex, ast::LabelStmt* label, size_t level);
    [[noreturn]] void reportUnresolved(const Jump& jump);
    void finishJumps(FunctionState& fs);

    ast::Arena& arena_;
    ResolveErrorSink& errors_;
    std::vector<FunctionState> functions_;
};

} // namespace tricolor
