// ast.cpp - operator names and the S-expression dumper. See ast.h.
#include "core/ast.h"

#include "core/number.h"

#include <algorithm>
#include <cstdio>

namespace tricolor::ast {

Arena::~Arena() {
    for (size_t k = destructors_.size(); k-- > 0;)
        destructors_[k].destroy(destructors_[k].object);
}

// Bump allocation; objects larger than a block get a block of their own.
void* Arena::allocate(size_t size, size_t align) {
    size_t offset = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || offset + size > kBlockSize) {
        size_t blockSize = std::max(size, kBlockSize);
        blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[blockSize])); // uninitialised
        offset = 0;
        if (blockSize > kBlockSize) { // oversized: keep filling the previous block size
            used_ = kBlockSize;
            return blocks_.back().get();
        }
    }
    used_ = offset + size;
    return blocks_.back().get() + offset;
}

const char* binOpName(BinOp op) {
    static constexpr const char* kNames[] = {
        "+",  "-", "*",  "/",   "//", "%", "^", "..", "==", "~=", "<",
        "<=", ">", ">=", "and", "or", "&", "|", "~",  "<<", ">>"};
    return kNames[static_cast<int>(op)];
}

const char* unOpName(UnOp op) {
    static constexpr const char* kNames[] = {"-", "not", "#", "~"};
    return kNames[static_cast<int>(op)];
}

namespace {

// Writes one tree as nested parenthesised lists on a single line.
class Dumper {
  public:
    explicit Dumper(bool withResolution) : resolution_(withResolution) {}
    std::string take() { return std::move(out_); }

    void expr(const Expr* e);
    void block(const Block* b);
    void function(const FunctionExpr* f);

  private:
    void open(const char* head) {
        out_ += '(';
        out_ += head;
    }
    void close() { out_ += ')'; }
    void space() { out_ += ' '; }
    void exprs(const std::vector<Expr*>& list) {
        for (const Expr* e : list) {
            space();
            expr(e);
        }
    }
    void stmt(const Stmt* s);
    void quotedString(const std::string& s);
    void localDecl(const LocalVar* var);
    void varRef(const VarRef& ref);
    void name(const NameExpr* n);
    void upvalues(const FunctionExpr* f);

    bool resolution_;
    std::string out_;
};

void Dumper::quotedString(const std::string& s) {
    out_ += '"';
    for (char c : s) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out_ += '\\';
            out_ += c;
        } else if (byte < 32 || byte >= 127) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\%u", byte);
            out_ += buffer;
        } else {
            out_ += c;
        }
    }
    out_ += '"';
}

void Dumper::localDecl(const LocalVar* var) {
    out_ += var->name;
    if (var->attrib == Attrib::Const) out_ += "<const>";
    if (var->attrib == Attrib::Close) out_ += "<close>";
    if (!resolution_) return;
    if (var->isCompileTimeConstant) {
        out_ += "=k";
        return;
    }
    out_ += '@' + std::to_string(var->slot);
    if (var->captured) out_ += '^';
}

void Dumper::varRef(const VarRef& ref) {
    switch (ref.kind) {
    case NameKind::Unresolved: out_ += "?"; break;
    case NameKind::Local: out_ += "local@" + std::to_string(ref.local->slot); break;
    case NameKind::Upvalue: out_ += "upval#" + std::to_string(ref.upvalue); break;
    case NameKind::Constant: out_ += "const"; break;
    case NameKind::Global: out_ += "global"; break;
    }
}

void Dumper::name(const NameExpr* n) {
    out_ += n->name;
    if (!resolution_) return;
    out_ += ':';
    varRef(n->ref);
    // The usual _ENV (upvalue 0 of main, or an upvalue elsewhere) is left implicit.
    if (n->ref.kind == NameKind::Global && n->env.kind != NameKind::Upvalue) {
        out_ += "[_ENV:";
        varRef(n->env);
        out_ += ']';
    }
}

void Dumper::upvalues(const FunctionExpr* f) {
    open("upvals");
    for (const UpvalDesc& u : f->upvalues) {
        space();
        out_ += u.name + ':';
        switch (u.source) {
        case UpvalSource::ParentLocal: out_ += "local@" + std::to_string(u.local->slot); break;
        case UpvalSource::ParentUpvalue: out_ += "upval#" + std::to_string(u.parentIndex); break;
        case UpvalSource::Outside: out_ += "outside"; break;
        }
    }
    close();
}

void Dumper::function(const FunctionExpr* f) {
    open("fn (");
    for (size_t k = 0; k < f->params.size(); ++k) {
        if (k) space();
        localDecl(f->params[k]);
    }
    if (f->isVararg && !f->isMain) out_ += f->params.empty() ? "..." : " ...";
    out_ += ')';
    if (resolution_) {
        space();
        upvalues(f);
    }
    space();
    block(f->body);
    close();
}

void Dumper::expr(const Expr* e) {
    switch (e->kind) {
    case ExprKind::Nil: out_ += "nil"; return;
    case ExprKind::True: out_ += "true"; return;
    case ExprKind::False: out_ += "false"; return;
    case ExprKind::Vararg: out_ += "..."; return;
    case ExprKind::Integer: out_ += formatInteger(e->as<IntegerExpr>()->value); return;
    case ExprKind::Float: out_ += formatNumber(e->as<FloatExpr>()->value); return;
    case ExprKind::String: quotedString(e->as<StringExpr>()->value); return;
    case ExprKind::Function: function(e->as<FunctionExpr>()); return;
    case ExprKind::Name: name(e->as<NameExpr>()); return;
    case ExprKind::Table: {
        open("table");
        for (const TableExpr::Field& f : e->as<TableExpr>()->fields) {
            space();
            if (f.kind == TableExpr::FieldKind::Positional) {
                expr(f.value);
                continue;
            }
            open(f.kind == TableExpr::FieldKind::Named ? "named " : "keyed ");
            expr(f.key);
            space();
            expr(f.value);
            close();
        }
        close();
        return;
    }
    case ExprKind::Binary: {
        const BinaryExpr* b = e->as<BinaryExpr>();
        open(binOpName(b->op));
        space();
        expr(b->lhs);
        space();
        expr(b->rhs);
        close();
        return;
    }
    case ExprKind::Unary: {
        const UnaryExpr* u = e->as<UnaryExpr>();
        open(u->op == UnOp::Neg ? "neg" : unOpName(u->op));
        space();
        expr(u->operand);
        close();
        return;
    }
    case ExprKind::Paren:
        open("paren ");
        expr(e->as<ParenExpr>()->inner);
        close();
        return;
    case ExprKind::Index: {
        const IndexExpr* i = e->as<IndexExpr>();
        open("index ");
        expr(i->object);
        space();
        expr(i->key);
        close();
        return;
    }
    case ExprKind::Call: {
        const CallExpr* c = e->as<CallExpr>();
        open("call ");
        expr(c->callee);
        exprs(c->args);
        close();
        return;
    }
    case ExprKind::MethodCall: {
        const MethodCallExpr* m = e->as<MethodCallExpr>();
        open("method ");
        expr(m->object);
        space();
        out_ += m->method;
        exprs(m->args);
        close();
        return;
    }
    }
}

void Dumper::block(const Block* b) {
    open("block");
    if (resolution_ && b->needsClose) out_ += "!close";
    for (const Stmt* s : b->stmts) {
        space();
        stmt(s);
    }
    close();
}

void Dumper::stmt(const Stmt* s) {
    switch (s->kind) {
    case StmtKind::Local: {
        const LocalStmt* l = s->as<LocalStmt>();
        open("local");
        for (const LocalVar* var : l->vars) {
            space();
            localDecl(var);
        }
        if (!l->values.empty()) out_ += " =";
        exprs(l->values);
        break;
    }
    case StmtKind::LocalFunction: {
        const LocalFunctionStmt* l = s->as<LocalFunctionStmt>();
        open("localfunction ");
        localDecl(l->var);
        space();
        function(l->func);
        break;
    }
    case StmtKind::Function: {
        const FunctionStmt* f = s->as<FunctionStmt>();
        open(f->func->isMethod ? "method " : "function ");
        expr(f->target);
        space();
        function(f->func);
        break;
    }
    case StmtKind::Assign: {
        const AssignStmt* a = s->as<AssignStmt>();
        open("assign");
        exprs(a->targets);
        out_ += " =";
        exprs(a->values);
        break;
    }
    case StmtKind::Call: expr(s->as<CallStmt>()->call); return;
    case StmtKind::Do:
        open("do ");
        block(s->as<DoStmt>()->body);
        break;
    case StmtKind::While: {
        const WhileStmt* w = s->as<WhileStmt>();
        open("while ");
        expr(w->cond);
        space();
        block(w->body);
        break;
    }
    case StmtKind::Repeat: {
        const RepeatStmt* r = s->as<RepeatStmt>();
        open("repeat ");
        block(r->body);
        space();
        expr(r->cond);
        break;
    }
    case StmtKind::If: {
        const IfStmt* i = s->as<IfStmt>();
        open("if");
        for (size_t k = 0; k < i->clauses.size(); ++k) {
            out_ += k ? " elseif " : " ";
            expr(i->clauses[k].cond);
            space();
            block(i->clauses[k].body);
        }
        if (i->elseBody) {
            out_ += " else ";
            block(i->elseBody);
        }
        break;
    }
    case StmtKind::NumericFor: {
        const NumericForStmt* f = s->as<NumericForStmt>();
        open("fornum ");
        localDecl(f->var);
        space();
        expr(f->start);
        space();
        expr(f->limit);
        if (f->step) {
            space();
            expr(f->step);
        }
        space();
        block(f->body);
        break;
    }
    case StmtKind::GenericFor: {
        const GenericForStmt* f = s->as<GenericForStmt>();
        open("forin (");
        for (size_t k = 0; k < f->vars.size(); ++k) {
            if (k) space();
            localDecl(f->vars[k]);
        }
        out_ += ')';
        exprs(f->exprs);
        space();
        block(f->body);
        break;
    }
    case StmtKind::Return:
        open("return");
        exprs(s->as<ReturnStmt>()->values);
        break;
    case StmtKind::Break:
        open("break");
        if (resolution_ && s->as<BreakStmt>()->needsClose) out_ += " close";
        break;
    case StmtKind::Goto: {
        const GotoStmt* g = s->as<GotoStmt>();
        open("goto ");
        out_ += g->label;
        if (resolution_) {
            out_ += " ->" + std::to_string(g->target ? g->target->line : 0);
            out_ += " " + std::to_string(g->activeSlots) + ">" + std::to_string(g->targetSlots);
            if (g->needsClose) out_ += " close";
        }
        break;
    }
    case StmtKind::Label: {
        const LabelStmt* l = s->as<LabelStmt>();
        open("label ");
        out_ += l->name;
        if (resolution_) out_ += " " + std::to_string(l->activeSlots);
        break;
    }
    }
    close();
}

} // namespace

std::string dumpExpr(const Expr* e, bool withResolution) {
    Dumper d(withResolution);
    d.expr(e);
    return d.take();
}

std::string dumpBlock(const Block* b, bool withResolution) {
    Dumper d(withResolution);
    d.block(b);
    return d.take();
}

std::string dumpChunk(const Chunk& c, bool withResolution) {
    Dumper d(withResolution);
    d.function(c.main);
    return d.take();
}

} // namespace tricolor::ast
