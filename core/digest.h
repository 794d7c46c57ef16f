// digest.h — a 64-bit fingerprint of a VM's heap, the proof that a replay
// reproduced a recorded run exactly.
//
// What it covers, in a fixed order:
//   1. every object, in heap-enumeration order (allgc, finobj, tobefnz,
//      fixed: list order is collector state, it decides the sweep order):
//      id, type tag, colour, size, flags (finalizable, to be finalized,
//      resurrected, fixed, weak mode, dead), gray list and age;
//   2. after each live object, its outgoing edges in enumeration order (which
//      follows the table layout, itself part of the state): target id, kind,
//      weakness, index, frame and key (numbers and booleans by value,
//      collectable keys by id; light userdata and light host functions only
//      by type, their addresses differ between processes); a dead object
//      waiting to be swept contributes no edges (they may point to objects
//      already freed);
//   3. the collector state: state, atomic sub-step, current white, sweep
//      cursor, chunked-table cursor, the order of every gray list, pacing
//      parameters, threshold and debt; and the VM's instruction count, next
//      object id and bytes in use (scalar contents of tables are not hashed
//      directly, but a run whose values differ almost always diverges in
//      these).
//
// Invariants: computing a digest never allocates in the VM, never changes a
// colour and never runs Lua code. Two VMs built from the same recording on the
// same platform give the same digest; sizes depend on the pointer width, so a
// digest made by the 32-bit browser build and one made by a 64-bit native
// build are not comparable (recording.h stores the recording's word size).
//
// The portable digest leaves out exactly what depends on the pointer width:
// object sizes, bytes in use, the collector's threshold and debt. While the
// collector is driven only by explicit steps (collectgarbage("stop"), or a
// pause so large that it never starts by itself), the heap evolves the same
// way on every width, and the portable digest of a browser (wasm32) run equals
// the one of a native (64-bit) replay.
#pragma once

#include <cstdint>
#include <string>

namespace tricolor {

struct VM;

// The digest as a number.
uint64_t heapDigestValue(const VM& vm);
// The same without sizes and byte counts (comparable across pointer widths).
uint64_t portableHeapDigestValue(const VM& vm);
// The digest as 16 lowercase hex digits.
std::string heapDigest(const VM& vm);
// 16 lowercase hex digits of `digest`.
std::string formatDigest(uint64_t digest);
// Parses 1..16 hex digits; false on anything else.
bool parseDigest(const std::string& text, uint64_t& out);

} // namespace tricolor
