// resolver.cpp - scope rules of Lua 5.4. See resolver.h for the contract.
#include "core/resolver.h"

#include <cmath>

namespace tricolor {

using namespace ast;

// ---------------------------------------------------------------------------------------
// Constant folding.

namespace {

bool isNumeral(const ConstValue& v) {
    return v.type == ConstValue::Type::Integer || v.type == ConstValue::Type::Float;
}
Number toNumber(const ConstValue& v) {
    return v.type == ConstValue::Type::Integer ? static_cast<Number>(v.i) : v.n;
}
bool isFalsy(const ConstValue& v) {
    return v.type == ConstValue::Type::Nil || (v.type == ConstValue::Type::Boolean && !v.b);
}
std::optional<Integer> exactInteger(const ConstValue& v) {
    if (v.type == ConstValue::Type::Integer) return v.i;
    return floatToInteger(v.n, FloatToIntMode::Exact);
}
bool isBitwise(BinOp op) {
    return op == BinOp::BAnd || op == BinOp::BOr || op == BinOp::BXor || op == BinOp::Shl ||
           op == BinOp::Shr;
}
bool isArithmetic(BinOp op) {
    return op <= BinOp::Pow;
}

// lua5.4 keeps a folded float only if it is neither NaN nor zero (to keep -0.0 apart).
std::optional<ConstValue> floatResult(Number n) {
    if (std::isnan(n) || n == 0) return std::nullopt;
    return ConstValue::number(n);
}

std::optional<ConstValue> foldBitwise(BinOp op, const ConstValue& a, const ConstValue& b) {
    std::optional<Integer> x = exactInteger(a), y = exactInteger(b);
    if (!x || !y) return std::nullopt;
    auto ux = static_cast<uint64_t>(*x), uy = static_cast<uint64_t>(*y);
    switch (op) {
    case BinOp::BAnd: return ConstValue::integer(static_cast<Integer>(ux & uy));
    case BinOp::BOr: return ConstValue::integer(static_cast<Integer>(ux | uy));
    case BinOp::BXor: return ConstValue::integer(static_cast<Integer>(ux ^ uy));
    case BinOp::Shl: return ConstValue::integer(shiftLeft(*x, *y));
    default: return ConstValue::integer(shiftRight(*x, *y));
    }
}

std::optional<ConstValue> foldArithmetic(BinOp op, const ConstValue& a, const ConstValue& b) {
    bool divides = op == BinOp::Div || op == BinOp::IDiv || op == BinOp::Mod;
    if (divides && toNumber(b) == 0) return std::nullopt; // would raise (or give inf/nan)
    bool integers = a.type == ConstValue::Type::Integer && b.type == ConstValue::Type::Integer;
    if (integers && op != BinOp::Div && op != BinOp::Pow) {
        switch (op) {
        case BinOp::Add: return ConstValue::integer(wrapAdd(a.i, b.i));
        case BinOp::Sub: return ConstValue::integer(wrapSub(a.i, b.i));
        case BinOp::Mul: return ConstValue::integer(wrapMul(a.i, b.i));
        case BinOp::IDiv: return ConstValue::integer(floorDiv(a.i, b.i));
        default: return ConstValue::integer(floorMod(a.i, b.i));
        }
    }
    Number x = toNumber(a), y = toNumber(b);
    switch (op) {
    case BinOp::Add: return floatResult(x + y);
    case BinOp::Sub: return floatResult(x - y);
    case BinOp::Mul: return floatResult(x * y);
    case BinOp::Div: return floatResult(x / y);
    case BinOp::IDiv: return floatResult(floatFloorDiv(x, y));
    case BinOp::Mod: return floatResult(floatMod(x, y));
    default: return floatResult(y == 2 ? x * x : std::pow(x, y));
    }
}

std::optional<ConstValue> foldUnary(const UnaryExpr* e) {
    std::optional<ConstValue> v = foldConstant(e->operand);
    if (!v) return std::nullopt;
    switch (e->op) {
    case UnOp::Not: return ConstValue::boolean(isFalsy(*v));
    case UnOp::Neg:
        if (v->type == ConstValue::Type::Integer) return ConstValue::integer(wrapNeg(v->i));
        if (v->type == ConstValue::Type::Float) return floatResult(-v->n);
        return std::nullopt;
    case UnOp::BNot: {
        if (!isNumeral(*v)) return std::nullopt;
        std::optional<Integer> x = exactInteger(*v);
        if (!x) return std::nullopt;
        return ConstValue::integer(static_cast<Integer>(~static_cast<uint64_t>(*x)));
    }
    default: return std::nullopt; // '#' is never folded
    }
}

// One operator applied to an already folded left operand.
std::optional<ConstValue> foldOperator(const BinaryExpr* e, const ConstValue& left) {
    if (e->op == BinOp::And || e->op == BinOp::Or) {
        // The left side must decide statically that the right side is the result.
        if (isFalsy(left) != (e->op == BinOp::Or)) return std::nullopt;
        return foldConstant(e->rhs);
    }
    if (!isArithmetic(e->op) && !isBitwise(e->op)) return std::nullopt;
    if (!isNumeral(left)) return std::nullopt;
    std::optional<ConstValue> right = foldConstant(e->rhs);
    if (!right || !isNumeral(*right)) return std::nullopt;
    return isBitwise(e->op) ? foldBitwise(e->op, left, *right)
                            : foldArithmetic(e->op, left, *right);
}

// Left-associative chains (1 + 1 + ... + 1) can be arbitrarily deep on their left: fold
// them bottom-up with a loop instead of recursing on lhs.
std::optional<ConstValue> foldBinary(const BinaryExpr* e) {
    std::vector<const BinaryExpr*> spine;
    const Expr* leftmost = e;
    while (leftmost->kind == ExprKind::Binary) {
        spine.push_back(leftmost->as<BinaryExpr>());
        leftmost = spine.back()->lhs;
    }
    std::optional<ConstValue> value = foldConstant(leftmost);
    for (size_t k = spine.size(); value && k-- > 0;)
        value = foldOperator(spine[k], *value);
    return value;
}

} // namespace

std::optional<ConstValue> foldConstant(const Expr* e) {
    switch (e->kind) {
    case ExprKind::Nil: return ConstValue::nil();
    case ExprKind::True: return ConstValue::boolean(true);
    case ExprKind::False: return ConstValue::boolean(false);
    case ExprKind::Integer: return ConstValue::integer(e->as<IntegerExpr>()->value);
    case ExprKind::Float: return ConstValue::number(e->as<FloatExpr>()->value);
    case ExprKind::String: return ConstValue::string(e->as<StringExpr>()->value);
    case ExprKind::Paren: return foldConstant(e->as<ParenExpr>()->inner);
    case ExprKind::Unary: return foldUnary(e->as<UnaryExpr>());
    case ExprKind::Binary: return foldBinary(e->as<BinaryExpr>());
    case ExprKind::Name: {
        const NameExpr* name = e->as<NameExpr>();
        if (name->ref.kind != NameKind::Constant) return std::nullopt;
        return name->ref.local->constant;
    }
    default: return std::nullopt;
    }
}

// ---------------------------------------------------------------------------------------
// Functions and scopes.

void Resolver::openFunction(FunctionExpr* fn) {
    functions_.push_back(FunctionState{fn, {}, {}, 0, {}, {}, {}, {}});
    if (fn->isMain) fn->upvalues.push_back(UpvalDesc{"_ENV", UpvalSource::Outside, nullptr, -1});
    openScope(fn->body, nullptr);
}

bool Resolver::currentFunctionIsVararg() const {
    return functions_.back().fn->isVararg;
}

void Resolver::closeFunction() {
    closeScope();
    FunctionState& fs = top();
    if (!fs.pending.empty()) reportUnresolved(fs.jumps[fs.pending.front().jump]);
    finishJumps(fs);
    functions_.pop_back();
}

void Resolver::openScope(Block* block, Stmt* loop) {
    FunctionState& fs = top();
    fs.scopes.push_back(Scope{block, loop, fs.visible.size(), fs.activeSlots, fs.labels.size()});
    if (block) block->baseSlots = fs.activeSlots;
}

void Resolver::openBlock(Block* block) {
    openScope(block, nullptr);
}
void Resolver::openLoop(Stmt* loop) {
    openScope(nullptr, loop);
}

// Leaving a scope: its locals and labels disappear, and its pending gotos now belong to
// the enclosing scope, where they can no longer see the locals of this one.
void Resolver::closeScope() {
    FunctionState& fs = top();
    Scope scope = fs.scopes.back();
    size_t depth = fs.scopes.size() - 1;
    if (scope.block) {
        for (const LocalVar* var : scope.block->locals) {
            if (var->captured || var->attrib == Attrib::Close) scope.block->needsClose = true;
        }
    }
    for (PendingGoto& p : fs.pending) {
        if (p.depth == depth) {
            p.depth = depth - 1; // wraps for the outermost scope: nothing matches it any more
            p.level = std::min(p.level, scope.activeBase);
        }
    }
    fs.visible.resize(scope.activeBase);
    fs.activeSlots = scope.slotBase;
    fs.labels.resize(scope.labelBase);
    fs.scopes.pop_back();
}

std::string Resolver::functionWhere(const FunctionExpr* fn) const {
    if (fn->isMain) return "main function";
    return "function at line " + std::to_string(fn->line);
}

// ---------------------------------------------------------------------------------------
// Locals.

LocalVar* Resolver::declareLocal(std::string name, int line, Attrib attrib) {
    FunctionState& fs = top();
    if (fs.visible.size() + fs.declared.size() + 1 > kMaxLocals) {
        throw errors_.limitError("too many local variables (limit is " +
                                 std::to_string(kMaxLocals) + ") in " + functionWhere(fs.fn));
    }
    LocalVar* var = arena_.make<LocalVar>();
    var->name = std::move(name);
    var->line = line;
    var->attrib = attrib;
    var->function = fs.fn;
    fs.declared.push_back(var);
    return var;
}

LocalVar* Resolver::declareHidden(int line) {
    LocalVar* var = declareLocal("(for state)", line);
    var->hidden = true;
    return var;
}

void Resolver::activateLocals(size_t count) {
    FunctionState& fs = top();
    count = std::min(count, fs.declared.size());
    Block* block = fs.scopes.back().block;
    for (size_t k = 0; k < count; ++k) {
        LocalVar* var = fs.declared[k];
        var->slot = var->isCompileTimeConstant ? -1 : fs.activeSlots++;
        fs.fn->maxSlots = std::max(fs.fn->maxSlots, fs.activeSlots);
        fs.visible.push_back(var);
        fs.fn->locals.push_back(var);
        if (block) block->locals.push_back(var);
    }
    fs.declared.erase(fs.declared.begin(), fs.declared.begin() + static_cast<ptrdiff_t>(count));
}

// lua5.4: in `local a, b <const> = e1, e2`, only the LAST variable can become a
// compile-time constant, and only when there are as many values as names.
void Resolver::activateLocalStatement(LocalStmt* stmt) {
    LocalVar* last = stmt->vars.back();
    if (stmt->vars.size() == stmt->values.size() && last->attrib == Attrib::Const) {
        if (std::optional<ConstValue> value = foldConstant(stmt->values.back())) {
            last->isCompileTimeConstant = true;
            last->constant = std::move(*value);
        }
    }
    activateLocals();
}

// ---------------------------------------------------------------------------------------
// Names.

int Resolver::addUpvalue(FunctionState& fs, UpvalDesc desc) {
    if (fs.fn->upvalues.size() >= kMaxUpvalues) {
        throw errors_.limitError("too many upvalues (limit is " + std::to_string(kMaxUpvalues) +
                                 ") in " + functionWhere(fs.fn));
    }
    fs.fn->upvalues.push_back(std::move(desc));
    return static_cast<int>(fs.fn->upvalues.size()) - 1;
}

// What `name` means inside function number `level` (0 = main chunk): a visible local, an
// existing upvalue, or something of the enclosing function, captured here as a new upvalue
// if it is a variable (globals and compile-time constants need no upvalue).
VarRef Resolver::lookup(size_t level, std::string_view name) {
    FunctionState& fs = functions_[level];
    for (size_t k = fs.visible.size(); k-- > 0;) {
        LocalVar* var = fs.visible[k];
        if (var->name != name || var->hidden) continue;
        NameKind kind = var->isCompileTimeConstant ? NameKind::Constant : NameKind::Local;
        return VarRef{kind, var, -1};
    }
    const std::vector<UpvalDesc>& upvalues = fs.fn->upvalues;
    for (size_t k = 0; k < upvalues.size(); ++k) {
        if (upvalues[k].name == name)
            return VarRef{NameKind::Upvalue, nullptr, static_cast<int>(k)};
    }
    if (level == 0) return VarRef{NameKind::Global, nullptr, -1};
    VarRef outer = lookup(level - 1, name);
    if (outer.kind == NameKind::Local) {
        outer.local->captured = true;
        int index =
            addUpvalue(fs, UpvalDesc{std::string(name), UpvalSource::ParentLocal, outer.local, -1});
        return VarRef{NameKind::Upvalue, nullptr, index};
    }
    if (outer.kind == NameKind::Upvalue) {
        int index = addUpvalue(
            fs, UpvalDesc{std::string(name), UpvalSource::ParentUpvalue, nullptr, outer.upvalue});
        return VarRef{NameKind::Upvalue, nullptr, index};
    }
    return outer;
}

void Resolver::resolveName(NameExpr* name) {
    size_t level = functions_.size() - 1;
    name->ref = lookup(level, name->name);
    if (name->ref.kind == NameKind::Global) name->env = lookup(level, "_ENV");
}

// The local an upvalue finally refers to (nullptr for the main chunk's _ENV).
const LocalVar* Resolver::rootOfUpvalue(const FunctionExpr* fn, int index) const {
    for (;;) {
        const UpvalDesc& desc = fn->upvalues[static_cast<size_t>(index)];
        if (desc.source == UpvalSource::ParentLocal) return desc.local;
        if (desc.source == UpvalSource::Outside) return nullptr;
        index = desc.parentIndex;
        fn = fn->parent;
    }
}

void Resolver::checkAssignable(const Expr* target) {
    if (target->kind != ExprKind::Name) return;
    const NameExpr* name = target->as<NameExpr>();
    const LocalVar* var = nullptr;
    if (name->ref.kind == NameKind::Local || name->ref.kind == NameKind::Constant)
        var = name->ref.local;
    else if (name->ref.kind == NameKind::Upvalue)
        var = rootOfUpvalue(top().fn, name->ref.upvalue);
    if (var && var->attrib != Attrib::None)
        throw errors_.semanticError("attempt to assign to const variable '" + var->name + "'");
}

// ---------------------------------------------------------------------------------------
// Labels, gotos and breaks.

void Resolver::recordJump(Stmt* stmt) {
    FunctionState& fs = top();
    fs.jumps.push_back(Jump{stmt, fs.visible, 0});
}

void Resolver::resolveJump(size_t jumpIndex, LabelStmt* label, size_t level) {
    Jump& jump = top().jumps[jumpIndex];
    jump.targetLevel = level;
    GotoStmt* g = jump.stmt->as<GotoStmt>();
    g->target = label;
    g->targetSlots = label->activeSlots;
}

void Resolver::declareLabel(LabelStmt* label, bool atBlockEnd) {
    FunctionState& fs = top();
    for (const VisibleLabel& other : fs.labels) {
        if (other.label->name == label->name) {
            throw errors_.semanticError("label '" + label->name + "' already defined on line " +
                                        std::to_string(other.label->line));
        }
    }
    const Scope& scope = fs.scopes.back();
    // A label followed only by void statements up to the end of its block is outside the
    // scope of the block's locals.
    size_t level = atBlockEnd ? scope.activeBase : fs.visible.size();
    label->activeSlots = atBlockEnd ? scope.slotBase : fs.activeSlots;
    fs.labels.push_back(VisibleLabel{label, level});
    // Pending forward gotos of this scope that name this label jump here now.
    size_t depth = fs.scopes.size() - 1;
    for (size_t k = 0; k < fs.pending.size();) {
        PendingGoto& p = fs.pending[k];
        Stmt* stmt = fs.jumps[p.jump].stmt;
        if (p.depth != depth || stmt->kind != StmtKind::Goto ||
            stmt->as<GotoStmt>()->label != label->name) {
            ++k;
            continue;
        }
        if (p.level < level) {
            throw errors_.semanticError(
                "<goto " + label->name + "> at line " + std::to_string(stmt->line) +
                " jumps into the scope of local '" + fs.visible[p.level]->name + "'");
        }
        resolveJump(p.jump, label, level);
        fs.pending.erase(fs.pending.begin() + static_cast<ptrdiff_t>(k));
    }
}

void Resolver::addGoto(GotoStmt* jump) {
    FunctionState& fs = top();
    jump->activeSlots = fs.activeSlots;
    recordJump(jump);
    size_t index = fs.jumps.size() - 1;
    for (const VisibleLabel& visible : fs.labels) {
        if (visible.label->name == jump->label) { // backward jump
            resolveJump(index, visible.label, visible.level);
            return;
        }
    }
    fs.pending.push_back(PendingGoto{index, fs.visible.size(), fs.scopes.size() - 1});
}

void Resolver::addBreak(BreakStmt* jump) {
    FunctionState& fs = top();
    recordJump(jump);
    size_t index = fs.jumps.size() - 1;
    for (size_t k = fs.scopes.size(); k-- > 0;) {
        const Scope& scope = fs.scopes[k];
        if (!scope.loop) continue;
        jump->loop = scope.loop;
        jump->targetSlots = scope.slotBase;
        fs.jumps[index].targetLevel = scope.activeBase;
        return;
    }
    // No enclosing loop: lua5.4 reports it only when the function ends, like a goto.
    fs.pending.push_back(PendingGoto{index, fs.visible.size(), fs.scopes.size() - 1});
}

void Resolver::reportUnresolved(const Jump& jump) {
    std::string line = std::to_string(jump.stmt->line);
    if (jump.stmt->kind == StmtKind::Break)
        throw errors_.semanticError("break outside loop at line " + line);
    throw errors_.semanticError("no visible label '" + jump.stmt->as<GotoStmt>()->label +
                                "' for <goto> at line " + line);
}

// Now that every capture in the function is known: does each jump leave a local that is
// captured or to-be-closed?
void Resolver::finishJumps(FunctionState& fs) {
    for (const Jump& jump : fs.jumps) {
        bool needsClose = false;
        for (size_t k = jump.targetLevel; k < jump.visible.size(); ++k) {
            const LocalVar* var = jump.visible[k];
            if (var->captured || var->attrib == Attrib::Close) needsClose = true;
        }
        if (jump.stmt->kind == StmtKind::Goto)
            jump.stmt->as<GotoStmt>()->needsClose = needsClose;
        else
            jump.stmt->as<BreakStmt>()->needsClose = needsClose;
    }
}

} // namespace tricolor
