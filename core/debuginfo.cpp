// debuginfo.cpp — recovering names from bytecode (see debuginfo.h).
#include "core/debuginfo.h"

#include <cstring>

#include "core/opcodes.h"
#include "core/string.h"

namespace tricolor {

namespace {

std::string nameOf(const String* s) { return s ? std::string(view(s)) : std::string("?"); }

const char* const kEnvName = "_ENV";

bool isEnvName(const std::string& s) { return s == kEnvName; }

// Target pc of a jump-like instruction at `pc`, or -1.
int64_t jumpTarget(Instruction i, uint32_t pc) {
    if (getOp(i) == Op::JMP) return int64_t(pc) + 1 + getSJ(i);
    return -1;
}

// The pc of the instruction that last set `reg` on every path to `lastPc`,
// or -1 when it is unknown (never set, or set before a join point).
int64_t findLastWriter(const Proto* p, uint32_t lastPc, unsigned reg) {
    int64_t writer = -1;
    int64_t joinPoint = 0; // code before this pc only runs conditionally
    for (uint32_t pc = 0; pc < lastPc && pc < p->codeSize; pc++) {
        Instruction i = p->code[pc];
        int64_t target = jumpTarget(i, pc);
        if (target > int64_t(pc) && target <= int64_t(lastPc) && target > joinPoint)
            joinPoint = target;
        if (registersWritten(i).changes(reg)) writer = pc < joinPoint ? -1 : int64_t(pc);
    }
    return writer;
}

// The name of a constant if it is a string.
bool constantStringName(const Proto* p, unsigned k, std::string& out) {
    if (k < p->numConstants && p->constants[k].isString()) {
        out = std::string(view(p->constants[k].asString()));
        return true;
    }
    return false;
}

VarDescription describeRegisterDepth(const Proto* p, uint32_t pc, unsigned reg, int depth);

// "global" when the indexed table is _ENV, else "field".
const char* globalOrField(const Proto* p, uint32_t pc, Instruction i, bool tableIsUpvalue,
                          int depth) {
    unsigned t = getB(i);
    std::string tableName;
    if (tableIsUpvalue) {
        if (t < p->numUpvalues) tableName = nameOf(p->upvalues[t].name);
    } else {
        VarDescription d = describeRegisterDepth(p, pc, t, depth + 1);
        if (d) tableName = d.name;
    }
    return isEnvName(tableName) ? "global" : "field";
}

VarDescription describeWriter(const Proto* p, uint32_t writerPc, unsigned reg, int depth) {
    Instruction i = p->code[writerPc];
    VarDescription d;
    switch (getOp(i)) {
    case Op::MOVE:
        if (getB(i) < getA(i)) return describeRegisterDepth(p, writerPc, getB(i), depth + 1);
        break;
    case Op::GETTABUP:
        constantStringName(p, getC(i), d.name);
        d.kind = globalOrField(p, writerPc, i, true, depth);
        break;
    case Op::GETFIELD:
        constantStringName(p, getC(i), d.name);
        d.kind = globalOrField(p, writerPc, i, false, depth);
        break;
    case Op::GETTABLE: {
        // The key is a register: named only if it holds a constant string.
        VarDescription key = describeRegisterDepth(p, writerPc, getC(i), depth + 1);
        d.name = key.kind && std::strcmp(key.kind, "constant") == 0 ? key.name : "?";
        d.kind = globalOrField(p, writerPc, i, false, depth);
        break;
    }
    case Op::GETINT:
        d.kind = "field";
        d.name = "integer index";
        break;
    case Op::GETUPVAL: return describeUpvalue(p, getB(i));
    case Op::LOADK:
        if (constantStringName(p, getBx(i), d.name)) d.kind = "constant";
        break;
    case Op::LOADKX:
        if (writerPc + 1 < p->codeSize &&
            constantStringName(p, getAx(p->code[writerPc + 1]), d.name))
            d.kind = "constant";
        break;
    case Op::SELF:
        if (reg == getA(i) && constantStringName(p, getC(i), d.name)) d.kind = "method";
        break;
    default: break;
    }
    return d;
}

VarDescription describeRegisterDepth(const Proto* p, uint32_t pc, unsigned reg, int depth) {
    VarDescription d;
    if (depth > 32) return d; // MOVE chains are short; guard against cycles anyway
    if (const String* local = localNameOfRegister(p, reg, pc)) {
        d.kind = "local";
        d.name = nameOf(local);
        return d;
    }
    int64_t writer = findLastWriter(p, pc, reg);
    if (writer < 0) return d;
    return describeWriter(p, uint32_t(writer), reg, depth);
}

// The event name of the metamethod an instruction may call, or nullptr.
const char* metamethodEventOf(Op op) {
    switch (op) {
    case Op::SELF:
    case Op::GETTABUP:
    case Op::GETTABLE:
    case Op::GETINT:
    case Op::GETFIELD: return "index";
    case Op::SETTABUP:
    case Op::SETTABLE:
    case Op::SETINT:
    case Op::SETFIELD: return "newindex";
    case Op::ADD:
    case Op::ADDK:
    case Op::ADDI: return "add";
    case Op::SUB:
    case Op::SUBK: return "sub";
    case Op::MUL:
    case Op::MULK: return "mul";
    case Op::MOD:
    case Op::MODK: return "mod";
    case Op::POW:
    case Op::POWK: return "pow";
    case Op::DIV:
    case Op::DIVK: return "div";
    case Op::IDIV:
    case Op::IDIVK: return "idiv";
    case Op::BAND:
    case Op::BANDK: return "band";
    case Op::BOR:
    case Op::BORK: return "bor";
    case Op::BXOR:
    case Op::BXORK: return "bxor";
    case Op::SHL: return "shl";
    case Op::SHR: return "shr";
    case Op::UNM: return "unm";
    case Op::BNOT: return "bnot";
    case Op::LEN: return "len";
    case Op::CONCAT: return "concat";
    case Op::EQ:
    case Op::EQK:
    case Op::EQI: return "eq";
    case Op::LT:
    case Op::LTI:
    case Op::GTI: return "lt";
    case Op::LE:
    case Op::LEI:
    case Op::GEI: return "le";
    case Op::CLOSE:
    case Op::RETURN: return "close";
    default: return nullptr;
    }
}

} // namespace

VarDescription describeRegister(const Proto* p, uint32_t pc, unsigned reg) {
    return describeRegisterDepth(p, pc, reg, 0);
}

VarDescription describeUpvalue(const Proto* p, unsigned index) {
    VarDescription d;
    if (index < p->numUpvalues) {
        d.kind = "upvalue";
        d.name = nameOf(p->upvalues[index].name);
    }
    return d;
}

std::string formatVarInfo(const VarDescription& d) {
    if (!d) return "";
    return std::string(" (") + d.kind + " '" + d.name + "')";
}

FunctionName describeCalledFunction(const Proto* caller, uint32_t callPc) {
    FunctionName result;
    if (!caller || callPc >= caller->codeSize) return result;
    Instruction i = caller->code[callPc];
    Op op = getOp(i);
    if (op == Op::CALL || op == Op::TAILCALL) {
        VarDescription d = describeRegister(caller, callPc, getA(i));
        if (d) {
            result.namewhat = d.kind;
            result.name = d.name;
        }
    } else if (op == Op::TFORCALL) {
        result.namewhat = "for iterator";
        result.name = "for iterator";
    } else if (const char* event = metamethodEventOf(op)) {
        result.namewhat = "metamethod";
        result.name = event;
    }
    return result;
}

const String* localVariableName(const Proto* p, int n, uint32_t pc, unsigned* reg) {
    for (uint32_t k = 0; k < p->numLocals && n > 0; k++) {
        const LocalVarInfo& v = p->locals[k];
        if (v.startPc > pc) break;
        if (pc < v.endPc && --n == 0) {
            if (reg) *reg = v.reg;
            return v.name;
        }
    }
    return nullptr;
}

const String* localNameOfRegister(const Proto* p, unsigned reg, uint32_t pc) {
    // Locals are listed in declaration order; the innermost active one wins.
    const String* found = nullptr;
    for (uint32_t k = 0; k < p->numLocals; k++) {
        const LocalVarInfo& v = p->locals[k];
        if (v.startPc > pc) break;
        if (pc < v.endPc && v.reg == reg) found = v.name;
    }
    return found;
}

int lineOfInstruction(const Proto* p, uint32_t pc) {
    if (!p->lineInfo || pc >= p->codeSize) return -1;
    return p->lineInfo[pc];
}

} // namespace tricolor
