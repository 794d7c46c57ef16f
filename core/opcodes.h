// opcodes.h — Tricolor's bytecode: a register machine.
//
// A function's activation has up to 255 registers R[0..maxStackSize-1];
// parameters occupy the first registers, locals and temporaries follow. Every
// instruction is 32 bits, in one of four formats (bit 0 is the lowest):
//
//     iABC   op:8 | A:8 | B:8 | C:8
//     iABx   op:8 | A:8 | Bx:16           (unsigned)
//     iAsBx  op:8 | A:8 | sBx:16          (signed, stored with a bias of 32767)
//     isJ    op:8 | sJ:24                 (signed, stored with a bias of 2^23 - 1)
//     iAx    op:8 | Ax:24                 (unsigned, EXTRAARG only)
//
// Notation: R[x] register x; K[x] constant x of the function; Up[x] upvalue x;
// sB/sC are B/C read as signed bytes (stored with a bias of 127); "pc++" skips
// the next instruction (always a JMP after a comparison or test). Jumps are
// relative to the instruction AFTER the jump ("pc += sJ" with pc already
// pointing past it).
//
// Metamethods: arithmetic, comparison, index, length, concat and call
// instructions fall back to metamethods exactly as the manual says. The
// interpreter runs a metamethod as an ordinary Lua call frame (never by
// recursing on the C++ stack) and, when it returns, finishes the interrupted
// instruction (stores the result in R[A], or turns it into a truth value and
// applies the comparison's skip). So every instruction is resumable.
//
// Multiple results: "top" is the thread's top of stack. CALL with C == 0,
// VARARG with C == 0 leave their results up to top; the next CALL/RETURN/
// SETLIST with B == 0 consumes everything from its base register up to top.
#pragma once

#include <cstdint>

#include "core/object.h"

namespace tricolor {

#define TRICOLOR_OPCODES(X)                                                                        \
    /* name        format  semantics */                                                            \
    X(MOVE, ABC)       /* R[A] := R[B] */                                                          \
    X(LOADI, AsBx)     /* R[A] := integer sBx */                                                   \
    X(LOADF, AsBx)     /* R[A] := float sBx */                                                     \
    X(LOADK, ABx)      /* R[A] := K[Bx] */                                                         \
    X(LOADKX, ABC)     /* R[A] := K[Ax of the next instruction, an EXTRAARG] */                     \
    X(LOADFALSE, ABC)  /* R[A] := false */                                                         \
    X(LOADTRUE, ABC)   /* R[A] := true */                                                          \
    X(LOADNIL, ABC)    /* R[A], ..., R[A+B] := nil  (B+1 registers) */                             \
    X(GETUPVAL, ABC)   /* R[A] := Up[B] */                                                         \
    X(SETUPVAL, ABC)   /* Up[B] := R[A] */                                                         \
    X(GETTABUP, ABC)   /* R[A] := Up[B][K[C]]            K[C] is a string */                       \
    X(GETTABLE, ABC)   /* R[A] := R[B][R[C]] */                                                    \
    X(GETINT, ABC)     /* R[A] := R[B][C]                C is an integer 0..255 */                 \
    X(GETFIELD, ABC)   /* R[A] := R[B][K[C]]             K[C] is a string */                       \
    X(SETTABUP, ABC)   /* Up[A][K[B]] := R[C]            K[B] is a string */                       \
    X(SETTABLE, ABC)   /* R[A][R[B]] := R[C] */                                                    \
    X(SETINT, ABC)     /* R[A][B] := R[C]                B is an integer 0..255 */                 \
    X(SETFIELD, ABC)   /* R[A][K[B]] := R[C]             K[B] is a string */                       \
    X(NEWTABLE, ABC)   /* R[A] := {}  array size hint B, hash size hint C (exact, capped at 255) */  \
    X(SELF, ABC)       /* R[A+1] := R[B]; R[A] := R[B][K[C]]   K[C] is a string */                 \
    X(ADD, ABC)        /* R[A] := R[B] + R[C] */                                                   \
    X(SUB, ABC)        /* R[A] := R[B] - R[C] */                                                   \
    X(MUL, ABC)        /* R[A] := R[B] * R[C] */                                                   \
    X(MOD, ABC)        /* R[A] := R[B] % R[C] */                                                   \
    X(POW, ABC)        /* R[A] := R[B] ^ R[C] */                                                   \
    X(DIV, ABC)        /* R[A] := R[B] / R[C] */                                                   \
    X(IDIV, ABC)       /* R[A] := R[B] // R[C] */                                                  \
    X(BAND, ABC)       /* R[A] := R[B] & R[C] */                                                   \
    X(BOR, ABC)        /* R[A] := R[B] | R[C] */                                                   \
    X(BXOR, ABC)       /* R[A] := R[B] ~ R[C] */                                                   \
    X(SHL, ABC)        /* R[A] := R[B] << R[C] */                                                  \
    X(SHR, ABC)        /* R[A] := R[B] >> R[C] */                                                  \
    X(ADDK, ABC)       /* R[A] := R[B] + K[C]      K[C] is a number; likewise the other ...K */    \
    X(SUBK, ABC)       /* R[A] := R[B] - K[C] */                                                   \
    X(MULK, ABC)       /* R[A] := R[B] * K[C] */                                                   \
    X(MODK, ABC)       /* R[A] := R[B] % K[C] */                                                   \
    X(POWK, ABC)       /* R[A] := R[B] ^ K[C] */                                                   \
    X(DIVK, ABC)       /* R[A] := R[B] / K[C] */                                                   \
    X(IDIVK, ABC)      /* R[A] := R[B] // K[C] */                                                  \
    X(BANDK, ABC)      /* R[A] := R[B] & K[C]      K[C] is an integer */                           \
    X(BORK, ABC)       /* R[A] := R[B] | K[C] */                                                   \
    X(BXORK, ABC)      /* R[A] := R[B] ~ K[C] */                                                   \
    X(ADDI, ABC)       /* R[A] := R[B] + sC */                                                     \
    X(UNM, ABC)        /* R[A] := -R[B] */                                                         \
    X(BNOT, ABC)       /* R[A] := ~R[B] */                                                         \
    X(NOT, ABC)        /* R[A] := not R[B] */                                                      \
    X(LEN, ABC)        /* R[A] := #R[B] */                                                         \
    X(CONCAT, ABC)     /* R[A] := R[A] .. ... .. R[A+B-1]   (B >= 2 values) */                     \
    X(CLOSE, ABC)      /* close upvalues and to-be-closed variables >= R[A] */                     \
    X(TBC, ABC)        /* mark R[A] as a to-be-closed variable */                                  \
    X(JMP, sJ)         /* pc += sJ */                                                              \
    X(EQ, ABC)         /* if ((R[A] == R[B]) ~= C) then pc++ */                                    \
    X(LT, ABC)         /* if ((R[A] <  R[B]) ~= C) then pc++ */                                    \
    X(LE, ABC)         /* if ((R[A] <= R[B]) ~= C) then pc++ */                                    \
    X(EQK, ABC)        /* if ((R[A] == K[B]) ~= C) then pc++   K[B] any constant, nil included */  \
    X(EQI, ABC)        /* if ((R[A] == sB) ~= C) then pc++ */                                      \
    X(LTI, ABC)        /* if ((R[A] <  sB) ~= C) then pc++ */                                      \
    X(LEI, ABC)        /* if ((R[A] <= sB) ~= C) then pc++ */                                      \
    X(GTI, ABC)        /* if ((R[A] >  sB) ~= C) then pc++ */                                      \
    X(GEI, ABC)        /* if ((R[A] >= sB) ~= C) then pc++ */                                      \
    X(TEST, ABC)       /* if (truthy(R[A]) ~= C) then pc++ */                                      \
    X(TESTSET, ABC)    /* if (truthy(R[B]) ~= C) then pc++ else R[A] := R[B] */                    \
    X(CALL, ABC)       /* R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1])                        \
                          B == 0: arguments up to top; C == 0: all results, up to top */           \
    X(TAILCALL, ABC)   /* return R[A](R[A+1], ..., R[A+B-1])   B == 0: up to top */                \
    X(RETURN, ABC)     /* return R[A], ..., R[A+B-2]  B == 0: up to top. Closes upvalues and        \
                          to-be-closed variables of the frame first (C == 1: the function has       \
                          some; C == 0: it has none, nothing to check) */                          \
    X(RETURN0, ABC)    /* return (no values; the frame has nothing to close) */                    \
    X(RETURN1, ABC)    /* return R[A] (the frame has nothing to close) */                          \
    X(FORPREP, ABx)    /* numeric for: check and prepare R[A] (init), R[A+1] (limit), R[A+2]       \
                          (step); R[A+3] := init; if the loop runs zero times, pc += Bx + 1 */     \
    X(FORLOOP, ABx)    /* numeric for: advance; if the loop goes on, R[A+3] := next value and      \
                          pc -= Bx. Internal state lives in R[A..A+2] in an interpreter-defined    \
                          form (integer loops precompute an iteration count: no overflow) */       \
    X(TFORPREP, ABx)   /* generic for: mark R[A+3] as to-be-closed (if not nil), pc += Bx */       \
    X(TFORCALL, ABC)   /* R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])  (C >= 1) */               \
    X(TFORLOOP, ABx)   /* if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc -= Bx } */                  \
    X(SETLIST, ABC)    /* R[A][C*50+i] := R[A+i], 1 <= i <= B  (B == 0: up to top); if C == 255  \
                          the block number is the Ax of the next instruction (an EXTRAARG) */      \
    X(CLOSURE, ABx)    /* R[A] := closure(protos[Bx]) */                                           \
    X(VARARG, ABC)     /* R[A], ..., R[A+C-2] := varargs   C == 0: all of them, up to top */       \
    X(VARARGPREP, ABC) /* first instruction of a vararg function with A fixed parameters */        \
    X(EXTRAARG, Ax)    /* argument for the previous instruction */

enum class OpFormat : uint8_t { ABC, ABx, AsBx, sJ, Ax };

enum class Op : uint8_t {
#define TRICOLOR_OPCODE_ENUM(name, fmt) name,
    TRICOLOR_OPCODES(TRICOLOR_OPCODE_ENUM)
#undef TRICOLOR_OPCODE_ENUM
        Count
};

// SETLIST writes values in batches of this many array slots per block number.
constexpr int kFieldsPerFlush = 50;

constexpr int kMaxRegisters = 255;
constexpr int kMaxArgBx = 0xFFFF;
constexpr int kOffsetSBx = 0x7FFF;
constexpr int kMaxArgAx = 0xFFFFFF;
constexpr int kOffsetSJ = (1 << 23) - 1;
constexpr int kOffsetSC = 127; // sB and sC

const char* opName(Op op);
OpFormat opFormat(Op op);

// --- Encoding ----------------------------------------------------------------
constexpr Instruction encodeABC(Op op, unsigned a, unsigned b, unsigned c) {
    return Instruction(uint8_t(op)) | Instruction(a & 0xFF) << 8 | Instruction(b & 0xFF) << 16 |
           Instruction(c & 0xFF) << 24;
}
constexpr Instruction encodeABx(Op op, unsigned a, unsigned bx) {
    return Instruction(uint8_t(op)) | Instruction(a & 0xFF) << 8 | Instruction(bx & 0xFFFF) << 16;
}
constexpr Instruction encodeAsBx(Op op, unsigned a, int sbx) {
    return encodeABx(op, a, unsigned(sbx + kOffsetSBx));
}
constexpr Instruction encodeSJ(Op op, int sj) {
    return Instruction(uint8_t(op)) | Instruction(unsigned(sj + kOffsetSJ) & 0xFFFFFF) << 8;
}
constexpr Instruction encodeAx(Op op, unsigned ax) {
    return Instruction(uint8_t(op)) | Instruction(ax & 0xFFFFFF) << 8;
}

// --- Decoding ----------------------------------------------------------------
constexpr Op getOp(Instruction i) { return Op(i & 0xFF); }
constexpr unsigned getA(Instruction i) { return (i >> 8) & 0xFF; }
constexpr unsigned getB(Instruction i) { return (i >> 16) & 0xFF; }
constexpr unsigned getC(Instruction i) { return i >> 24; }
constexpr int getSB(Instruction i) { return int(getB(i)) - kOffsetSC; }
constexpr int getSC(Instruction i) { return int(getC(i)) - kOffsetSC; }
constexpr unsigned getBx(Instruction i) { return i >> 16; }
constexpr int getSBx(Instruction i) { return int(getBx(i)) - kOffsetSBx; }
constexpr int getSJ(Instruction i) { return int(i >> 8) - kOffsetSJ; }
constexpr unsigned getAx(Instruction i) { return i >> 8; }

// Patch helpers for the code generator (jump back-patching).
constexpr Instruction setA(Instruction i, unsigned a) { return (i & ~0xFF00u) | (a & 0xFF) << 8; }
constexpr Instruction setB(Instruction i, unsigned b) {
    return (i & ~0xFF0000u) | (b & 0xFF) << 16;
}
constexpr Instruction setC(Instruction i, unsigned c) {
    return (i & ~0xFF000000u) | (c & 0xFF) << 24;
}
constexpr Instruction setSJ(Instruction i, int sj) { return encodeSJ(getOp(i), sj); }
constexpr Instruction setBx(Instruction i, unsigned bx) {
    return (i & 0xFFFFu) | Instruction(bx & 0xFFFF) << 16;
}

// --- Instruction properties ---------------------------------------------------
// The code generator, the debug-info reader (which instruction last set a register) and the
// binary-chunk verifier all ask these questions; the answers live here, next to the semantics.

// A comparison or test: it decides whether the JMP right after it is skipped.
constexpr bool isTestOp(Op op) {
    switch (op) {
    case Op::EQ:
    case Op::LT:
    case Op::LE:
    case Op::EQK:
    case Op::EQI:
    case Op::LTI:
    case Op::LEI:
    case Op::GTI:
    case Op::GEI:
    case Op::TEST:
    case Op::TESTSET: return true;
    default: return false;
    }
}

// "count" of a RegisterEffect whose results run up to the top of the stack.
constexpr unsigned kUpToTop = ~0u;

// The registers an instruction writes: R[first], ..., R[first+count-1] (count == 0: none,
// count == kUpToTop: from first up to top). A call also leaves every register from
// R[clobberFrom] up in an unknown state (its callee's frame lived there); clobberFrom is
// kUpToTop for other instructions.
struct RegisterEffect {
    unsigned first = 0;
    unsigned count = 0;
    unsigned clobberFrom = kUpToTop;

    constexpr bool writes(unsigned reg) const {
        return reg >= first && (count == kUpToTop || reg - first < count);
    }
    // Is `reg` changed in any way, written or clobbered?
    constexpr bool changes(unsigned reg) const { return writes(reg) || reg >= clobberFrom; }
};

constexpr RegisterEffect registersWritten(Instruction i) {
    unsigned a = getA(i);
    unsigned c = getC(i);
    // A count of results encoded as C (C == 0: up to top; otherwise C - 1 values).
    auto results = [](unsigned count) { return count == 0 ? kUpToTop : count - 1; };
    Op op = getOp(i);
    if (isTestOp(op) && op != Op::TESTSET) return {}; // comparisons only decide a jump
    switch (op) {
    case Op::LOADNIL: return {a, getB(i) + 1};
    case Op::SELF: return {a, 2};
    case Op::CALL: return {a, results(c), a};
    case Op::TAILCALL: return {a, 0, a};
    case Op::TFORCALL: return {a + 4, c, a + 4};
    case Op::FORPREP:
    case Op::FORLOOP: return {a, 4};
    case Op::TFORLOOP: return {a + 2, 1};
    case Op::VARARG: return {a, results(c)};
    case Op::SETTABUP:
    case Op::SETTABLE:
    case Op::SETINT:
    case Op::SETFIELD:
    case Op::SETUPVAL:
    case Op::CLOSE:
    case Op::TBC:
    case Op::JMP:
    case Op::RETURN:
    case Op::RETURN0:
    case Op::RETURN1:
    case Op::SETLIST:
    case Op::VARARGPREP:
    case Op::EXTRAARG:
    case Op::TFORPREP:
    case Op::Count: return {};
    default: return {a, 1}; // every other instruction stores its result in R[A] (TESTSET too)
    }
}

} // namespace tricolor
