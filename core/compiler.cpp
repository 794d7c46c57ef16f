// compiler.cpp — the load pipeline (see compiler.h).
#include "core/compiler.h"

#include <vector>

#include "core/codegen.h"
#include "core/dump.h"
#include "core/gc.h"
#include "core/memory.h"
#include "core/parser.h"
#include "core/string.h"
#include "core/vm.h"

namespace tricolor {

Proto* compile(VM& vm, std::string_view source, std::string_view chunkName, std::string& error,
               const CompileOptions& options) {
    ParseOptions parseOptions;
    parseOptions.skipShebang = options.skipShebang;
    ParseResult parsed = parse(source, chunkName, parseOptions);
    if (!parsed.ok()) {
        error = std::move(parsed.error);
        return nullptr;
    }
    String* name = internString(vm, chunkName);
    return generateCode(vm, *parsed.chunk, name, error);
}

Proto* loadChunk(VM& vm, std::string_view chunk, std::string_view chunkName, std::string_view mode,
                 std::string& error, const CompileOptions& options) {
    bool binary = !chunk.empty() && chunk[0] == kBinaryChunkSignature[0];
    if (binary && mode.find('b') == std::string_view::npos) {
        error = "attempt to load a binary chunk (mode is '" + std::string(mode) + "')";
        return nullptr;
    }
    if (!binary && mode.find('t') == std::string_view::npos) {
        error = "attempt to load a text chunk (mode is '" + std::string(mode) + "')";
        return nullptr;
    }
    if (binary) return undump(vm, chunk, chunkName, error);
    return compile(vm, chunk, chunkName, error, options);
}

LuaClosure* makeMainClosure(VM& vm, Proto* main, const Value* env) {
    uint16_t n = main->numUpvalues;
    // Upvalues first: a memory error then leaves only unreachable objects behind, never a
    // closure with unset slots.
    std::vector<Upvalue*> upvalues;
    for (uint16_t i = 0; i < n; i++) {
        auto* uv = newObject<Upvalue>(vm, Tag::Upvalue);
        uv->location = &uv->closed;
        uv->closed = Value::nil();
        if (i == 0) uv->closed = env ? *env : Value::object(vm.globals);
        upvalues.push_back(uv);
    }
    auto* cl = newObject<LuaClosure>(vm, Tag::LuaClosure, n * sizeof(Upvalue*));
    cl->proto = main;
    cl->numUpvalues = n;
    for (uint16_t i = 0; i < n; i++)
        cl->upvalues()[i] = upvalues[i];
    return cl;
}

LuaClosure* compileToClosure(VM& vm, std::string_view source, std::string_view chunkName,
                             std::string& error, const Value* env, const CompileOptions& options) {
    Proto* p = compile(vm, source, chunkName, error, options);
    if (!p) return nullptr;
    return makeMainClosure(vm, p, env);
}

} // namespace tricolor
