// fuzz_compile.cpp — lexer, parser, resolver and code generator on arbitrary bytes.
//
// Property: compile() either returns a Proto or an error message; it never
// crashes, hangs or leaks. A Proto it returns must pass the bytecode
// verifier (dump.h verifyProto, for every nested function) and survive a
// dump/undump round trip: the compiler and the binary-chunk loader must agree
// on what sound bytecode is.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/compiler.h"
#include "core/dump.h"
#include "fuzz/fuzz_common.h"

using namespace tricolor;

namespace {

void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_compile: %s: %s\n", what, detail.c_str());
    std::abort();
}

void verifyTree(const Proto* p, const Proto* parent) {
    std::string problem = verifyProto(p, parent);
    if (!problem.empty()) fail("compiled bytecode rejected by verifyProto", problem);
    for (uint32_t i = 0; i < p->numProtos; i++)
        verifyTree(p->protos[i], p);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    VM* vm = fuzz::makeSandboxVM(size_t(32) << 20, false);
    if (!vm) return 0;
    std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        std::string error;
        Proto* p = compile(*vm, source, "=fuzz", error);
        if (!p) {
            if (error.empty()) fail("compile failed without a message", "");
        } else {
            verifyTree(p, nullptr);
            for (bool strip : {false, true}) {
                std::string bytes = dumpProto(p, strip);
                std::string undumpError;
                if (!undump(*vm, bytes, "=fuzz", undumpError))
                    fail("undump refused a dump of compiled code", undumpError);
            }
        }
    } catch (const LuaError&) {
        // The memory limit: a clean error is fine.
    }
    vmDestroy(vm);
    return 0;
}
