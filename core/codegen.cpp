// codegen.cpp — AST -> bytecode (see codegen.h for the design).
#include "core/codegen.h"

#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/lexer.h"
#include "core/memory.h"
#include "core/number.h"
#include "core/opcodes.h"
#include "core/string.h"
#include "core/vm.h"

namespace tricolor {
namespace {

constexpr int kNoJump = -1;           // end of a jump list
constexpr int kNoReg = kMaxRegisters; // TESTSET target "no register": becomes a TEST
constexpr int kMaxK = 255;            // constants reachable through an 8-bit operand
constexpr int kMinSC = -kOffsetSC;    // range of the signed 8-bit immediates sB/sC
constexpr int kMaxSC = 255 - kOffsetSC;
constexpr int kMinSBx = -kOffsetSBx; // range of LOADI/LOADF immediates
constexpr int kMaxSBx = kMaxArgBx - kOffsetSBx;

// Thrown inside the generator on a limit error; generateCode turns it into its result.
struct CodegenError {
    std::string message;
};

// What an expression descriptor currently stands for (see codegen.h).
enum class EK : uint8_t {
    Void,     // no value
    Nil,      // constant nil
    True,     // constant true
    False,    // constant false
    Int,      // integer constant `ival`
    Flt,      // float constant `nval`
    Str,      // string constant `sval`
    K,        // constant K[info]
    Local,    // a local variable in register `info`
    Upval,    // upvalue `info`
    NonReloc, // value already in register `info`
    IdxUp,    // Up[info][K[aux]] (aux a string constant)
    IdxStr,   // R[info][K[aux]] (aux a string constant)
    IdxInt,   // R[info][aux] (aux an integer 0..255)
    IdxReg,   // R[info][R[aux]]
    Jmp,      // a comparison/test: `info` is the pc of its JMP (taken when true)
    Reloc,    // instruction `info` computes the value; its A is still free
    Call,     // instruction `info` is a CALL (one result unless adjusted)
    Vararg,   // instruction `info` is a VARARG
};

struct ExpDesc {
    EK k = EK::Void;
    int info = 0;
    int aux = 0;
    Integer ival = 0;
    Number nval = 0;
    String* sval = nullptr;
    int t = kNoJump; // jumps taken when the expression is true
    int f = kNoJump; // jumps taken when the expression is false

    bool hasJumps() const { return t != f; }
    bool isMulti() const { return k == EK::Call || k == EK::Vararg; }
    bool isNumeral() const { return (k == EK::Int || k == EK::Flt) && !hasJumps(); }
    bool isConstant() const {
        return !hasJumps() && (k == EK::Nil || k == EK::True || k == EK::False || k == EK::Int ||
                               k == EK::Flt || k == EK::Str || k == EK::K);
    }
};

ExpDesc makeExp(EK k, int info = 0) {
    ExpDesc e;
    e.k = k;
    e.info = info;
    return e;
}

// A loop whose `break`s are still pending.
struct LoopState {
    const ast::Stmt* loop;
    int breaks;          // jump list
    int closeLevel = -1; // >= 0: some break leaves captured or <close> locals; the
                         // loop's exit closes from this register (lua5.4's break label)
};

// Per-function generator state.
struct FuncState {
    const ast::FunctionExpr* fn = nullptr;
    std::vector<Instruction> code;
    std::vector<int32_t> lines;
    std::vector<Value> constants;
    std::map<std::pair<int, uint64_t>, int> constantIndex;
    std::vector<Proto*> protos;
    std::vector<LocalVarInfo> localInfos;
    std::vector<int> activeInfo; // per active register local: index into localInfos
    std::vector<bool> activeTbc; // per active register local: is it to-be-closed?
    int nactive = 0;             // active register locals (they occupy R[0..nactive-1])
    int freeReg = 0;             // first free register
    int maxStack = 2;
    int lastTarget = 0;      // pc of the last jump target (no peephole across it)
    int tbcActive = 0;       // active to-be-closed variables (no tail call while > 0)
    bool needsClose = false; // RETURN must close upvalues / to-be-closed variables
    std::vector<LoopState> loops;
    std::unordered_map<const ast::LabelStmt*, int> labelPc;
    std::unordered_map<const ast::LabelStmt*, int> pendingGotos; // jump lists
    // Labels reached by a forward goto that leaves captured or <close> locals: the label
    // closes them (lua5.4 emits the CLOSE at the label, where such gotos land).
    std::unordered_set<const ast::LabelStmt*> labelsThatClose;
};

bool fitsSC(Integer i) {
    return i >= kMinSC && i <= kMaxSC;
}
bool fitsSBx(Integer i) {
    return i >= kMinSBx && i <= kMaxSBx;
}

// Does a function need RETURN to close something (captured locals, to-be-closed ones,
// generic-for closing values)?
bool functionNeedsClose(const ast::FunctionExpr* fn) {
    for (const ast::LocalVar* v : fn->locals)
        if (v->captured || v->attrib == ast::Attrib::Close) return true;
    return false;
}

class Generator {
  public:
    Generator(VM& vm, const ast::Chunk& chunk, String* source)
        : vm_(vm), source_(source), chunkId_(chunkId(chunk.chunkname)) {}

    Proto* generate(const ast::FunctionExpr* main) { return function(main); }

  private:
    VM& vm_;
    String* source_;
    std::string chunkId_;
    FuncState* fs_ = nullptr;
    int line_ = 0; // line given to emitted instructions unless fixed afterwards

    [[noreturn]] void fail(const std::string& msg) {
        throw CodegenError{chunkId_ + ":" + std::to_string(line_) + ": " + msg};
    }

    // Array limits read like lua5.4's memory-growth errors, which carry no position.
    [[noreturn]] void failWithoutPosition(const std::string& msg) { throw CodegenError{msg}; }

    // ---- Emission ----------------------------------------------------------------------

    int pc() const { return int(fs_->code.size()); }

    int emit(Instruction i) {
        fs_->code.push_back(i);
        fs_->lines.push_back(line_);
        return pc() - 1;
    }
    int emitABC(Op op, int a, int b, int c) { return emit(encodeABC(op, a, b, c)); }
    int emitABx(Op op, int a, int bx) { return emit(encodeABx(op, a, bx)); }
    int emitAsBx(Op op, int a, int sbx) { return emit(encodeAsBx(op, a, sbx)); }
    void fixLine(int line) {
        if (line > 0) fs_->lines.back() = line;
    }
    Instruction& at(int pc) { return fs_->code[pc]; }
    void markLabel() { fs_->lastTarget = pc(); }
    // The previous instruction, if no jump lands between it and the next one (peepholes
    // may then rewrite it).
    Instruction* previousInstruction() {
        if (pc() == 0 || pc() <= fs_->lastTarget) return nullptr;
        return &fs_->code.back();
    }

    // ---- Registers ---------------------------------------------------------------------

    void checkStack(int n) {
        int needed = fs_->freeReg + n;
        if (needed > fs_->maxStack) {
            if (needed >= kMaxRegisters) fail("function or expression needs too many registers");
            fs_->maxStack = needed;
        }
    }
    void reserveRegs(int n) {
        checkStack(n);
        fs_->freeReg += n;
    }
    // Releases a temporary register (registers of locals stay).
    void freeRegister(int reg) {
        if (reg >= fs_->nactive) {
            fs_->freeReg--;
            assert(reg == fs_->freeReg);
        }
    }
    void freeExp(const ExpDesc& e) {
        if (e.k == EK::NonReloc) freeRegister(e.info);
    }
    // Frees two expressions' registers, highest first (temporaries are a stack).
    void freeExps(const ExpDesc& e1, const ExpDesc& e2) {
        int r1 = e1.k == EK::NonReloc ? e1.info : -1;
        int r2 = e2.k == EK::NonReloc ? e2.info : -1;
        freeTwo(r1, r2);
    }
    void freeTwo(int r1, int r2) {
        if (r1 < r2) std::swap(r1, r2);
        if (r1 >= 0) freeRegister(r1);
        if (r2 >= 0) freeRegister(r2);
    }

    // ---- Constants ---------------------------------------------------------------------

    int addConstant(Value v, int kind, uint64_t bits) {
        auto key = std::make_pair(kind, bits);
        auto it = fs_->constantIndex.find(key);
        if (it != fs_->constantIndex.end()) return it->second;
        int index = int(fs_->constants.size());
        if (index >= kMaxArgAx) failWithoutPosition("too many constants (limit is 16777215)");
        fs_->constants.push_back(v);
        fs_->constantIndex.emplace(key, index);
        return index;
    }
    int stringK(String* s) {
        return addConstant(Value::object(s), int(Tag::String), uint64_t(uintptr_t(s)));
    }
    int intK(Integer i) { return addConstant(Value::integer(i), int(Tag::Int), uint64_t(i)); }
    int floatK(Number n) {
        return addConstant(Value::number(n), int(Tag::Float), floatBits(n));
    }
    int nilK() { return addConstant(Value::nil(), int(Tag::Nil), 0); }
    int boolK(bool b) { return addConstant(Value::boolean(b), int(b ? Tag::True : Tag::False), 0); }
    String* intern(const std::string& s) { return internString(vm_, s.data(), s.size()); }

    // K index of a constant expression, or -1.
    int constantIndexOf(const ExpDesc& e) {
        if (e.hasJumps()) return -1;
        switch (e.k) {
        case EK::Nil: return nilK();
        case EK::True: return boolK(true);
        case EK::False: return boolK(false);
        case EK::Int: return intK(e.ival);
        case EK::Flt: return floatK(e.nval);
        case EK::Str: return stringK(e.sval);
        case EK::K: return e.info;
        default: return -1;
        }
    }
    // Turns a string constant into K form.
    void stringToK(ExpDesc& e) {
        e.info = stringK(e.sval);
        e.k = EK::K;
    }
    bool isKString(const ExpDesc& e) const {
        return e.k == EK::K && !e.hasJumps() && e.info <= kMaxK &&
               fs_->constants[e.info].isString();
    }
    bool isIntImmediate(const ExpDesc& e) const {
        return e.k == EK::Int && !e.hasJumps() && fitsSC(e.ival);
    }

    ExpDesc constantExp(const ast::ConstValue& c) {
        ExpDesc e;
        switch (c.type) {
        case ast::ConstValue::Type::Nil: e.k = EK::Nil; break;
        case ast::ConstValue::Type::Boolean: e.k = c.b ? EK::True : EK::False; break;
        case ast::ConstValue::Type::Integer:
            e.k = EK::Int;
            e.ival = c.i;
            break;
        case ast::ConstValue::Type::Float:
            e.k = EK::Flt;
            e.nval = c.n;
            break;
        case ast::ConstValue::Type::String:
            e.k = EK::Str;
            e.sval = intern(c.s);
            break;
        }
        return e;
    }

    // ---- Loads -------------------------------------------------------------------------

    void loadK(int reg, int k) {
        if (k <= kMaxArgBx) {
            emitABx(Op::LOADK, reg, k);
        } else {
            emitABC(Op::LOADKX, reg, 0, 0);
            emit(encodeAx(Op::EXTRAARG, unsigned(k)));
        }
    }
    void loadInt(int reg, Integer i) {
        if (fitsSBx(i))
            emitAsBx(Op::LOADI, reg, int(i));
        else
            loadK(reg, intK(i));
    }
    void loadFloat(int reg, Number n) {
        Number whole = std::floor(n);
        if (whole == n && n >= kMinSBx && n <= kMaxSBx && !(n == 0 && std::signbit(n)))
            emitAsBx(Op::LOADF, reg, int(n));
        else
            loadK(reg, floatK(n));
    }
    // R[from .. from+n-1] := nil, merged into a preceding LOADNIL when adjacent.
    void loadNil(int from, int n) {
        if (Instruction* prev = previousInstruction(); prev && getOp(*prev) == Op::LOADNIL) {
            int pfrom = int(getA(*prev));
            int pto = pfrom + int(getB(*prev));
            int to = from + n - 1;
            if ((pfrom <= from && from <= pto + 1) || (from <= pfrom && pfrom <= to + 1)) {
                int nfrom = std::min(from, pfrom);
                int nto = std::max(to, pto);
                *prev = setB(setA(*prev, nfrom), nto - nfrom);
                return;
            }
        }
        emitABC(Op::LOADNIL, from, n - 1, 0);
    }

    // ---- Jump lists --------------------------------------------------------------------

    int emitJump() { return emit(encodeSJ(Op::JMP, kNoJump)); }
    int jumpDestination(int pc) {
        int offset = getSJ(at(pc));
        return offset == kNoJump ? kNoJump : pc + 1 + offset;
    }
    void setJumpDestination(int pc, int dest) {
        int offset = dest - (pc + 1);
        if (offset < -kOffsetSJ || offset > kMaxArgAx - kOffsetSJ)
            fail("control structure too long");
        at(pc) = setSJ(at(pc), offset);
    }
    void linkJump(int pc, int next) { at(pc) = setSJ(at(pc), next - (pc + 1)); }
    void concatJumps(int& list, int other) {
        if (other == kNoJump) return;
        if (list == kNoJump) {
            list = other;
            return;
        }
        int last = list;
        for (int next; (next = jumpDestination(last)) != kNoJump;)
            last = next;
        linkJump(last, other);
    }
    // The instruction that decides whether the jump at `pc` is taken.
    int jumpControl(int pc) {
        if (pc >= 1 && isTestOp(getOp(at(pc - 1)))) return pc - 1;
        return pc;
    }
    // A TESTSET controlling this jump stores its value in `reg`, or becomes a TEST when no
    // value is wanted. Returns false when the jump produces no value (a comparison).
    bool patchTestRegister(int node, int reg) {
        int control = jumpControl(node);
        Instruction i = at(control);
        if (getOp(i) != Op::TESTSET) return false;
        if (reg != kNoReg && reg != int(getB(i)))
            at(control) = setA(i, reg);
        else
            at(control) = encodeABC(Op::TEST, getB(i), 0, getC(i));
        return true;
    }
    void removeValues(int list) {
        for (; list != kNoJump; list = jumpDestination(list))
            patchTestRegister(list, kNoReg);
    }
    bool listNeedsValue(int list) {
        for (; list != kNoJump; list = jumpDestination(list))
            if (getOp(at(jumpControl(list))) != Op::TESTSET) return true;
        return false;
    }
    void patchListAux(int list, int valueTarget, int reg, int defaultTarget) {
        while (list != kNoJump) {
            int next = jumpDestination(list);
            int dest = patchTestRegister(list, reg) ? valueTarget : defaultTarget;
            setJumpDestination(list, dest);
            if (dest > fs_->lastTarget) fs_->lastTarget = dest;
            list = next;
        }
    }
    void patchList(int list, int target) { patchListAux(list, target, kNoReg, target); }
    void patchToHere(int list) {
        markLabel();
        patchList(list, pc());
    }
    // An unconditional jump back to `target`.
    void jumpBack(int target) {
        int j = emitJump();
        setJumpDestination(j, target);
    }
    // Emits a test instruction and its jump; returns the jump's pc.
    int conditionalJump(Op op, int a, int b, int c) {
        emitABC(op, a, b, c);
        return emitJump();
    }
    void negateCondition(const ExpDesc& e) {
        int control = jumpControl(e.info);
        at(control) = setC(at(control), getC(at(control)) ^ 1);
    }

    // ---- Discharging expressions ------------------------------------------------------

    void setReturns(ExpDesc& e, int n) {
        Instruction& i = at(e.info);
        i = setC(i, unsigned(n + 1));
        if (e.k == EK::Vararg) {
            i = setA(i, unsigned(fs_->freeReg));
            reserveRegs(1);
        }
    }
    void setMultiReturn(ExpDesc& e) { setReturns(e, -1); }
    void setOneReturn(ExpDesc& e) {
        if (e.k == EK::Call) {
            e.k = EK::NonReloc;
            e.info = int(getA(at(e.info)));
        } else if (e.k == EK::Vararg) {
            at(e.info) = setC(at(e.info), 2);
            e.k = EK::Reloc;
        }
    }

    // Emits the load of a variable-like expression; the result is NonReloc or Reloc.
    void dischargeVars(ExpDesc& e) {
        switch (e.k) {
        case EK::Local: e.k = EK::NonReloc; break;
        case EK::Upval:
            e.info = emitABC(Op::GETUPVAL, 0, e.info, 0);
            e.k = EK::Reloc;
            break;
        case EK::IdxUp:
            e.info = emitABC(Op::GETTABUP, 0, e.info, e.aux);
            e.k = EK::Reloc;
            break;
        case EK::IdxStr:
            freeRegister(e.info);
            e.info = emitABC(Op::GETFIELD, 0, e.info, e.aux);
            e.k = EK::Reloc;
            break;
        case EK::IdxInt:
            freeRegister(e.info);
            e.info = emitABC(Op::GETINT, 0, e.info, e.aux);
            e.k = EK::Reloc;
            break;
        case EK::IdxReg:
            freeTwo(e.info, e.aux);
            e.info = emitABC(Op::GETTABLE, 0, e.info, e.aux);
            e.k = EK::Reloc;
            break;
        case EK::Call:
        case EK::Vararg: setOneReturn(e); break;
        default: break;
        }
    }

    // Puts the value of `e` (without its jump lists) into `reg`.
    void dischargeToReg(ExpDesc& e, int reg) {
        dischargeVars(e);
        switch (e.k) {
        case EK::Nil: loadNil(reg, 1); break;
        case EK::False: emitABC(Op::LOADFALSE, reg, 0, 0); break;
        case EK::True: emitABC(Op::LOADTRUE, reg, 0, 0); break;
        case EK::Str: loadK(reg, stringK(e.sval)); break;
        case EK::K: loadK(reg, e.info); break;
        case EK::Int: loadInt(reg, e.ival); break;
        case EK::Flt: loadFloat(reg, e.nval); break;
        case EK::Reloc: at(e.info) = setA(at(e.info), unsigned(reg)); break;
        case EK::NonReloc:
            if (reg != e.info) emitABC(Op::MOVE, reg, e.info, 0);
            break;
        default: assert(e.k == EK::Jmp); return; // nothing to do
        }
        e.info = reg;
        e.k = EK::NonReloc;
    }
    void dischargeToAnyReg(ExpDesc& e) {
        if (e.k != EK::NonReloc) {
            reserveRegs(1);
            dischargeToReg(e, fs_->freeReg - 1);
        }
    }

    // Puts the full value of `e`, jump lists included, into `reg`.
    void expToReg(ExpDesc& e, int reg) {
        dischargeToReg(e, reg);
        if (e.k == EK::Jmp) concatJumps(e.t, e.info);
        if (e.hasJumps()) {
            int loadFalse = kNoJump, loadTrue = kNoJump;
            if (listNeedsValue(e.t) || listNeedsValue(e.f)) {
                int skip = e.k == EK::Jmp ? kNoJump : emitJump();
                loadFalse = emitABC(Op::LOADFALSE, reg, 0, 0);
                int overTrue = emitJump();
                loadTrue = emitABC(Op::LOADTRUE, reg, 0, 0);
                setJumpDestination(overTrue, pc());
                patchToHere(skip);
            }
            int final = pc();
            markLabel();
            patchListAux(e.f, final, reg, loadFalse);
            patchListAux(e.t, final, reg, loadTrue);
        }
        e.f = e.t = kNoJump;
        e.info = reg;
        e.k = EK::NonReloc;
    }
    void expToNextReg(ExpDesc& e) {
        dischargeVars(e);
        freeExp(e);
        reserveRegs(1);
        expToReg(e, fs_->freeReg - 1);
    }
    int expToAnyReg(ExpDesc& e) {
        dischargeVars(e);
        if (e.k == EK::NonReloc) {
            if (!e.hasJumps()) return e.info;
            if (e.info >= fs_->nactive) { // a temporary: finish the value in place
                expToReg(e, e.info);
                return e.info;
            }
        }
        expToNextReg(e);
        return e.info;
    }
    // Like expToAnyReg, but an upvalue may stay one (it can be indexed by GETTABUP).
    void expToAnyRegOrUpvalue(ExpDesc& e) {
        if (e.k != EK::Upval || e.hasJumps()) expToAnyReg(e);
    }
    void expToValue(ExpDesc& e) {
        if (e.hasJumps())
            expToAnyReg(e);
        else
            dischargeVars(e);
    }

    // ---- Conditions --------------------------------------------------------------------

    // Jump taken when truthy(e) == cond.
    int jumpOnCondition(ExpDesc& e, int cond) {
        if (e.k == EK::Reloc && e.info == pc() - 1 && getOp(at(e.info)) == Op::NOT &&
            previousInstruction()) {
            Instruction notInstr = at(e.info);
            fs_->code.pop_back();
            fs_->lines.pop_back();
            return conditionalJump(Op::TEST, int(getB(notInstr)), 0, cond ^ 1);
        }
        dischargeToAnyReg(e);
        freeExp(e);
        return conditionalJump(Op::TESTSET, kNoReg, e.info, cond);
    }
    // Falls through when e is true, jumps (list e.f) when it is false.
    void goIfTrue(ExpDesc& e) {
        dischargeVars(e);
        int j;
        switch (e.k) {
        case EK::Jmp:
            negateCondition(e);
            j = e.info;
            break;
        case EK::K:
        case EK::Flt:
        case EK::Int:
        case EK::Str:
        case EK::True: j = kNoJump; break;
        default: j = jumpOnCondition(e, 0); break;
        }
        concatJumps(e.f, j);
        patchToHere(e.t);
        e.t = kNoJump;
    }
    // Falls through when e is false, jumps (list e.t) when it is true.
    void goIfFalse(ExpDesc& e) {
        dischargeVars(e);
        int j;
        switch (e.k) {
        case EK::Jmp: j = e.info; break;
        case EK::Nil:
        case EK::False: j = kNoJump; break;
        default: j = jumpOnCondition(e, 1); break;
        }
        concatJumps(e.t, j);
        patchToHere(e.f);
        e.f = kNoJump;
    }

    // ---- Operators ---------------------------------------------------------------------

    static bool isArithOrBitwise(ast::BinOp op) {
        using B = ast::BinOp;
        switch (op) {
        case B::Add:
        case B::Sub:
        case B::Mul:
        case B::Div:
        case B::IDiv:
        case B::Mod:
        case B::Pow:
        case B::BAnd:
        case B::BOr:
        case B::BXor:
        case B::Shl:
        case B::Shr: return true;
        default: return false;
        }
    }
    static bool isBitwise(ast::BinOp op) {
        using B = ast::BinOp;
        return op == B::BAnd || op == B::BOr || op == B::BXor || op == B::Shl || op == B::Shr;
    }
    static Op registerOpcode(ast::BinOp op) {
        using B = ast::BinOp;
        switch (op) {
        case B::Add: return Op::ADD;
        case B::Sub: return Op::SUB;
        case B::Mul: return Op::MUL;
        case B::Div: return Op::DIV;
        case B::IDiv: return Op::IDIV;
        case B::Mod: return Op::MOD;
        case B::Pow: return Op::POW;
        case B::BAnd: return Op::BAND;
        case B::BOr: return Op::BOR;
        case B::BXor: return Op::BXOR;
        case B::Shl: return Op::SHL;
        default: return Op::SHR;
        }
    }
    // The ...K form of an operator, or Op::Count when it has none.
    static Op constantOpcode(ast::BinOp op) {
        using B = ast::BinOp;
        switch (op) {
        case B::Add: return Op::ADDK;
        case B::Sub: return Op::SUBK;
        case B::Mul: return Op::MULK;
        case B::Div: return Op::DIVK;
        case B::IDiv: return Op::IDIVK;
        case B::Mod: return Op::MODK;
        case B::Pow: return Op::POWK;
        case B::BAnd: return Op::BANDK;
        case B::BOr: return Op::BORK;
        case B::BXor: return Op::BXORK;
        default: return Op::Count;
        }
    }

    // Folds `e1 op e2` for two numerals when the result is exactly what the interpreter
    // would compute and is a safe constant. Returns false (and leaves e1 alone) otherwise.
    static bool foldBinary(ast::BinOp op, ExpDesc& e1, const ExpDesc& e2) {
        using B = ast::BinOp;
        bool ints = e1.k == EK::Int && e2.k == EK::Int;
        if (isBitwise(op)) {
            auto a = e1.k == EK::Int ? std::optional<Integer>(e1.ival) : floatToInteger(e1.nval);
            auto b = e2.k == EK::Int ? std::optional<Integer>(e2.ival) : floatToInteger(e2.nval);
            if (!a || !b) return false;
            Integer r;
            switch (op) {
            case B::BAnd: r = *a & *b; break;
            case B::BOr: r = *a | *b; break;
            case B::BXor: r = *a ^ *b; break;
            case B::Shl: r = shiftLeft(*a, *b); break;
            default: r = shiftRight(*a, *b); break;
            }
            e1.k = EK::Int;
            e1.ival = r;
            return true;
        }
        if (ints && op != B::Div && op != B::Pow) {
            Integer a = e1.ival, b = e2.ival, r;
            switch (op) {
            case B::Add: r = wrapAdd(a, b); break;
            case B::Sub: r = wrapSub(a, b); break;
            case B::Mul: r = wrapMul(a, b); break;
            case B::IDiv:
                if (b == 0) return false;
                r = floorDiv(a, b);
                break;
            default: // Mod
                if (b == 0) return false;
                r = floorMod(a, b);
                break;
            }
            e1.ival = r;
            return true;
        }
        Number a = e1.k == EK::Int ? Number(e1.ival) : e1.nval;
        Number b = e2.k == EK::Int ? Number(e2.ival) : e2.nval;
        Number r;
        switch (op) {
        case B::Add: r = a + b; break;
        case B::Sub: r = a - b; break;
        case B::Mul: r = a * b; break;
        case B::Div:
            if (b == 0) return false;
            r = a / b;
            break;
        case B::Pow: r = std::pow(a, b); break;
        case B::IDiv:
            if (b == 0) return false;
            r = floatFloorDiv(a, b);
            break;
        default: // Mod
            if (b == 0) return false;
            r = floatMod(a, b);
            break;
        }
        if (std::isnan(r) || r == 0) return false; // keep NaN and the sign of zero at run time
        e1.k = EK::Flt;
        e1.nval = r;
        return true;
    }

    static bool foldUnary(ast::UnOp op, ExpDesc& e) {
        if (op == ast::UnOp::Neg) {
            if (e.k == EK::Int) {
                e.ival = wrapNeg(e.ival);
                return true;
            }
            Number r = -e.nval;
            if (std::isnan(r) || r == 0) return false;
            e.nval = r;
            return true;
        }
        // BNot
        auto v = e.k == EK::Int ? std::optional<Integer>(e.ival) : floatToInteger(e.nval);
        if (!v) return false;
        e.k = EK::Int;
        e.ival = ~*v;
        return true;
    }

    static bool swappableConstantLeft(ast::BinOp op, const ExpDesc& e1) {
        using B = ast::BinOp;
        if (op == B::Add || op == B::Mul) return true;
        return (op == B::BAnd || op == B::BOr || op == B::BXor) && e1.k == EK::Int;
    }

    void codeArith(ast::BinOp op, ExpDesc& e1, ExpDesc& e2, int line) {
        Op kop = constantOpcode(op);
        int kIndex = -1;
        if (e2.isNumeral() && kop != Op::Count && (!isBitwise(op) || e2.k == EK::Int) &&
            !(op == ast::BinOp::Add && isIntImmediate(e2)))
            kIndex = e2.k == EK::Int ? intK(e2.ival) : floatK(e2.nval);
        int result;
        if (op == ast::BinOp::Add && isIntImmediate(e2)) {
            int r1 = expToAnyReg(e1);
            freeExp(e1);
            result = emitABC(Op::ADDI, 0, r1, int(e2.ival) + kOffsetSC);
        } else if (kIndex >= 0 && kIndex <= kMaxK) {
            int r1 = expToAnyReg(e1);
            freeExp(e1);
            result = emitABC(kop, 0, r1, kIndex);
        } else {
            int r2 = expToAnyReg(e2);
            // lua5.4 swaps a constant left operand of + * & | ~ into an immediate/K operand;
            // we load it into a register, on the operator's line like lua5.4's instruction.
            if (e1.isNumeral() && !e2.isNumeral() && swappableConstantLeft(op, e1)) line_ = line;
            int r1 = expToAnyReg(e1);
            freeExps(e1, e2);
            result = emitABC(registerOpcode(op), 0, r1, r2);
        }
        fixLine(line);
        e1 = makeExp(EK::Reloc, result);
    }

    void codeConcat(ExpDesc& e1, ExpDesc& e2, int line) {
        Instruction* prev = previousInstruction();
        if (prev && getOp(*prev) == Op::CONCAT && e2.k == EK::NonReloc && e2.info == e1.info + 1 &&
            int(getA(*prev)) == e2.info) {
            int n = int(getB(*prev));
            freeExp(e2);
            *prev = setB(setA(*prev, unsigned(e1.info)), unsigned(n + 1));
        } else {
            emitABC(Op::CONCAT, e1.info, 2, 0);
            freeExp(e2);
            fixLine(line);
        }
    }

    void codeEquality(ast::BinOp op, ExpDesc& e1, ExpDesc& e2, int line) {
        if (e1.k != EK::NonReloc) std::swap(e1, e2); // the constant (if any) goes right
        int r1 = expToAnyReg(e1);
        Op opc;
        int b;
        int k;
        if (isIntImmediate(e2)) {
            opc = Op::EQI;
            b = int(e2.ival) + kOffsetSC;
        } else if ((k = constantIndexOf(e2)) >= 0 && k <= kMaxK) {
            opc = Op::EQK;
            b = k;
        } else {
            opc = Op::EQ;
            b = expToAnyReg(e2);
        }
        freeExps(e1, e2);
        line_ = line;
        int j = conditionalJump(opc, r1, b, op == ast::BinOp::Eq ? 1 : 0);
        e1 = makeExp(EK::Jmp, j);
    }

    void codeOrder(ast::BinOp op, ExpDesc& e1, ExpDesc& e2, int line) {
        using B = ast::BinOp;
        Op opc;
        int a, b;
        if (isIntImmediate(e2)) {
            a = expToAnyReg(e1);
            b = int(e2.ival) + kOffsetSC;
            opc = op == B::Lt ? Op::LTI : op == B::Le ? Op::LEI : op == B::Gt ? Op::GTI : Op::GEI;
        } else if (isIntImmediate(e1)) {
            a = expToAnyReg(e2);
            b = int(e1.ival) + kOffsetSC;
            opc = op == B::Lt ? Op::GTI : op == B::Le ? Op::GEI : op == B::Gt ? Op::LTI : Op::LEI;
        } else {
            int r2 = expToAnyReg(e2);
            int r1 = expToAnyReg(e1);
            bool swapped = op == B::Gt || op == B::Ge;
            a = swapped ? r2 : r1;
            b = swapped ? r1 : r2;
            opc = (op == B::Lt || op == B::Gt) ? Op::LT : Op::LE;
        }
        freeExps(e1, e2);
        line_ = line;
        int j = conditionalJump(opc, a, b, 1);
        e1 = makeExp(EK::Jmp, j);
    }

    void codeNot(ExpDesc& e, int line) {
        dischargeVars(e);
        switch (e.k) {
        case EK::Nil:
        case EK::False: e.k = EK::True; break;
        case EK::K:
        case EK::Flt:
        case EK::Int:
        case EK::Str:
        case EK::True: e.k = EK::False; break;
        case EK::Jmp: negateCondition(e); break;
        case EK::Reloc:
        case EK::NonReloc: {
            dischargeToAnyReg(e);
            freeExp(e);
            line_ = line;
            e.info = emitABC(Op::NOT, 0, e.info, 0);
            e.k = EK::Reloc;
            break;
        }
        default: assert(false); break;
        }
        std::swap(e.f, e.t);
        removeValues(e.f);
        removeValues(e.t);
    }

    // `a op b op c ...` chains can be arbitrarily deep along their left operand (the
    // parser does not bound them), so the left spine is walked with a loop.
    ExpDesc binary(const ast::BinaryExpr* top) {
        std::vector<const ast::BinaryExpr*> spine;
        const ast::Expr* e = top;
        while (e->kind == ast::ExprKind::Binary) {
            spine.push_back(e->as<ast::BinaryExpr>());
            e = spine.back()->lhs;
        }
        ExpDesc acc = expr(e);
        for (auto it = spine.rbegin(); it != spine.rend(); ++it)
            acc = binaryStep(*it, acc);
        return acc;
    }

    // Applies operator node `b` to its already evaluated left operand `e1`.
    ExpDesc binaryStep(const ast::BinaryExpr* b, ExpDesc e1) {
        using B = ast::BinOp;
        if (b->line > 0) line_ = b->line;
        switch (b->op) {
        case B::And: {
            goIfTrue(e1);
            ExpDesc e2 = expr(b->rhs);
            dischargeVars(e2);
            concatJumps(e2.f, e1.f);
            return e2;
        }
        case B::Or: {
            goIfFalse(e1);
            ExpDesc e2 = expr(b->rhs);
            dischargeVars(e2);
            concatJumps(e2.t, e1.t);
            return e2;
        }
        case B::Concat: {
            expToNextReg(e1);
            ExpDesc e2 = expr(b->rhs);
            expToNextReg(e2);
            codeConcat(e1, e2, b->line);
            return e1;
        }
        case B::Eq:
        case B::Ne: {
            if (!e1.isConstant()) expToAnyReg(e1);
            ExpDesc e2 = expr(b->rhs);
            codeEquality(b->op, e1, e2, b->rhs->endLine);
            return e1;
        }
        case B::Lt:
        case B::Le:
        case B::Gt:
        case B::Ge: {
            if (!e1.isNumeral()) expToAnyReg(e1);
            ExpDesc e2 = expr(b->rhs);
            codeOrder(b->op, e1, e2, b->rhs->endLine);
            return e1;
        }
        default: break;
        }
        assert(isArithOrBitwise(b->op));
        if (!e1.isNumeral()) expToAnyReg(e1);
        ExpDesc e2 = expr(b->rhs);
        if (e1.isNumeral() && e2.isNumeral() && foldBinary(b->op, e1, e2)) return e1;
        codeArith(b->op, e1, e2, b->line);
        return e1;
    }

    ExpDesc unary(const ast::UnaryExpr* u) {
        ExpDesc e = expr(u->operand);
        Op opc;
        switch (u->op) {
        case ast::UnOp::Not: codeNot(e, u->operand->endLine); return e;
        case ast::UnOp::Neg:
            if (e.isNumeral() && foldUnary(u->op, e)) return e;
            opc = Op::UNM;
            break;
        case ast::UnOp::BNot:
            if (e.isNumeral() && foldUnary(u->op, e)) return e;
            opc = Op::BNOT;
            break;
        default: opc = Op::LEN; break;
        }
        int r = expToAnyReg(e);
        freeExp(e);
        int p = emitABC(opc, 0, r, 0);
        fixLine(u->line);
        return makeExp(EK::Reloc, p);
    }

    // ---- Variables and indexing --------------------------------------------------------

    // `t[k]` where t is in a register or an upvalue and k has been through expToValue.
    void indexed(ExpDesc& t, ExpDesc& k) {
        if (k.k == EK::Str && !k.hasJumps()) stringToK(k);
        if (t.k == EK::Upval && !isKString(k)) expToAnyReg(t);
        if (t.k == EK::Upval) {
            t.k = EK::IdxUp;
            t.aux = k.info;
        } else {
            int table = t.info; // Local or NonReloc
            if (isKString(k)) {
                t.k = EK::IdxStr;
                t.aux = k.info;
            } else if (k.k == EK::Int && !k.hasJumps() && k.ival >= 0 && k.ival <= 255) {
                t.k = EK::IdxInt;
                t.aux = int(k.ival);
            } else {
                t.aux = expToAnyReg(k);
                t.k = EK::IdxReg;
            }
            t.info = table;
        }
    }

    ExpDesc varRef(const ast::VarRef& ref) {
        switch (ref.kind) {
        case ast::NameKind::Local: return makeExp(EK::Local, ref.local->slot);
        case ast::NameKind::Upvalue: return makeExp(EK::Upval, ref.upvalue);
        case ast::NameKind::Constant: return constantExp(ref.local->constant);
        default: fail("internal error: unresolved name");
        }
    }

    ExpDesc name(const ast::NameExpr* n) {
        if (n->ref.kind != ast::NameKind::Global) return varRef(n->ref);
        ExpDesc env = varRef(n->env);
        expToAnyRegOrUpvalue(env);
        ExpDesc key;
        key.k = EK::Str;
        key.sval = intern(n->name);
        indexed(env, key);
        return env;
    }

    // Suffixed expressions (`a.b`, `a[k]`, `f(x)`, `o:m(x)`) chain along their object /
    // callee without a depth limit: walk that spine with a loop.
    ExpDesc suffixed(const ast::Expr* top) {
        std::vector<const ast::Expr*> spine;
        const ast::Expr* e = top;
        for (;;) {
            if (e->kind == ast::ExprKind::Index) {
                spine.push_back(e);
                e = e->as<ast::IndexExpr>()->object;
            } else if (e->kind == ast::ExprKind::Call) {
                spine.push_back(e);
                e = e->as<ast::CallExpr>()->callee;
            } else if (e->kind == ast::ExprKind::MethodCall) {
                spine.push_back(e);
                e = e->as<ast::MethodCallExpr>()->object;
            } else {
                break;
            }
        }
        ExpDesc acc = expr(e);
        for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
            // line_ stays at the end of the previous link while its value is discharged.
            const ast::Expr* s = *it;
            if (s->kind == ast::ExprKind::Index)
                acc = index(s->as<ast::IndexExpr>(), acc);
            else if (s->kind == ast::ExprKind::Call)
                acc = call(s->as<ast::CallExpr>(), acc);
            else
                acc = methodCall(s->as<ast::MethodCallExpr>(), acc);
            if (s->endLine > 0) line_ = s->endLine;
        }
        return acc;
    }

    ExpDesc index(const ast::IndexExpr* ix, ExpDesc t) {
        expToAnyRegOrUpvalue(t);
        ExpDesc k = expr(ix->key);
        expToValue(k);
        indexed(t, k);
        return t;
    }

    // ---- Calls -------------------------------------------------------------------------

    // Evaluates call arguments into consecutive registers after the function; returns B.
    // The last argument is completed once ')' is read: on the call's last line.
    int arguments(const std::vector<ast::Expr*>& args, int base, int endLine) {
        if (args.empty()) return fs_->freeReg - base;
        for (size_t i = 0; i + 1 < args.size(); i++) {
            ExpDesc a = expr(args[i]);
            expToNextReg(a);
        }
        ExpDesc last = expr(args.back());
        if (last.isMulti()) {
            setMultiReturn(last);
            return 0;
        }
        if (endLine > 0) line_ = endLine;
        expToNextReg(last);
        return fs_->freeReg - base;
    }

    ExpDesc call(const ast::CallExpr* c, ExpDesc f) {
        expToNextReg(f);
        int base = f.info;
        line_ = c->argsLine;
        int b = arguments(c->args, base, c->endLine);
        line_ = c->line;
        int p = emitABC(Op::CALL, base, b, 2);
        fs_->freeReg = base + 1;
        return makeExp(EK::Call, p);
    }

    ExpDesc methodCall(const ast::MethodCallExpr* m, ExpDesc obj) {
        line_ = m->methodLine;
        int objReg = expToAnyReg(obj);
        freeExp(obj);
        int base = fs_->freeReg;
        reserveRegs(2);
        line_ = m->methodLine;
        int key = stringK(intern(m->method));
        if (key <= kMaxK) {
            emitABC(Op::SELF, base, objReg, key);
        } else {
            emitABC(Op::MOVE, base + 1, objReg, 0);
            loadK(base, key);
            emitABC(Op::GETTABLE, base, base + 1, base);
        }
        line_ = m->argsLine;
        int b = arguments(m->args, base, m->endLine);
        line_ = m->line;
        int p = emitABC(Op::CALL, base, b, 2);
        fs_->freeReg = base + 1;
        return makeExp(EK::Call, p);
    }

    // ---- Table constructors ------------------------------------------------------------

    void flushList(int table, int pending, int stored, bool toTop) {
        int block = (stored - pending) / kFieldsPerFlush;
        int b = toTop ? 0 : pending;
        if (block < 255) {
            emitABC(Op::SETLIST, table, b, block);
        } else {
            emitABC(Op::SETLIST, table, b, 255);
            emit(encodeAx(Op::EXTRAARG, unsigned(block)));
        }
        fs_->freeReg = table + 1;
    }

    ExpDesc constructor(const ast::TableExpr* t) {
        line_ = t->newTableLine > 0 ? t->newTableLine : t->line;
        int p = emitABC(Op::NEWTABLE, 0, 0, 0);
        ExpDesc table = makeExp(EK::Reloc, p);
        expToNextReg(table);
        int reg = table.info;
        int arrayCount = 0, hashCount = 0;
        int pendingCount = 0; // positional values in registers, not yet stored
        ExpDesc pending;      // the last positional value, not yet in a register
        for (const auto& field : t->fields) {
            if (pending.k != EK::Void) { // close the previous positional item
                expToNextReg(pending);
                pending.k = EK::Void;
                if (pendingCount == kFieldsPerFlush) {
                    flushList(reg, pendingCount, arrayCount, false);
                    pendingCount = 0;
                }
            }
            line_ = field.line;
            if (field.kind == ast::TableExpr::FieldKind::Positional) {
                pending = expr(field.value);
                arrayCount++;
                pendingCount++;
                continue;
            }
            hashCount++;
            int saved = fs_->freeReg;
            ExpDesc target = makeExp(EK::NonReloc, reg);
            ExpDesc key = expr(field.key);
            expToValue(key);
            indexed(target, key);
            ExpDesc value = expr(field.value);
            store(target, value);
            fs_->freeReg = saved;
        }
        bool toTop = false;
        line_ = t->endLine; // the last item is completed once '}' is read
        if (pending.k != EK::Void) {
            if (pending.isMulti()) {
                setMultiReturn(pending);
                arrayCount--;
                toTop = true;
            } else {
                expToNextReg(pending);
            }
        }
        if (pendingCount > 0) {
            line_ = t->endLine;
            flushList(reg, pendingCount, arrayCount + (toTop ? 1 : 0), toTop);
        }
        at(p) = setC(setB(at(p), unsigned(std::min(arrayCount, 255))),
                     unsigned(std::min(hashCount, 255)));
        return table;
    }

    // ---- Functions ---------------------------------------------------------------------

    ExpDesc closure(const ast::FunctionExpr* f) {
        Proto* child = function(f);
        fs_->protos.push_back(child);
        if (fs_->protos.size() - 1 > size_t(kMaxArgBx))
            failWithoutPosition("too many functions (limit is 65535)");
        line_ = f->endLine; // the closure is made once `end` is read
        int p = emitABx(Op::CLOSURE, 0, int(fs_->protos.size() - 1));
        return makeExp(EK::Reloc, p);
    }

    // ---- Expressions -------------------------------------------------------------------

    ExpDesc expr(const ast::Expr* e) {
        if (e->line > 0) line_ = e->line;
        ExpDesc d = exprNode(e);
        if (e->endLine > 0) line_ = e->endLine;
        return d;
    }

    ExpDesc exprNode(const ast::Expr* e) {
        using K = ast::ExprKind;
        switch (e->kind) {
        case K::Nil: return makeExp(EK::Nil);
        case K::True: return makeExp(EK::True);
        case K::False: return makeExp(EK::False);
        case K::Vararg: return makeExp(EK::Vararg, emitABC(Op::VARARG, 0, 0, 1));
        case K::Integer: {
            ExpDesc d = makeExp(EK::Int);
            d.ival = e->as<ast::IntegerExpr>()->value;
            return d;
        }
        case K::Float: {
            ExpDesc d = makeExp(EK::Flt);
            d.nval = e->as<ast::FloatExpr>()->value;
            return d;
        }
        case K::String: {
            ExpDesc d = makeExp(EK::Str);
            d.sval = intern(e->as<ast::StringExpr>()->value);
            return d;
        }
        case K::Function: return closure(e->as<ast::FunctionExpr>());
        case K::Table: return constructor(e->as<ast::TableExpr>());
        case K::Binary: return binary(e->as<ast::BinaryExpr>());
        case K::Unary: return unary(e->as<ast::UnaryExpr>());
        case K::Paren: {
            ExpDesc d = expr(e->as<ast::ParenExpr>()->inner);
            if (e->endLine > 0) line_ = e->endLine; // discharged once ')' is read
            dischargeVars(d);
            return d;
        }
        case K::Name: return name(e->as<ast::NameExpr>());
        case K::Index:
        case K::Call:
        case K::MethodCall: return suffixed(e);
        }
        fail("internal error: unknown expression");
    }

    // Evaluates all but the last expression into consecutive registers; returns the last
    // one undischarged.
    ExpDesc expressionList(const std::vector<ast::Expr*>& list) {
        for (size_t i = 0; i + 1 < list.size(); i++) {
            ExpDesc e = expr(list[i]);
            expToNextReg(e);
        }
        return list.empty() ? ExpDesc{} : expr(list.back());
    }

    // Adjusts `nexps` values (the last one is `last`) to `nvars` registers.
    void adjustAssign(int nvars, int nexps, ExpDesc& last) {
        int needed = nvars - nexps;
        if (last.isMulti()) {
            int extra = std::max(needed + 1, 0);
            setReturns(last, extra);
        } else {
            if (last.k != EK::Void) expToNextReg(last);
            if (needed > 0) loadNil(fs_->freeReg, needed);
        }
        if (needed > 0)
            reserveRegs(needed);
        else
            fs_->freeReg += needed;
    }

    // Stores `value` into the variable described by `var`.
    void store(ExpDesc& var, ExpDesc& value) {
        switch (var.k) {
        case EK::Local:
            freeExp(value);
            expToReg(value, var.info);
            return;
        case EK::Upval: {
            int r = expToAnyReg(value);
            emitABC(Op::SETUPVAL, r, var.info, 0);
            break;
        }
        case EK::IdxUp: emitABC(Op::SETTABUP, var.info, var.aux, expToAnyReg(value)); break;
        case EK::IdxStr: emitABC(Op::SETFIELD, var.info, var.aux, expToAnyReg(value)); break;
        case EK::IdxInt: emitABC(Op::SETINT, var.info, var.aux, expToAnyReg(value)); break;
        case EK::IdxReg: emitABC(Op::SETTABLE, var.info, var.aux, expToAnyReg(value)); break;
        default: fail("internal error: cannot assign");
        }
        freeExp(value);
    }

    // ---- Locals and blocks -------------------------------------------------------------

    void activate(const ast::LocalVar* v) {
        if (v->isCompileTimeConstant) return;
        int reg = fs_->nactive;
        if (v->slot != reg) fail("internal error: register of local '" + v->name + "'");
        LocalVarInfo info{};
        info.name = intern(v->name);
        info.startPc = uint32_t(pc());
        info.reg = uint8_t(reg);
        fs_->activeInfo.push_back(int(fs_->localInfos.size()));
        fs_->localInfos.push_back(info);
        fs_->activeTbc.push_back(false);
        fs_->nactive++;
    }
    void markToBeClosed(int reg) {
        fs_->activeTbc[reg] = true;
        fs_->tbcActive++;
    }
    // Ends the scope of the locals in registers >= level.
    void removeLocals(int level) {
        while (fs_->nactive > level) {
            fs_->nactive--;
            fs_->localInfos[fs_->activeInfo.back()].endPc = uint32_t(pc());
            fs_->activeInfo.pop_back();
            if (fs_->activeTbc.back()) fs_->tbcActive--;
            fs_->activeTbc.pop_back();
        }
        fs_->freeReg = fs_->nactive;
    }

    // Runs a block's statements in its own scope; closes captured / to-be-closed locals on
    // exit when the block needs it (closeOnExit false: the caller does it).
    void block(const ast::Block* b, bool closeOnExit = true) {
        int level = fs_->nactive;
        statements(b);
        leaveBlock(b, level, closeOnExit);
    }
    void leaveBlock(const ast::Block* b, int level, bool closeOnExit) {
        removeLocals(level);
        if (closeOnExit && b->needsClose) {
            emitABC(Op::CLOSE, level, 0, 0);
        }
    }
    // The line of a statement's last token (lua5.4's "lastline" once it is parsed).
    static int statementEndLine(const ast::Stmt* s) {
        using K = ast::StmtKind;
        switch (s->kind) {
        case K::Local: {
            auto* l = s->as<ast::LocalStmt>();
            return l->values.empty() ? l->vars.back()->line : l->values.back()->endLine;
        }
        case K::LocalFunction: return s->as<ast::LocalFunctionStmt>()->func->endLine;
        case K::Function: return s->as<ast::FunctionStmt>()->func->endLine;
        case K::Assign: return s->as<ast::AssignStmt>()->values.back()->endLine;
        case K::Call: return s->as<ast::CallStmt>()->call->endLine;
        case K::Do: return s->as<ast::DoStmt>()->body->endLine;
        case K::While: return s->as<ast::WhileStmt>()->body->endLine;
        case K::Repeat: return s->as<ast::RepeatStmt>()->cond->endLine;
        case K::If: {
            auto* i = s->as<ast::IfStmt>();
            return (i->elseBody ? i->elseBody : i->clauses.back().body)->endLine;
        }
        case K::NumericFor: return s->as<ast::NumericForStmt>()->body->endLine;
        case K::GenericFor: return s->as<ast::GenericForStmt>()->body->endLine;
        case K::Return: {
            auto* r = s->as<ast::ReturnStmt>();
            return r->values.empty() ? r->line : r->values.back()->endLine;
        }
        default: return s->line;
        }
    }

    void statements(const ast::Block* b) {
        for (const ast::Stmt* s : b->stmts) {
            statement(s);
            if (int end = statementEndLine(s); end > 0) line_ = end;
            assert(fs_->maxStack >= fs_->freeReg && fs_->freeReg >= fs_->nactive);
            fs_->freeReg = fs_->nactive;
        }
    }

    // ---- Statements --------------------------------------------------------------------

    void statement(const ast::Stmt* s) {
        line_ = s->line;
        using K = ast::StmtKind;
        switch (s->kind) {
        case K::Local: localStmt(s->as<ast::LocalStmt>()); break;
        case K::LocalFunction: localFunctionStmt(s->as<ast::LocalFunctionStmt>()); break;
        case K::Function: functionStmt(s->as<ast::FunctionStmt>()); break;
        case K::Assign: assignStmt(s->as<ast::AssignStmt>()); break;
        case K::Call: {
            ExpDesc e = expr(s->as<ast::CallStmt>()->call);
            at(e.info) = setC(at(e.info), 1);
            break;
        }
        case K::Do: block(s->as<ast::DoStmt>()->body); break;
        case K::While: whileStmt(s->as<ast::WhileStmt>()); break;
        case K::Repeat: repeatStmt(s->as<ast::RepeatStmt>()); break;
        case K::If: ifStmt(s->as<ast::IfStmt>()); break;
        case K::NumericFor: numericFor(s->as<ast::NumericForStmt>()); break;
        case K::GenericFor: genericFor(s->as<ast::GenericForStmt>()); break;
        case K::Return: returnStmt(s->as<ast::ReturnStmt>()); break;
        case K::Break: breakStmt(s->as<ast::BreakStmt>()); break;
        case K::Goto: gotoStmt(s->as<ast::GotoStmt>()); break;
        case K::Label: labelStmt(s->as<ast::LabelStmt>()); break;
        }
    }

    void localStmt(const ast::LocalStmt* s) {
        int nvars = int(s->vars.size());
        int nexps = int(s->values.size());
        if (nvars == nexps && s->vars.back()->isCompileTimeConstant) {
            // The last value is a compile-time constant: it needs no register or code.
            for (int i = 0; i + 1 < nexps; i++) {
                ExpDesc e = expr(s->values[i]);
                expToNextReg(e);
            }
        } else {
            ExpDesc last = expressionList(s->values);
            adjustAssign(nvars, nexps, last);
        }
        for (const ast::LocalVar* v : s->vars)
            activate(v);
        for (const ast::LocalVar* v : s->vars) {
            if (v->attrib == ast::Attrib::Close && !v->isCompileTimeConstant) {
                markToBeClosed(v->slot);
                emitABC(Op::TBC, v->slot, 0, 0);
            }
        }
    }

    void localFunctionStmt(const ast::LocalFunctionStmt* s) {
        activate(s->var);
        int infoIndex = fs_->activeInfo.back();
        ExpDesc f = closure(s->func);
        expToNextReg(f);
        fs_->localInfos[infoIndex].startPc = uint32_t(pc());
    }

    // The variable an assignment target denotes (not loaded).
    ExpDesc target(const ast::Expr* e) {
        if (e->kind == ast::ExprKind::Name) return name(e->as<ast::NameExpr>());
        if (e->kind == ast::ExprKind::Index) return suffixed(e);
        fail("internal error: bad assignment target");
    }

    void functionStmt(const ast::FunctionStmt* s) {
        ExpDesc var = target(s->target);
        ExpDesc f = closure(s->func);
        line_ = s->line;
        store(var, f);
        fixLine(s->line);
    }

    // A later target of a multiple assignment is a local or upvalue that an earlier indexed
    // target uses as its table or key: that earlier target must keep the old value, so it
    // is copied to a fresh register first.
    void checkConflict(std::vector<ExpDesc>& targets, const ExpDesc& v) {
        int extra = fs_->freeReg;
        bool conflict = false;
        for (ExpDesc& t : targets) {
            if (t.k == EK::IdxUp) {
                if (v.k == EK::Upval && t.info == v.info) {
                    conflict = true;
                    t.k = EK::IdxStr;
                    t.info = extra;
                }
            } else if (t.k == EK::IdxStr || t.k == EK::IdxInt || t.k == EK::IdxReg) {
                if (v.k == EK::Local && t.info == v.info) {
                    conflict = true;
                    t.info = extra;
                }
                if (t.k == EK::IdxReg && v.k == EK::Local && t.aux == v.info) {
                    conflict = true;
                    t.aux = extra;
                }
            }
        }
        if (!conflict) return;
        if (v.k == EK::Local)
            emitABC(Op::MOVE, extra, v.info, 0);
        else
            emitABC(Op::GETUPVAL, extra, v.info, 0);
        reserveRegs(1);
    }

    void assignStmt(const ast::AssignStmt* s) {
        std::vector<ExpDesc> targets;
        for (const ast::Expr* t : s->targets) {
            ExpDesc v = target(t);
            if (v.k == EK::Local || v.k == EK::Upval) checkConflict(targets, v);
            targets.push_back(v);
        }
        int nvars = int(targets.size());
        int nexps = int(s->values.size());
        ExpDesc last = expressionList(s->values);
        int storeLine = s->values.back()->endLine;
        if (nvars == nexps) {
            if (last.isMulti()) setOneReturn(last);
            line_ = storeLine;
            store(targets.back(), last);
            for (int i = nvars - 2; i >= 0; i--) {
                ExpDesc value = makeExp(EK::NonReloc, fs_->freeReg - 1);
                line_ = storeLine;
                store(targets[i], value);
            }
            return;
        }
        adjustAssign(nvars, nexps, last);
        for (int i = nvars - 1; i >= 0; i--) {
            ExpDesc value = makeExp(EK::NonReloc, fs_->freeReg - 1);
            line_ = storeLine;
            store(targets[i], value);
        }
    }

    // Condition of an if/while: returns the jump list taken when it is false.
    // The jump list taken when cond is false. testLine > 0: the line of the final test (and of
    // discharging cond), as lua5.4 tests an if's condition once `then` is read.
    int condition(const ast::Expr* cond, int testLine = 0) {
        ExpDesc e = expr(cond);
        if (testLine > 0) line_ = testLine;
        if (e.k == EK::Nil) e.k = EK::False; // falses are all equal here
        goIfTrue(e);
        return e.f;
    }

    void enterLoop(const ast::Stmt* s) { fs_->loops.push_back({s, kNoJump}); }
    // Patches the loop's breaks to the current pc; when a break leaves locals that need
    // closing, they land on a CLOSE emitted here on `line` (the loop's last line).
    void leaveLoop(int line) {
        LoopState loop = fs_->loops.back();
        fs_->loops.pop_back();
        patchToHere(loop.breaks);
        if (loop.closeLevel >= 0) {
            if (line > 0) line_ = line;
            emitABC(Op::CLOSE, loop.closeLevel, 0, 0);
        }
    }

    void whileStmt(const ast::WhileStmt* s) {
        int start = pc();
        markLabel();
        int exit = condition(s->cond);
        enterLoop(s);
        block(s->body);
        jumpBack(start);
        leaveLoop(s->body->endLine);
        patchToHere(exit); // a false condition leaves without the breaks' CLOSE
    }

    void repeatStmt(const ast::RepeatStmt* s) {
        int start = pc();
        markLabel();
        enterLoop(s);
        int level = fs_->nactive;
        statements(s->body);
        line_ = s->untilLine;
        ExpDesc e = expr(s->cond);
        if (e.k == EK::Nil) e.k = EK::False;
        goIfTrue(e); // falls through when the loop ends
        if (s->body->needsClose) {
            // Both ways out of the iteration close the body's upvalues first.
            int exit = kNoJump;
            emitABC(Op::CLOSE, level, 0, 0);
            exit = emitJump();
            patchToHere(e.f);
            emitABC(Op::CLOSE, level, 0, 0);
            jumpBack(start);
            removeLocals(level);
            patchToHere(exit);
        } else {
            patchList(e.f, start);
            removeLocals(level);
        }
        leaveLoop(s->cond->endLine);
    }

    void ifStmt(const ast::IfStmt* s) {
        int escape = kNoJump;
        size_t n = s->clauses.size();
        for (size_t i = 0; i < n; i++) {
            const auto& clause = s->clauses[i];
            line_ = clause.line;
            if (isPlainBreak(clause.body)) {
                // `if cond then break end`: the condition jumps straight out of the loop.
                ExpDesc e = expr(clause.cond);
                if (clause.thenLine > 0) line_ = clause.thenLine;
                goIfFalse(e);
                const auto* brk = clause.body->stmts[0]->as<ast::BreakStmt>();
                concatJumps(loopOf(brk->loop).breaks, e.t);
                continue;
            }
            int next = condition(clause.cond, clause.thenLine);
            block(clause.body);
            if (i + 1 < n || s->elseBody) {
                concatJumps(escape, emitJump());
            }
            patchToHere(next);
        }
        if (s->elseBody) block(s->elseBody);
        patchToHere(escape);
    }

    // A block that is just a `break` with nothing to close.
    static bool isPlainBreak(const ast::Block* b) {
        return b->stmts.size() == 1 && b->locals.empty() &&
               b->stmts[0]->kind == ast::StmtKind::Break &&
               !breakNeedsClose(b->stmts[0]->as<ast::BreakStmt>());
    }
    // A break out of a generic for lands on the loop's exit CLOSE, which closes everything
    // the break leaves; other breaks close for themselves when they leave captured or
    // to-be-closed locals.
    static bool breakNeedsClose(const ast::BreakStmt* s) {
        return s->needsClose && s->loop->kind != ast::StmtKind::GenericFor;
    }

    void numericFor(const ast::NumericForStmt* s) {
        int base = fs_->freeReg;
        ExpDesc e = expr(s->start);
        expToNextReg(e);
        e = expr(s->limit);
        expToNextReg(e);
        if (s->step) {
            e = expr(s->step);
            expToNextReg(e);
        } else {
            loadInt(fs_->freeReg, 1);
            reserveRegs(1);
        }
        for (const ast::LocalVar* v : s->hidden)
            activate(v);
        line_ = s->doLine > 0 ? s->doLine : s->line; // lua5.4 checks the loop values at `do`
        int prep = emitABx(Op::FORPREP, base, 0);
        enterLoop(s);
        int level = fs_->nactive;
        activate(s->var);
        reserveRegs(1);
        statements(s->body);
        leaveBlock(s->body, level, true);
        line_ = s->line;
        int loop = emitABx(Op::FORLOOP, base, 0);
        if (loop - prep > kMaxArgBx) fail("control structure too long");
        at(prep) = setBx(at(prep), unsigned(loop - prep - 1));
        at(loop) = setBx(at(loop), unsigned(loop - prep));
        leaveLoop(s->body->endLine);
        removeLocals(base);
    }

    void genericFor(const ast::GenericForStmt* s) {
        int base = fs_->freeReg;
        ExpDesc last = expressionList(s->exprs);
        adjustAssign(4, int(s->exprs.size()), last);
        for (const ast::LocalVar* v : s->hidden)
            activate(v);
        markToBeClosed(base + 3);
        fs_->needsClose = true;
        line_ = s->doLine > 0 ? s->doLine : s->line;
        int prep = emitABx(Op::TFORPREP, base, 0);
        enterLoop(s);
        int level = fs_->nactive;
        for (const ast::LocalVar* v : s->vars)
            activate(v);
        reserveRegs(int(s->vars.size()));
        statements(s->body);
        leaveBlock(s->body, level, true);
        // lua5.4 gives the iterator call and the loop jump the line of the first token after `in`
        line_ = s->exprLine > 0 ? s->exprLine : s->line;
        int callPc = pc();
        if (callPc - (prep + 1) > kMaxArgBx) fail("control structure too long");
        at(prep) = setBx(at(prep), unsigned(callPc - (prep + 1)));
        markLabel();
        emitABC(Op::TFORCALL, base, 0, int(s->vars.size()));
        int loop = emitABx(Op::TFORLOOP, base, 0);
        at(loop) = setBx(at(loop), unsigned(loop - prep));
        leaveLoop(s->body->endLine);
        removeLocals(base);
        line_ = s->body->endLine; // the loop's scope ends at its `end`
        emitABC(Op::CLOSE, base, 0, 0);
    }

    void returnStmt(const ast::ReturnStmt* s) {
        int first = fs_->nactive;
        int n = int(s->values.size());
        if (n == 0) {
            emitABC(Op::RETURN0, first, 1, 0);
            return;
        }
        if (n == 1 && !s->values[0]->isMultiValue()) {
            ExpDesc e = expr(s->values[0]);
            first = expToAnyReg(e);
            emitABC(Op::RETURN1, first, 2, 0);
            return;
        }
        ExpDesc last = expressionList(s->values);
        int b;
        if (last.isMulti()) {
            setMultiReturn(last);
            if (n == 1 && last.k == EK::Call && fs_->tbcActive == 0)
                at(last.info) =
                    encodeABC(Op::TAILCALL, getA(at(last.info)), getB(at(last.info)), 0);
            b = 0;
        } else {
            expToNextReg(last);
            b = n + 1;
        }
        emitABC(Op::RETURN, first, b, 0);
    }

    LoopState& loopOf(const ast::Stmt* loop) {
        for (auto it = fs_->loops.rbegin(); it != fs_->loops.rend(); ++it)
            if (it->loop == loop) return *it;
        fail("internal error: break outside its loop");
    }

    void breakStmt(const ast::BreakStmt* s) {
        LoopState& loop = loopOf(s->loop);
        if (breakNeedsClose(s)) loop.closeLevel = s->targetSlots; // closed where breaks land
        concatJumps(loop.breaks, emitJump());
    }

    void gotoStmt(const ast::GotoStmt* s) {
        auto it = fs_->labelPc.find(s->target);
        bool backward = it != fs_->labelPc.end();
        if (s->needsClose) {
            if (backward)
                emitABC(Op::CLOSE, s->targetSlots, 0, 0);
            else
                fs_->labelsThatClose.insert(s->target);
        }
        int j = emitJump();
        if (backward)
            setJumpDestination(j, it->second);
        else
            concatJumps(fs_->pendingGotos.try_emplace(s->target, kNoJump).first->second, j);
    }

    void labelStmt(const ast::LabelStmt* s) {
        markLabel();
        fs_->labelPc[s] = pc();
        auto it = fs_->pendingGotos.find(s);
        if (it != fs_->pendingGotos.end()) {
            patchList(it->second, pc());
            fs_->pendingGotos.erase(it);
        }
        if (fs_->labelsThatClose.count(s)) {
            line_ = s->line;
            emitABC(Op::CLOSE, s->activeSlots, 0, 0);
        }
    }

    // ---- Functions ---------------------------------------------------------------------

    // Compiles one function (and the functions nested in it) into a Proto.
    Proto* function(const ast::FunctionExpr* fn) {
        FuncState fs;
        fs.fn = fn;
        fs.needsClose = functionNeedsClose(fn);
        FuncState* savedFs = fs_;
        int savedLine = line_;
        fs_ = &fs;
        line_ = fn->isMain ? 1 : fn->line;
        for (const ast::LocalVar* p : fn->params)
            activate(p);
        reserveRegs(fs.nactive);
        if (fn->isVararg) emitABC(Op::VARARGPREP, int(fn->params.size()), 0, 0);
        statements(fn->body);
        if (!fn->isMain) line_ = fn->endLine; // main: the last token's line, where line_ is
        emitABC(Op::RETURN0, fs.nactive, 1, 0);
        removeLocals(0);
        finishReturns();
        Proto* p = buildProto(fs);
        fs_ = savedFs;
        line_ = savedLine;
        return p;
    }

    // Final pass over the returns: a function that must close something, or a vararg
    // function, uses the general RETURN everywhere; RETURN's C says whether to close.
    void finishReturns() {
        bool general = fs_->needsClose || fs_->fn->isVararg;
        unsigned close = fs_->needsClose ? 1 : 0;
        for (Instruction& i : fs_->code) {
            switch (getOp(i)) {
            case Op::RETURN0:
            case Op::RETURN1:
                if (general)
                    i = encodeABC(Op::RETURN, getA(i), getOp(i) == Op::RETURN0 ? 1 : 2, close);
                else
                    i = encodeABC(getOp(i), getA(i), 0, 0);
                break;
            case Op::RETURN: i = setC(i, close); break;
            default: break;
            }
        }
    }

    Proto* buildProto(FuncState& fs) {
        const ast::FunctionExpr* fn = fs.fn;
        Proto* p = newObject<Proto>(vm_, Tag::Proto);
        p->source = source_;
        p->lineDefined = fn->isMain ? 0 : fn->line;
        p->lastLineDefined = fn->isMain ? 0 : fn->endLine;
        p->numParams = uint8_t(fn->params.size());
        p->isVararg = fn->isVararg ? 1 : 0;
        p->maxStackSize = uint8_t(fs.maxStack);

        size_t n = fs.code.size();
        p->codeSize = uint32_t(n);
        p->code = memAllocArray<Instruction>(vm_, n);
        std::memcpy(p->code, fs.code.data(), n * sizeof(Instruction));
        p->lineInfo = memAllocArray<int32_t>(vm_, n);
        std::memcpy(p->lineInfo, fs.lines.data(), n * sizeof(int32_t));

        p->constants = memAllocArray<Value>(vm_, fs.constants.size());
        std::copy(fs.constants.begin(), fs.constants.end(), p->constants);
        p->numConstants = uint32_t(fs.constants.size());

        p->protos = memAllocArray<Proto*>(vm_, fs.protos.size());
        std::copy(fs.protos.begin(), fs.protos.end(), p->protos);
        p->numProtos = uint32_t(fs.protos.size());

        p->locals = memAllocArray<LocalVarInfo>(vm_, fs.localInfos.size());
        std::copy(fs.localInfos.begin(), fs.localInfos.end(), p->locals);
        p->numLocals = uint32_t(fs.localInfos.size());

        if (fn->upvalues.size() > size_t(kMaxRegisters)) fail("too many upvalues (limit is 255)");
        std::vector<UpvalueDesc> ups;
        for (const ast::UpvalDesc& u : fn->upvalues) {
            UpvalueDesc d{};
            d.name = intern(u.name);
            switch (u.source) {
            case ast::UpvalSource::ParentLocal:
                d.inParentStack = true;
                d.index = uint8_t(u.local->slot);
                break;
            case ast::UpvalSource::ParentUpvalue:
                d.inParentStack = false;
                d.index = uint8_t(u.parentIndex);
                break;
            case ast::UpvalSource::Outside:
                d.inParentStack = true;
                d.index = 0;
                break;
            }
            ups.push_back(d);
        }
        p->upvalues = memAllocArray<UpvalueDesc>(vm_, ups.size());
        std::copy(ups.begin(), ups.end(), p->upvalues);
        p->numUpvalues = uint16_t(ups.size());
        return p;
    }
};

} // namespace

Proto* generateCode(VM& vm, const ast::Chunk& chunk, String* source, std::string& error) {
    Generator gen(vm, chunk, source);
    try {
        return gen.generate(chunk.main);
    } catch (CodegenError& e) {
        error = std::move(e.message);
        return nullptr;
    }
}

} // namespace tricolor
