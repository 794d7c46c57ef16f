// disasm.h — human-readable listings of compiled functions.
//
// One line per instruction: index (1-based), [source line], opcode name, operands as
// stored (signed operands decoded), and after ';' what the operands mean: constants
// resolved ("_ENV "print""), jump targets ("to 7"), upvalue names. For example
//
//       3 [2] GETTABUP   0 0 1 ; _ENV "print"
//
// A full listing (disassemble) adds a header per function and its constants, locals and
// upvalues, then the nested functions. Used by tests, the CLI's -l option and the
// visualizer. Pure: reads a Proto, never allocates VM memory.
#pragma once

#include <cstdint>
#include <string>

#include "core/object.h"

namespace tricolor {

// A constant as the listing shows it: strings quoted with C escapes, floats with a
// fractional part or exponent (1.0), integers plain, nil/true/false.
std::string formatConstant(const Value& v);

// One instruction line (without a trailing newline).
std::string formatInstruction(const Proto* p, uint32_t pc);

// Only the instruction lines of `p`, one per line.
std::string disassembleCode(const Proto* p);

// Full listing of `p` (and, when recursive, of every nested function).
std::string disassemble(const Proto* p, bool recursive = true);

} // namespace tricolor
