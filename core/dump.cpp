// dump.cpp — binary chunks (see dump.h for the format and the loader's guarantees).
#include "core/dump.h"

#include <cstring>
#include <vector>

#include "core/memory.h"
#include "core/number.h"
#include "core/opcodes.h"
#include "core/string.h"
#include "core/vm.h"

namespace tricolor {
namespace {

constexpr uint8_t kFormat = 0;
constexpr Integer kCheckInteger = 0x5678;
constexpr Number kCheckNumber = 370.5;

// ---- Writing ------------------------------------------------------------------------

class Writer {
  public:
    void byte(uint8_t b) { out_.push_back(char(b)); }
    void u32(uint32_t v) {
        for (int i = 0; i < 4; i++)
            byte(uint8_t(v >> (8 * i)));
    }
    void u64(uint64_t v) {
        for (int i = 0; i < 8; i++)
            byte(uint8_t(v >> (8 * i)));
    }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            byte(uint8_t(v | 0x80));
            v >>= 7;
        }
        byte(uint8_t(v));
    }
    void svarint(int64_t v) { varint((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
    void string(const String* s) {
        if (!s) {
            varint(0);
            return;
        }
        varint(uint64_t(s->length) + 1);
        out_.append(s->data(), s->length);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

void writeConstant(Writer& w, const Value& v) {
    w.byte(uint8_t(v.tag));
    switch (v.tag) {
    case Tag::Int: w.u64(uint64_t(v.i)); break;
    case Tag::Float: w.u64(floatBits(v.n)); break;
    case Tag::String: w.string(v.asString()); break;
    default: break; // nil, false, true
    }
}

void writeFunction(Writer& w, const Proto* p, const String* parentSource, bool strip) {
    w.string(strip || p->source == parentSource ? nullptr : p->source);
    w.varint(uint32_t(p->lineDefined));
    w.varint(uint32_t(p->lastLineDefined));
    w.byte(p->numParams);
    w.byte(p->isVararg);
    w.byte(p->maxStackSize);
    w.varint(p->codeSize);
    for (uint32_t i = 0; i < p->codeSize; i++)
        w.u32(p->code[i]);
    w.varint(p->numConstants);
    for (uint32_t i = 0; i < p->numConstants; i++)
        writeConstant(w, p->constants[i]);
    w.varint(p->numUpvalues);
    for (uint32_t i = 0; i < p->numUpvalues; i++) {
        w.byte(p->upvalues[i].inParentStack ? 1 : 0);
        w.byte(p->upvalues[i].index);
    }
    w.varint(p->numProtos);
    for (uint32_t i = 0; i < p->numProtos; i++)
        writeFunction(w, p->protos[i], p->source, strip);
    // Debug information.
    uint32_t nlines = strip || !p->lineInfo ? 0 : p->codeSize;
    w.varint(nlines);
    for (uint32_t i = 0; i < nlines; i++)
        w.svarint(p->lineInfo[i]);
    uint32_t nlocals = strip ? 0 : p->numLocals;
    w.varint(nlocals);
    for (uint32_t i = 0; i < nlocals; i++) {
        const LocalVarInfo& l = p->locals[i];
        w.string(l.name);
        w.varint(l.startPc);
        w.varint(l.endPc);
        w.byte(l.reg);
    }
    uint32_t nnames = strip ? 0 : p->numUpvalues;
    w.varint(nnames);
    for (uint32_t i = 0; i < nnames; i++)
        w.string(p->upvalues[i].name);
}

// ---- Reading ------------------------------------------------------------------------

struct UndumpError {
    const char* why;
};

class Reader {
  public:
    explicit Reader(std::string_view data) : data_(data) {}

    [[noreturn]] static void truncated() { throw UndumpError{"truncated chunk"}; }
    [[noreturn]] static void corrupted() { throw UndumpError{"corrupted chunk"}; }

    size_t left() const { return data_.size() - pos_; }
    uint8_t byte() {
        if (pos_ >= data_.size()) truncated();
        return uint8_t(data_[pos_++]);
    }
    uint32_t u32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; i++)
            v |= uint32_t(byte()) << (8 * i);
        return v;
    }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; i++)
            v |= uint64_t(byte()) << (8 * i);
        return v;
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t b = byte();
            v |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return v;
        }
        corrupted();
    }
    int64_t svarint() {
        uint64_t z = varint();
        return int64_t(z >> 1) ^ -int64_t(z & 1);
    }
    // A varint that must fit in `max`.
    uint32_t bounded(uint64_t max) {
        uint64_t v = varint();
        if (v > max) corrupted();
        return uint32_t(v);
    }
    // An element count, each element taking at least `minBytes` bytes of what is left.
    uint32_t count(size_t minBytes) {
        uint64_t n = varint();
        if (n > UINT32_MAX) corrupted();
        if (minBytes > 0 && n > left() / minBytes) truncated();
        return uint32_t(n);
    }
    String* string(VM& vm) {
        uint64_t size = varint();
        if (size == 0) return nullptr;
        size -= 1;
        if (size > left()) truncated();
        String* s = internString(vm, data_.data() + pos_, size_t(size));
        pos_ += size_t(size);
        return s;
    }
    void expect(std::string_view bytes, const char* why) {
        if (left() < bytes.size()) truncated();
        if (data_.substr(pos_, bytes.size()) != bytes) throw UndumpError{why};
        pos_ += bytes.size();
    }
    bool atEnd() const { return pos_ == data_.size(); }

  private:
    std::string_view data_;
    size_t pos_ = 0;
};

Value readConstant(VM& vm, Reader& r) {
    auto tag = Tag(r.byte());
    switch (tag) {
    case Tag::Nil: return Value::nil();
    case Tag::False: return Value::boolean(false);
    case Tag::True: return Value::boolean(true);
    case Tag::Int: return Value::integer(Integer(r.u64()));
    case Tag::Float: return Value::number(floatFromBits(r.u64()));
    case Tag::String: {
        String* s = r.string(vm);
        if (!s) Reader::corrupted();
        return Value::object(s);
    }
    default: Reader::corrupted();
    }
}

// Reads one function. Every array is allocated zeroed with its exact count and owned by
// the Proto as soon as it exists, so a memory error leaves a consistent (garbage) Proto.
Proto* readFunction(VM& vm, Reader& r, String* parentSource, const Proto* parent, int depth) {
    if (depth > kMaxDumpDepth) Reader::corrupted();
    Proto* p = newObject<Proto>(vm, Tag::Proto);
    String* source = r.string(vm);
    p->source = source ? source : parentSource;
    p->lineDefined = int32_t(r.bounded(INT32_MAX));
    p->lastLineDefined = int32_t(r.bounded(INT32_MAX));
    p->numParams = r.byte();
    p->isVararg = r.byte();
    p->maxStackSize = r.byte();
    if (p->isVararg > 1) Reader::corrupted();

    uint32_t ncode = r.count(4);
    p->code = memAllocArray<Instruction>(vm, ncode);
    p->codeSize = ncode;
    for (uint32_t i = 0; i < ncode; i++)
        p->code[i] = r.u32();

    uint32_t nk = r.count(1);
    p->constants = memAllocArray<Value>(vm, nk);
    for (uint32_t i = 0; i < nk; i++)
        p->constants[i] = Value::nil();
    p->numConstants = nk;
    for (uint32_t i = 0; i < nk; i++)
        p->constants[i] = readConstant(vm, r);

    uint32_t nup = r.count(2);
    if (nup > kMaxRegisters) Reader::corrupted();
    p->upvalues = memAllocArray<UpvalueDesc>(vm, nup);
    for (uint32_t i = 0; i < nup; i++)
        p->upvalues[i] = UpvalueDesc{};
    p->numUpvalues = uint16_t(nup);
    for (uint32_t i = 0; i < nup; i++) {
        uint8_t inStack = r.byte();
        if (inStack > 1) Reader::corrupted();
        p->upvalues[i].inParentStack = inStack == 1;
        p->upvalues[i].index = r.byte();
    }

    uint32_t nprotos = r.count(1);
    p->protos = memAllocArray<Proto*>(vm, nprotos);
    for (uint32_t i = 0; i < nprotos; i++)
        p->protos[i] = nullptr;
    p->numProtos = nprotos;
    for (uint32_t i = 0; i < nprotos; i++)
        p->protos[i] = readFunction(vm, r, p->source, p, depth + 1);

    uint32_t nlines = r.count(1);
    if (nlines != 0 && nlines != ncode) Reader::corrupted();
    if (nlines) {
        auto* lines = memAllocArray<int32_t>(vm, nlines);
        std::memset(lines, 0, nlines * sizeof(int32_t));
        p->lineInfo = lines;
        for (uint32_t i = 0; i < nlines; i++) {
            int64_t line = r.svarint();
            if (line < INT32_MIN || line > INT32_MAX) Reader::corrupted();
            lines[i] = int32_t(line);
        }
    }
    uint32_t nlocals = r.count(4);
    p->locals = memAllocArray<LocalVarInfo>(vm, nlocals);
    for (uint32_t i = 0; i < nlocals; i++)
        p->locals[i] = LocalVarInfo{};
    p->numLocals = nlocals;
    for (uint32_t i = 0; i < nlocals; i++) {
        LocalVarInfo& l = p->locals[i];
        l.name = r.string(vm);
        l.startPc = r.bounded(UINT32_MAX);
        l.endPc = r.bounded(UINT32_MAX);
        l.reg = r.byte();
        if (!l.name) Reader::corrupted();
    }
    uint32_t nnames = r.count(1);
    if (nnames != 0 && nnames != nup) Reader::corrupted();
    for (uint32_t i = 0; i < nnames; i++)
        p->upvalues[i].name = r.string(vm);

    if (!verifyProto(p, parent).empty()) Reader::corrupted();
    return p;
}

void readHeader(Reader& r) {
    r.expect(std::string_view(kBinaryChunkSignature, 4), "not a binary chunk");
    if (r.byte() != kBinaryChunkVersion) throw UndumpError{"version mismatch"};
    if (r.byte() != kFormat) throw UndumpError{"format mismatch"};
    if (r.byte() != sizeof(Instruction)) throw UndumpError{"Instruction size mismatch"};
    if (r.byte() != sizeof(Integer)) throw UndumpError{"lua_Integer size mismatch"};
    if (r.byte() != sizeof(Number)) throw UndumpError{"lua_Number size mismatch"};
    if (Integer(r.u64()) != kCheckInteger) throw UndumpError{"integer format mismatch"};
    if (floatFromBits(r.u64()) != kCheckNumber) throw UndumpError{"float format mismatch"};
}

// The name lua5.4 gives a binary chunk in its error messages.
std::string chunkDisplayName(std::string_view chunkName) {
    if (!chunkName.empty() && (chunkName[0] == '@' || chunkName[0] == '='))
        return std::string(chunkName.substr(1));
    if (!chunkName.empty() && chunkName[0] == kBinaryChunkSignature[0]) return "binary string";
    return std::string(chunkName);
}

// ---- Verification -------------------------------------------------------------------

class Verifier {
  public:
    Verifier(const Proto* p, const Proto* parent) : p_(p), parent_(parent) {}

    std::string run() {
        if (p_->numParams > p_->maxStackSize) return "parameters exceed the frame";
        if (p_->codeSize == 0) return "no code";
        Op last = getOp(p_->code[p_->codeSize - 1]);
        if (last != Op::RETURN && last != Op::RETURN0 && last != Op::RETURN1)
            return "code does not end with a return";
        if (p_->isVararg && getOp(p_->code[0]) != Op::VARARGPREP)
            return "vararg function without VARARGPREP";
        for (uint32_t pc = 0; pc < p_->codeSize && error_.empty(); pc++)
            instruction(pc);
        if (!error_.empty()) return error_;
        for (uint32_t i = 0; i < p_->numConstants; i++) {
            Tag t = p_->constants[i].tag;
            if (t != Tag::Nil && t != Tag::False && t != Tag::True && t != Tag::Int &&
                t != Tag::Float && t != Tag::String)
                return "bad constant";
        }
        for (uint32_t i = 0; i < p_->numUpvalues && parent_; i++) {
            const UpvalueDesc& u = p_->upvalues[i];
            if (u.inParentStack ? u.index >= parent_->maxStackSize
                                : u.index >= parent_->numUpvalues)
                return "bad upvalue descriptor";
        }
        for (uint32_t i = 0; i < p_->numLocals; i++) {
            const LocalVarInfo& l = p_->locals[i];
            if (l.reg >= p_->maxStackSize || l.startPc > l.endPc || l.endPc > p_->codeSize)
                return "bad local variable information";
        }
        return "";
    }

  private:
    const Proto* p_;
    const Proto* parent_;
    std::string error_;

    void bad(const char* what) {
        if (error_.empty()) error_ = what;
    }
    unsigned size() const { return p_->codeSize; }
    void reg(unsigned r) {
        if (r >= p_->maxStackSize) bad("register out of range");
    }
    // Registers r .. r+n-1 exist.
    void range(unsigned r, unsigned n) {
        if (r + n > p_->maxStackSize) bad("register range out of range");
    }
    void constant(unsigned k) {
        if (k >= p_->numConstants) bad("constant out of range");
    }
    void stringConstant(unsigned k) {
        constant(k);
        if (error_.empty() && !p_->constants[k].isString()) bad("constant is not a string");
    }
    void numberConstant(unsigned k, bool integerOnly) {
        constant(k);
        if (!error_.empty()) return;
        const Value& v = p_->constants[k];
        if (integerOnly ? !v.isInt() : !v.isNumber()) bad("constant is not a number");
    }
    void upvalue(unsigned u) {
        if (u >= p_->numUpvalues) bad("upvalue out of range");
    }
    Op opAt(int64_t pc) const { return getOp(p_->code[pc]); }
    void target(int64_t pc) {
        if (pc < 0 || pc >= int64_t(size())) {
            bad("jump out of range");
            return;
        }
        if (opAt(pc) == Op::EXTRAARG) bad("jump into an EXTRAARG");
    }
    void followedBy(uint32_t pc, Op op) {
        if (pc + 1 >= size() || opAt(pc + 1) != op) bad("broken instruction pair");
    }
    bool extraArgAllowed(uint32_t pc) const {
        if (pc == 0) return false;
        Instruction prev = p_->code[pc - 1];
        return getOp(prev) == Op::LOADKX || (getOp(prev) == Op::SETLIST && getC(prev) == 255);
    }

    void instruction(uint32_t pc) {
        Instruction i = p_->code[pc];
        if (uint8_t(getOp(i)) >= uint8_t(Op::Count)) {
            bad("bad opcode");
            return;
        }
        unsigned a = getA(i), b = getB(i), c = getC(i);
        RegisterEffect written = registersWritten(i);
        if (written.count == kUpToTop || written.count == 1)
            reg(written.first);
        else if (written.count > 0)
            range(written.first, written.count);
        if (isTestOp(getOp(i))) followedBy(pc, Op::JMP);
        // Below: what each instruction reads (registers, constants, upvalues, jump targets).
        switch (getOp(i)) {
        case Op::LOADI:
        case Op::LOADF:
        case Op::LOADFALSE:
        case Op::LOADTRUE:
        case Op::LOADNIL:
        case Op::NEWTABLE:
        case Op::RETURN0: break;
        case Op::MOVE: reg(b); break;
        case Op::TBC: reg(a); break;
        case Op::LOADK: constant(getBx(i)); break;
        case Op::LOADKX:
            followedBy(pc, Op::EXTRAARG);
            if (error_.empty()) constant(getAx(p_->code[pc + 1]));
            break;
        case Op::GETUPVAL: upvalue(b); break;
        case Op::SETUPVAL: reg(a), upvalue(b); break;
        case Op::GETTABUP: upvalue(b), stringConstant(c); break;
        case Op::GETTABLE: reg(b), reg(c); break;
        case Op::SETTABLE: reg(a), reg(b), reg(c); break;
        case Op::GETINT: reg(b); break;
        case Op::GETFIELD: reg(b), stringConstant(c); break;
        case Op::SETTABUP: upvalue(a), stringConstant(b), reg(c); break;
        case Op::SETINT: reg(a), reg(c); break;
        case Op::SETFIELD: reg(a), stringConstant(b), reg(c); break;
        case Op::SELF: reg(b), stringConstant(c); break;
        case Op::ADD:
        case Op::SUB:
        case Op::MUL:
        case Op::MOD:
        case Op::POW:
        case Op::DIV:
        case Op::IDIV:
        case Op::BAND:
        case Op::BOR:
        case Op::BXOR:
        case Op::SHL:
        case Op::SHR: reg(b), reg(c); break;
        case Op::ADDK:
        case Op::SUBK:
        case Op::MULK:
        case Op::MODK:
        case Op::POWK:
        case Op::DIVK:
        case Op::IDIVK: reg(b), numberConstant(c, false); break;
        case Op::BANDK:
        case Op::BORK:
        case Op::BXORK: reg(b), numberConstant(c, true); break;
        case Op::ADDI:
        case Op::UNM:
        case Op::BNOT:
        case Op::NOT:
        case Op::LEN: reg(b); break;
        case Op::CONCAT:
            if (b < 2) bad("bad CONCAT");
            range(a, b);
            break;
        case Op::CLOSE:
            if (a > p_->maxStackSize) bad("register out of range");
            break;
        case Op::JMP: target(int64_t(pc) + 1 + getSJ(i)); break;
        case Op::EQ:
        case Op::LT:
        case Op::LE: reg(a), reg(b); break;
        case Op::EQK: reg(a), constant(b); break;
        case Op::EQI:
        case Op::LTI:
        case Op::LEI:
        case Op::GTI:
        case Op::GEI:
        case Op::TEST: reg(a); break;
        case Op::TESTSET: reg(b); break;
        case Op::CALL:
        case Op::TAILCALL: range(a, b == 0 ? 1 : b); break;
        case Op::RETURN:
            if (b > 0) range(a, b - 1);
            if (a > p_->maxStackSize) bad("register out of range");
            if (c > 1) bad("bad RETURN");
            break;
        case Op::RETURN1: reg(a); break;
        case Op::FORPREP: {
            int64_t loop = int64_t(pc) + 1 + getBx(i);
            if (loop >= int64_t(size()) || opAt(loop) != Op::FORLOOP || getA(p_->code[loop]) != a)
                bad("bad FORPREP");
            break;
        }
        case Op::FORLOOP: target(int64_t(pc) + 1 - getBx(i)); break;
        case Op::TFORPREP: {
            range(a, 4);
            int64_t call = int64_t(pc) + 1 + getBx(i);
            if (call >= int64_t(size()) || opAt(call) != Op::TFORCALL || getA(p_->code[call]) != a)
                bad("bad TFORPREP");
            break;
        }
        case Op::TFORCALL:
            if (c < 1) bad("bad TFORCALL");
            range(a, 4);
            followedBy(pc, Op::TFORLOOP);
            if (error_.empty() && getA(p_->code[pc + 1]) != a) bad("bad TFORCALL");
            break;
        case Op::TFORLOOP:
            range(a, 5);
            target(int64_t(pc) + 1 - getBx(i));
            break;
        case Op::SETLIST:
            range(a, b + 1);
            if (c == 255) followedBy(pc, Op::EXTRAARG);
            break;
        case Op::CLOSURE:
            if (getBx(i) >= p_->numProtos) bad("function out of range");
            break;
        case Op::VARARG:
            if (!p_->isVararg) bad("VARARG outside a vararg function");
            reg(a);
            break;
        case Op::VARARGPREP:
            if (pc != 0 || !p_->isVararg || a != p_->numParams) bad("bad VARARGPREP");
            break;
        case Op::EXTRAARG:
            if (!extraArgAllowed(pc)) bad("stray EXTRAARG");
            break;
        case Op::Count: bad("bad opcode"); break;
        }
    }
};

} // namespace

std::string verifyProto(const Proto* p, const Proto* parent) {
    return Verifier(p, parent).run();
}

std::string dumpProto(const Proto* p, bool strip) {
    Writer w;
    for (int i = 0; i < 4; i++)
        w.byte(uint8_t(kBinaryChunkSignature[i]));
    w.byte(kBinaryChunkVersion);
    w.byte(kFormat);
    w.byte(sizeof(Instruction));
    w.byte(sizeof(Integer));
    w.byte(sizeof(Number));
    w.u64(uint64_t(kCheckInteger));
    w.u64(floatBits(kCheckNumber));
    w.byte(uint8_t(p->numUpvalues));
    writeFunction(w, p, nullptr, strip);
    return w.take();
}

Proto* undump(VM& vm, std::string_view data, std::string_view chunkName, std::string& error) {
    Reader r(data);
    try {
        readHeader(r);
        uint8_t nup = r.byte();
        Proto* p = readFunction(vm, r, nullptr, nullptr, 0);
        if (p->numUpvalues != nup || !r.atEnd()) Reader::corrupted();
        return p;
    } catch (const UndumpError& e) {
        error = chunkDisplayName(chunkName) + ": bad binary format (" + e.why + ")";
        return nullptr;
    }
}

} // namespace tricolor
