// spawnrecord.h — the spawn record: a WorkerSpawn (worker.h) as bytes.
//
// The browser transport (web/workers.cpp) starts each worker in a Web Worker of its own: the page's
// main VM encodes the WorkerSpawn, the bytes travel through postMessage (web/worker.js only passes
// them on) and the new worker's VM decodes them before it creates its runtime. Encoder and decoder
// live here, away from the Emscripten glue, so that the native unit tests and fuzzers exercise the
// exact code the browser runs.
//
// Format (version 1), all integers little-endian:
//
//     record  := magic "TS" version:u8 id:u32 memoryLimit:u64 hashSeed:u64 flags:u8
//                source:blob argc:u32 blob*argc
//     blob    := length:u32 bytes            (a source, or one wire-encoded argument)
//     flags   := 1 gcStress | 2 gcValidate  (other bits must be 0)
//
// The decoder treats its input as hostile (it comes from JavaScript): every length is checked
// against the bytes that remain before anything is allocated, trailing bytes, unknown flag bits, a
// wrong magic or version and a memory limit that does not fit a size_t are refused. A refused
// record gives a short reason, never a crash. A record the decoder accepts is canonical: encoding
// what it decoded gives the same bytes back. The arguments stay opaque wire bytes here (the
// worker's VM decodes them with wireDecode).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/worker.h"

namespace tricolor {

constexpr uint8_t kSpawnRecordVersion = 1;

std::vector<uint8_t> encodeSpawnRecord(const WorkerSpawn& spawn);

// Decodes a record into `out` (which should be default-constructed). False with `error`
// ("truncated", "bad magic", ...) when the bytes are not a valid version-1 record.
bool decodeSpawnRecord(const uint8_t* data, size_t size, WorkerSpawn& out, std::string& error);

} // namespace tricolor
