// disasm.cpp — bytecode listings (see disasm.h).
#include "core/disasm.h"

#include <cstdio>

#include "core/number.h"
#include "core/opcodes.h"
#include "core/string.h"

namespace tricolor {

// Opcode names and formats (declared in opcodes.h), from the X-macro table.
const char* opName(Op op) {
    static constexpr const char* kNames[] = {
#define TRICOLOR_OPCODE_NAME(name, fmt) #name,
        TRICOLOR_OPCODES(TRICOLOR_OPCODE_NAME)
#undef TRICOLOR_OPCODE_NAME
    };
    return uint8_t(op) < uint8_t(Op::Count) ? kNames[uint8_t(op)] : "?";
}

OpFormat opFormat(Op op) {
    static constexpr OpFormat kFormats[] = {
#define TRICOLOR_OPCODE_FORMAT(name, fmt) OpFormat::fmt,
        TRICOLOR_OPCODES(TRICOLOR_OPCODE_FORMAT)
#undef TRICOLOR_OPCODE_FORMAT
    };
    return uint8_t(op) < uint8_t(Op::Count) ? kFormats[uint8_t(op)] : OpFormat::ABC;
}

namespace {

std::string quoted(const String* s) {
    std::string out = "\"";
    for (uint32_t i = 0; i < s->length; i++) {
        unsigned char c = static_cast<unsigned char>(s->data()[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
            if (c < 32 || c == 127) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\%03d", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + "\"";
}

std::string constantAt(const Proto* p, unsigned k) {
    if (k >= p->numConstants) return "?";
    return formatConstant(p->constants[k]);
}

std::string upvalueName(const Proto* p, unsigned u) {
    if (u >= p->numUpvalues || !p->upvalues[u].name) return "-";
    return std::string(view(p->upvalues[u].name));
}

std::string joinOperands(std::initializer_list<long> values) {
    std::string s;
    for (long v : values) {
        if (!s.empty()) s += ' ';
        s += std::to_string(v);
    }
    return s;
}

// Operands and comment of one instruction.
void describe(const Proto* p, uint32_t pc, std::string& operands, std::string& comment) {
    Instruction i = p->code[pc];
    long a = long(getA(i)), b = long(getB(i)), c = long(getC(i));
    auto to = [&](long target) { return "to " + std::to_string(target + 1); };
    switch (getOp(i)) {
    case Op::MOVE:
    case Op::UNM:
    case Op::BNOT:
    case Op::NOT:
    case Op::LEN:
    case Op::LOADNIL:
    case Op::CONCAT: operands = joinOperands({a, b}); break;
    case Op::LOADI:
    case Op::LOADF: operands = joinOperands({a, long(getSBx(i))}); break;
    case Op::LOADK:
        operands = joinOperands({a, long(getBx(i))});
        comment = constantAt(p, getBx(i));
        break;
    case Op::LOADKX:
        operands = joinOperands({a});
        if (pc + 1 < p->codeSize) comment = constantAt(p, getAx(p->code[pc + 1]));
        break;
    case Op::LOADFALSE:
    case Op::LOADTRUE:
    case Op::CLOSE:
    case Op::TBC:
    case Op::RETURN1:
    case Op::VARARGPREP: operands = joinOperands({a}); break;
    case Op::GETUPVAL:
    case Op::SETUPVAL:
        operands = joinOperands({a, b});
        comment = upvalueName(p, unsigned(b));
        break;
    case Op::GETTABUP:
        operands = joinOperands({a, b, c});
        comment = upvalueName(p, unsigned(b)) + " " + constantAt(p, unsigned(c));
        break;
    case Op::SETTABUP:
        operands = joinOperands({a, b, c});
        comment = upvalueName(p, unsigned(a)) + " " + constantAt(p, unsigned(b));
        break;
    case Op::GETFIELD:
    case Op::SELF:
        operands = joinOperands({a, b, c});
        comment = constantAt(p, unsigned(c));
        break;
    case Op::SETFIELD:
        operands = joinOperands({a, b, c});
        comment = constantAt(p, unsigned(b));
        break;
    case Op::ADDK:
    case Op::SUBK:
    case Op::MULK:
    case Op::MODK:
    case Op::POWK:
    case Op::DIVK:
    case Op::IDIVK:
    case Op::BANDK:
    case Op::BORK:
    case Op::BXORK:
        operands = joinOperands({a, b, c});
        comment = constantAt(p, unsigned(c));
        break;
    case Op::ADDI: operands = joinOperands({a, b, long(getSC(i))}); break;
    case Op::JMP:
        operands = joinOperands({long(getSJ(i))});
        comment = to(long(pc) + 1 + getSJ(i));
        break;
    case Op::EQK:
        operands = joinOperands({a, b, c});
        comment = constantAt(p, unsigned(b));
        break;
    case Op::EQI:
    case Op::LTI:
    case Op::LEI:
    case Op::GTI:
    case Op::GEI: operands = joinOperands({a, long(getSB(i)), c}); break;
    case Op::TEST: operands = joinOperands({a, c}); break;
    case Op::TAILCALL: operands = joinOperands({a, b}); break;
    case Op::RETURN0: break;
    case Op::FORPREP:
        operands = joinOperands({a, long(getBx(i))});
        comment = "exit " + to(long(pc) + long(getBx(i)) + 2);
        break;
    case Op::FORLOOP:
    case Op::TFORLOOP:
        operands = joinOperands({a, long(getBx(i))});
        comment = to(long(pc) + 1 - long(getBx(i)));
        break;
    case Op::TFORPREP:
        operands = joinOperands({a, long(getBx(i))});
        comment = to(long(pc) + 1 + long(getBx(i)));
        break;
    case Op::TFORCALL: operands = joinOperands({a, c}); break;
    case Op::CLOSURE: operands = joinOperands({a, long(getBx(i))}); break;
    case Op::VARARG: operands = joinOperands({a, c}); break;
    case Op::EXTRAARG: operands = joinOperands({long(getAx(i))}); break;
    default: operands = joinOperands({a, b, c}); break;
    }
}

} // namespace

std::string formatConstant(const Value& v) {
    char buf[kNumberBufferSize];
    switch (v.tag) {
    case Tag::Nil: return "nil";
    case Tag::False: return "false";
    case Tag::True: return "true";
    case Tag::Int: return std::string(buf, formatIntegerTo(v.i, buf));
    case Tag::Float: return std::string(buf, formatNumberTo(v.n, buf));
    case Tag::String: return quoted(v.asString());
    default: return "?";
    }
}

std::string formatInstruction(const Proto* p, uint32_t pc) {
    std::string operands, comment;
    describe(p, pc, operands, comment);
    int line = p->lineInfo ? p->lineInfo[pc] : -1;
    char head[64];
    std::snprintf(head, sizeof head, "%3u [%d] %-10s", unsigned(pc + 1), line,
                  opName(getOp(p->code[pc])));
    std::string s = head;
    if (!operands.empty()) s += " " + operands;
    if (!comment.empty()) s += " ; " + comment;
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    return s;
}

std::string disassembleCode(const Proto* p) {
    std::string out;
    for (uint32_t pc = 0; pc < p->codeSize; pc++)
        out += formatInstruction(p, pc) + "\n";
    return out;
}

std::string disassemble(const Proto* p, bool recursive) {
    std::string out;
    std::string source = p->source ? std::string(view(p->source)) : "?";
    if (!source.empty() && (source[0] == '@' || source[0] == '=')) source.erase(0, 1);
    if (source.size() > 40) source = source.substr(0, 37) + "...";
    for (char& ch : source)
        if (ch == '\n' || ch == '\r') ch = ' ';
    out += (p->lineDefined == 0 ? "main <" : "function <") + source + ":" +
           std::to_string(p->lineDefined) + "," + std::to_string(p->lastLineDefined) + "> (" +
           std::to_string(p->codeSize) + " instructions)\n";
    out += std::to_string(p->numParams) + (p->isVararg ? "+" : "") + " params, " +
           std::to_string(p->maxStackSize) + " slots, " + std::to_string(p->numUpvalues) +
           " upvalues, " + std::to_string(p->numLocals) + " locals, " +
           std::to_string(p->numConstants) + " constants, " + std::to_string(p->numProtos) +
           " functions\n";
    out += disassembleCode(p);
    out += "constants (" + std::to_string(p->numConstants) + "):\n";
    for (uint32_t i = 0; i < p->numConstants; i++)
        out += "  " + std::to_string(i) + " " + formatConstant(p->constants[i]) + "\n";
    out += "locals (" + std::to_string(p->numLocals) + "):\n";
    for (uint32_t i = 0; i < p->numLocals; i++) {
        const LocalVarInfo& l = p->locals[i];
        out += "  " + std::to_string(i) + " " + (l.name ? std::string(view(l.name)) : "?") + " r" +
               std::to_string(l.reg) + " " + std::to_string(l.startPc + 1) + "-" +
               std::to_string(l.endPc + 1) + "\n";
    }
    out += "upvalues (" + std::to_string(p->numUpvalues) + "):\n";
    for (uint32_t i = 0; i < p->numUpvalues; i++) {
        const UpvalueDesc& u = p->upvalues[i];
        out += "  " + std::to_string(i) + " " + upvalueName(p, i) + " " +
               (u.inParentStack ? "1" : "0") + " " + std::to_string(u.index) + "\n";
    }
    if (recursive)
        for (uint32_t i = 0; i < p->numProtos; i++)
            out += "\n" + disassemble(p->protos[i], true);
    return out;
}

} // namespace tricolor
