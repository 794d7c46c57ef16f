// dump.h — binary chunks: string.dump's serialisation of a Proto tree, and its loader.
//
// Format (all integers little-endian; "varint" = unsigned LEB128, at most 10 bytes;
// "svarint" = zigzag-encoded varint):
//   header:   "\x1bTri"  version(1)  format(1)  sizeof(Instruction)=4  sizeof(Integer)=8
//             sizeof(Number)=8  check integer 0x5678 (8 bytes)  check float 370.5 (8 bytes)
//             number of upvalues of the main function (1 byte)
//   function: source(string, absent when stripped or equal to the parent's)
//             lineDefined, lastLineDefined (varint)  numParams isVararg maxStackSize (1 each)
//             code: n(varint), n x 4 bytes
//             constants: n, then per constant a tag byte (Tag) and its payload:
//                        Int 8 bytes, Float 8 bytes, String a string, Nil/False/True nothing
//             upvalues: n, then (inParentStack, index) bytes
//             protos: n, then n functions
//             debug: lineInfo n (0 when stripped) x svarint;
//                    locals n x (name, startPc, endPc, reg); upvalue names n x string
//   string:   varint size (0 = absent, else length + 1), then the bytes
//
// Loading never trusts the bytes: every count is checked against the bytes left before
// anything is allocated, and the loaded bytecode is verified (opcodes, register ranges
// against maxStackSize, constant / upvalue / proto indices and constant types, jump
// targets, instruction pairs such as test + JMP and LOADKX + EXTRAARG, a final RETURN,
// upvalue descriptors against the enclosing function). A truncated or malicious chunk is
// refused with lua5.4's wording ("<name>: bad binary format (truncated chunk)"), never
// run. Nesting of functions is bounded (kMaxDumpDepth).
#pragma once

#include <string>
#include <string_view>

#include "core/object.h"

namespace tricolor {

inline constexpr char kBinaryChunkSignature[] = "\x1bTri";
inline constexpr uint8_t kBinaryChunkVersion = 1;
inline constexpr int kMaxDumpDepth = 200;

// Serialises `p` and its nested functions; `strip` leaves out debug information (source,
// line info, local and upvalue names).
std::string dumpProto(const Proto* p, bool strip);

// Loads a binary chunk made by dumpProto. chunkName as given to load() (it only names the
// chunk in error messages, as lua5.4 does). Returns nullptr and sets `error` when the
// chunk is truncated, corrupt or made for another format.
Proto* undump(VM& vm, std::string_view data, std::string_view chunkName, std::string& error);

// Checks the bytecode of one Proto (not its nested functions) for everything the
// interpreter relies on; returns an empty string when it is sound, else what is wrong.
// `parent` (nullable) is the enclosing function, to check upvalue descriptors.
std::string verifyProto(const Proto* p, const Proto* parent);

} // namespace tricolor
