// wire.h — the byte format of values sent between VMs (worker messages).
//
// Workers never share memory with the main VM: a value crosses by being
// encoded into bytes on the sender's side, carried by postMessage (or a
// native queue), and decoded into fresh objects in the receiver's VM.
//
// Format (version 1), all integers little-endian:
//
//     message  := magic "TW" version:u8 value
//     value    := 'n'                         nil
//               | 'f' | 't'                   false, true
//               | 'i' int64                   integer (kept distinct from floats)
//               | 'd' float64                 float (bit pattern, NaN and -0.0 exact)
//               | 's' varint bytes            string, 8-bit clean
//               | 'T' varint(n) (value value)*n   table: n key/value pairs
//
// Only data crosses: functions, userdata, threads and tables that contain
// themselves (cycles) are rejected on the sender's side with an error
// naming what was found and where ("cannot send a function (at key 'f')").
// A table reachable twice without a cycle is sent twice (trees, not graphs).
//
// The decoder treats its input as hostile: every length is checked against
// the bytes that remain, nesting depth is bounded, and any malformed input
// gives an error message, never a crash or an unbounded allocation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/object.h"

namespace tricolor {

constexpr uint8_t kWireVersion = 1;
constexpr int kWireMaxDepth = 100;

// Encodes `v`. Returns false and sets `error` if `v` holds something that
// cannot cross (function, userdata, thread, cycle, nesting deeper than
// kWireMaxDepth).
bool wireEncode(VM& vm, const Value& v, std::vector<uint8_t>& out, std::string& error);

// Decodes a message into a value of `vm` (creating strings and tables).
// Returns false and sets `error` on malformed input. The caller must keep the
// result reachable before the next collector safe point.
bool wireDecode(VM& vm, const uint8_t* bytes, size_t size, Value& out, std::string& error);

} // namespace tricolor
