// parser.h - Lua 5.4 source text -> resolved AST (ast.h), or lua5.4's error message.
//
// Owns: the grammar of Lua 5.4 (recursive descent, one function per grammar rule, operator
// precedence by priority climbing), the wording and position of every syntax error, and
// the nesting guard. Name binding is delegated to the Resolver (resolver.h), which the
// parser drives while it reads, so scope errors come out where lua5.4 reports them.
//
// Invariants kept:
//  - parse() never throws and never crashes on any input: it returns a Chunk or the exact
//    message lua5.4's load() would return (e.g. `[string "x = = 1"]:1: unexpected symbol
//    near '='`).
//  - Recursion depth is bounded: statements and subexpressions count nesting levels the
//    way lua5.4 does, and nesting beyond lua5.4's limit (measured with load() called from
//    a main chunk) fails with lua5.4's "C stack overflow".
//  - Trees can still be deep along their LEFT spine, without any limit, as in lua5.4:
//    `1+1+...+1`, `a.b.c...` and `f()()()...` chains. Tree walkers must not recurse without
//    bound on BinaryExpr::lhs, IndexExpr::object, CallExpr::callee, MethodCallExpr::object.
#pragma once

#include "core/ast.h"

#include <memory>
#include <string>
#include <string_view>

namespace tricolor {

struct ParseOptions {
    // Files (lua5.4's loadfile/dofile/the lua command) skip a UTF-8 byte-order mark and a
    // first line starting with '#'; load() of a string does not.
    bool skipShebang = false;
};

struct ParseResult {
    std::unique_ptr<ast::Chunk> chunk; // null on error
    std::string error;                 // lua5.4's message when chunk is null
    bool ok() const { return chunk != nullptr; }
};

// chunkname as given to load(): "=stdin", "@file.lua", or the source text itself (the
// default lua5.4 uses for strings); it only shapes error messages (see chunkId()).
ParseResult parse(std::string_view source, std::string_view chunkname,
                  const ParseOptions& options = {});

} // namespace tricolor
