// compiler.h — source text (or a binary chunk) -> Proto / LuaClosure: what load() calls.
//
// Owns the pipeline parse (parser.h) -> resolve (driven by the parser) -> generate
// (codegen.h), and the wrapping of a main Proto into a closure whose only upvalue is
// `_ENV`. It also picks text or binary loading by the chunk's first byte, with lua5.4's
// "mode" rules, so load(), loadfile() and dofile() share one entry point.
//
// Errors come back as strings in lua5.4's exact wording (`[string "x = = 1"]:1: unexpected
// symbol near '='`); nothing here throws except the memory-limit error of memory.h.
// Compiling never runs the collector: the Protos and strings it creates are reachable
// from the returned Proto / closure only, so the caller must anchor the result (push it on
// the stack) before the next safe point.
#pragma once

#include <string>
#include <string_view>

#include "core/object.h"

namespace tricolor {

struct CompileOptions {
    // Files (loadfile/dofile/the CLI) skip a UTF-8 BOM and a first line starting with '#'.
    bool skipShebang = false;
};

// Compiles Lua source. chunkName as given to load(): "=stdin", "@file.lua", or the
// source text itself. Returns nullptr and sets `error` on a syntax or limit error.
Proto* compile(VM& vm, std::string_view source, std::string_view chunkName, std::string& error,
               const CompileOptions& options = {});

// Loads a chunk that is either Lua source or a binary chunk (dump.h), as load() does.
// mode is "t", "b" or "bt": a chunk of a kind mode does not allow is refused with lua5.4's
// message ("attempt to load a binary chunk (mode is 't')").
Proto* loadChunk(VM& vm, std::string_view chunk, std::string_view chunkName, std::string_view mode,
                 std::string& error, const CompileOptions& options = {});

// Wraps a main Proto in a closure. Upvalue 0 (`_ENV`) is a closed upvalue holding `env`
// (vm.globals when env is nullptr); any further upvalues (binary chunks only) are nil.
LuaClosure* makeMainClosure(VM& vm, Proto* main, const Value* env = nullptr);

// compile() + makeMainClosure().
LuaClosure* compileToClosure(VM& vm, std::string_view source, std::string_view chunkName,
                             std::string& error, const Value* env = nullptr,
                             const CompileOptions& options = {});

} // namespace tricolor
