// lib_io.cpp — the `io` library and file handles.
//
// A file handle is a full userdata (metatable registry["FILE*"]) holding a
// LuaFile: a pointer to a Stream (stdlib.h) and how to close it. Regular and
// popen'ed files own their Stream; the standard files do not (stdin belongs
// to the FileSystem, stdout/stderr to LibState) and refuse to close ("cannot
// close standard file"), as in lua5.4. stdout and stderr write through
// VMOptions::writeStdout/writeStderr, so the browser and tests capture them.
//
// The default input and output files live in the registry (keys "_IO_input"
// and "_IO_output") so the collector keeps them alive.
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/auxlib.h"
#include "core/compiler.h"
#include "core/interp.h"
#include "core/memory.h"
#include "core/number.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// The VM's standard output/error as a Stream

namespace {

struct VmOutputStream final : Stream {
    VM* vm;
    bool isError;
    VmOutputStream(VM* v, bool err) : vm(v), isError(err) {}
    int getChar() override { return EOF; }
    void ungetChar(int) override {}
    size_t read(char*, size_t) override { return 0; }
    bool write(const char* bytes, size_t n) override {
        const auto& sink = isError ? vm->options.writeStderr : vm->options.writeStdout;
        if (sink) {
            sink(std::string_view(bytes, n));
            return true;
        }
        FILE* f = isError ? stderr : stdout;
        return std::fwrite(bytes, 1, n, f) == n;
    }
    bool flush() override {
        const auto& sink = isError ? vm->options.writeStderr : vm->options.writeStdout;
        if (!sink) std::fflush(isError ? stderr : stdout);
        return true;
    }
    int64_t seek(int, int64_t) override { return -1; }
    bool setBuffering(int, size_t) override { return true; }
    bool close() override { return true; }
    bool hasError() override { return false; }
    void clearError() override {}
    int lastError() override { return ESPIPE; }
};

enum class FileKind : uint8_t { Regular, Pipe, Standard };

struct LuaFile {
    Stream* stream; // null once closed
    FileKind kind;
};

constexpr const char* kFileType = "FILE*";
constexpr const char* kInputKey = "_IO_input";
constexpr const char* kOutputKey = "_IO_output";
constexpr int kMaxLineFormats = 250;      // as lua5.4's MAXARGLINE
constexpr size_t kMaxNumeralLength = 200; // as lua5.4's L_MAXLENNUM

LuaFile* fileOf(Value v) {
    return static_cast<LuaFile*>(v.asUserdata()->bytes());
}

Table* fileMetatable(VM& vm) {
    return tableGetStr(vm.registry, internString(vm, kFileType))->asTable();
}

// A new handle for `stream`; pushed on the stack (so it is anchored).
LuaFile* pushNewFile(VM& vm, HostCall& call, Stream* stream, FileKind kind) {
    Userdata* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(LuaFile));
    u->size = sizeof(LuaFile);
    LuaFile* f = static_cast<LuaFile*>(u->bytes());
    f->stream = stream;
    f->kind = kind;
    Table* mt = fileMetatable(vm);
    u->metatable = mt;
    call.push(vm, Value::object(u));
    gcCheckFinalizer(vm, u, mt); // __gc closes files nobody closed
    return f;
}

// The "name: message" / "message" error triple of luaL_fileresult (a given
// name is a prefix even when empty: io.open("") gives ": No such file...").
int fileFailure(VM& vm, HostCall& call, int err, const char* name = nullptr) {
    std::string msg = std::strerror(err);
    if (name != nullptr) msg = std::string(name) + ": " + msg;
    return pushFailErrno(vm, call, msg, err);
}

int fileResult(VM& vm, HostCall& call, bool ok, int err) {
    if (ok) return pushResult(vm, call, Value::boolean(true));
    return fileFailure(vm, call, err);
}

// A file argument that is open.
LuaFile* checkOpenFile(VM& vm, HostCall& call, int arg) {
    LuaFile* f = static_cast<LuaFile*>(checkUserdata(vm, call, arg, kFileType)->bytes());
    if (f->stream == nullptr) libError(vm, call, "attempt to use a closed file");
    return f;
}

bool validOpenMode(std::string_view mode) {
    if (mode.empty() || std::strchr("rwa", mode[0]) == nullptr) return false;
    size_t i = 1;
    if (i < mode.size() && mode[i] == '+') ++i;
    for (; i < mode.size(); ++i)
        if (mode[i] != 'b') return false;
    return true;
}

// Closes a handle the way its kind requires; pushes close's results.
int closeFile(VM& vm, HostCall& call, LuaFile* f) {
    if (f->kind == FileKind::Standard) return pushFail(vm, call, "cannot close standard file");
    Stream* s = f->stream;
    f->stream = nullptr;
    bool ok = s->close();
    int err = s->lastError();
    if (f->kind == FileKind::Pipe) {
        std::string what;
        int code = 0;
        s->closeStatus(what, code);
        delete s;
        if (!ok) return fileFailure(vm, call, err);
        call.push(vm, what == "exit" && code == 0 ? Value::boolean(true) : Value());
        pushString(vm, call, what);
        call.push(vm, Value::integer(code));
        return 3;
    }
    delete s;
    return fileResult(vm, call, ok, err);
}

// Opens `name` or raises "cannot open file 'name' (reason)"; pushes the handle.
void openOrRaise(VM& vm, HostCall& call, const std::string& name, const char* mode) {
    int err = 0;
    auto s = libState(vm).fs->open(name, mode, err);
    if (!s) libError(vm, call, "cannot open file '%s' (%s)", name.c_str(), std::strerror(err));
    pushNewFile(vm, call, s.release(), FileKind::Regular);
}

Value registryField(VM& vm, const char* key) {
    return *tableGetStr(vm.registry, internString(vm, key));
}
void setRegistryField(VM& vm, const char* key, Value v) {
    tableSetStr(vm, vm.registry, internString(vm, key), v);
}

// The default input/output file, which must be open.
LuaFile* defaultFile(VM& vm, HostCall& call, const char* key, Value* handle = nullptr) {
    Value v = registryField(vm, key);
    LuaFile* f = fileOf(v);
    if (f->stream == nullptr)
        libError(vm, call, "default %s file is closed", key == kInputKey ? "input" : "output");
    if (handle != nullptr) *handle = v;
    return f;
}

// ---------------------------------------------------------------------------
// Reading

// Reads a numeral as lua5.4's "n" format does: at most 200 characters that
// can form a numeral (one character of lookahead is pushed back), then
// converts; nullopt when the text is not a number.
bool readNumber(Stream* s, Value& out) {
    std::string buf;
    int c;
    do
        c = s->getChar();
    while (c != EOF && std::isspace(c));
    bool overflow = false;
    auto accept = [&](const char* set) {
        if (c == EOF || std::strchr(set, c) == nullptr) return false;
        if (buf.size() >= kMaxNumeralLength) {
            overflow = true;
            return false;
        }
        buf.push_back(char(c));
        c = s->getChar();
        return true;
    };
    auto digits = [&](bool hex) {
        int count = 0;
        while (accept(hex ? "0123456789abcdefABCDEF" : "0123456789"))
            ++count;
        return count;
    };
    accept("-+");
    bool hex = false;
    int count = 0;
    if (accept("0")) {
        if (accept("xX"))
            hex = true;
        else
            count = 1;
    }
    count += digits(hex);
    if (accept(".")) count += digits(hex);
    if (count > 0 && accept(hex ? "pP" : "eE")) {
        accept("-+");
        digits(false);
    }
    if (c != EOF) s->ungetChar(c);
    if (overflow) return false;
    auto num = parseNumeral(buf);
    if (!num) return false;
    out = num->isInteger ? Value::integer(num->i) : Value::number(num->n);
    return true;
}

// Reads a line; keepNewline for "L". False at end of file with nothing read.
bool readLine(VM& vm, Stream* s, bool keepNewline, Value& out) {
    std::string line;
    int c;
    while ((c = s->getChar()) != EOF && c != '\n')
        line.push_back(char(c));
    if (c == '\n' && keepNewline) line.push_back('\n');
    out = stringValue(vm, line);
    return c == '\n' || !line.empty();
}

// Reads in lua5.4's chunk size (LUAL_BUFFERSIZE, 1024 on 64-bit hosts) and
// stops at the first short read, as its read_all does: glibc treats a large
// fread right after a write differently (it drops the unflushed bytes), so
// the chunk size is observable.
Value readAll(VM& vm, Stream* s) {
    std::string all;
    char buf[1024];
    size_t n;
    do {
        n = s->read(buf, sizeof buf);
        all.append(buf, n);
    } while (n == sizeof buf);
    return stringValue(vm, all);
}

bool readCount(VM& vm, Stream* s, Integer count, Value& out) {
    if (count == 0) {
        int c = s->getChar();
        if (c == EOF) return false;
        s->ungetChar(c);
        out = stringValue(vm, "");
        return true;
    }
    std::string data;
    char buf[4096];
    uint64_t left = uint64_t(count);
    while (left > 0) {
        size_t want = left < sizeof buf ? size_t(left) : sizeof buf;
        size_t got = s->read(buf, want);
        data.append(buf, got);
        left -= got;
        if (got < want) break;
    }
    out = stringValue(vm, data);
    return !data.empty();
}

// A format value that must be a string; raises the usual type error for
// argument `arg` otherwise.
String* checkStringOrRaise(VM& vm, HostCall& call, Value v, int arg) {
    if (v.isString()) return v.asString();
    std::string msg = "string expected, got ";
    Value name = getMetafield(vm, v, Metamethod::Name);
    msg += name.isString() ? std::string(view(name.asString())) : luaTypeName(v.type());
    argError(vm, call, arg, msg.c_str());
}

// Reads with the formats in stack slots [first, first + n) (argument numbers
// argBase.. for errors); pushes one result per format, stopping after the
// first failure (which pushes nil). Returns the number of results.
int readFormats(VM& vm, HostCall& call, LuaFile* f, uint32_t first, int n, int argBase) {
    Stream* s = f->stream;
    s->clearError();
    if (n == 0) {
        Value line;
        bool ok = readLine(vm, s, false, line);
        if (s->hasError()) return fileFailure(vm, call, s->lastError());
        return pushResult(vm, call, ok ? line : Value());
    }
    int pushed = 0;
    bool ok = true;
    for (int k = 0; k < n && ok; ++k) {
        Value fmt = call.thread->stack[first + uint32_t(k)];
        Value result;
        Integer count;
        if (fmt.isNumber() && toInteger(fmt, count)) {
            ok = readCount(vm, s, count, result);
        } else if (fmt.isNumber()) {
            argError(vm, call, argBase + k, "number has no integer representation");
        } else {
            // Formats are strings ("n", "l", "L", "a", optionally after '*').
            std::string_view p = view(checkStringOrRaise(vm, call, fmt, argBase + k));
            if (!p.empty() && p[0] == '*') p.remove_prefix(1);
            char kind = p.empty() ? '\0' : p[0];
            switch (kind) {
            case 'n': ok = readNumber(s, result); break;
            case 'l': ok = readLine(vm, s, false, result); break;
            case 'L': ok = readLine(vm, s, true, result); break;
            case 'a':
                result = readAll(vm, s);
                ok = true;
                break;
            default: argError(vm, call, argBase + k, "invalid format");
            }
        }
        call.push(vm, ok ? result : Value());
        ++pushed;
    }
    if (s->hasError()) {
        setTop(call, call.top() - uint32_t(pushed));
        return fileFailure(vm, call, s->lastError());
    }
    return pushed;
}

// ---------------------------------------------------------------------------
// Waiting for standard input
//
// The playground's stdin (replay.h: an interactive input stream) may have
// nothing queued yet: its reads then fail with EAGAIN, as a non-blocking
// descriptor's do. A read of the standard input first peeks at one byte; when
// that would block, the read is suspended and runs again from the start once
// the host has queued a line and resumed the VM. On the main thread the whole
// VM waits (kHostYield: run() returns Yielded, and the host asks
// waitingForStandardInput why); in a coroutine a yield would go to its
// resumer, so there the read polls by calling an empty Lua function, using up
// the run budget while it waits.

constexpr const char* kPollKey = "_IO_poll";

bool stdinWouldBlock(VM& vm, Stream* s) {
    if (s == nullptr || s != libState(vm).fs->standardInput()) return false;
    s->clearError();
    int c = s->getChar();
    if (c != EOF) {
        s->ungetChar(c);
        return false;
    }
    bool block = s->hasError() && s->lastError() == EAGAIN;
    s->clearError();
    return block;
}

// Suspends the read in `call` until input is queued, then runs `again`.
int waitForInputThen(VM& vm, HostCall& call, HostFn again) {
    if (call.thread == vm.mainThread) {
        call.continuation = again;
        call.yieldCount = 0;
        return kHostYield;
    }
    Value poll = registryField(vm, kPollKey);
    if (!poll.isFunction()) {
        std::string error;
        LuaClosure* cl = compileToClosure(vm, "return", "=(stdin poll)", error);
        if (cl == nullptr) libError(vm, call, "%s", error.c_str());
        poll = Value::object(cl);
        setRegistryField(vm, kPollKey, poll);
    }
    return callThen(vm, call, poll, {}, 0, again);
}

// ---------------------------------------------------------------------------
// Writing

int writeValues(VM& vm, HostCall& call, LuaFile* f, Value handle, int firstArg) {
    Stream* s = f->stream;
    bool ok = true;
    char buf[64];
    for (int i = firstArg; i <= call.count(); ++i) {
        Value v = call.arg(i);
        if (v.isInt()) {
            size_t n = formatIntegerTo(v.i, buf);
            ok = s->write(buf, n) && ok;
        } else if (v.isFloat()) {
            int n = std::snprintf(buf, sizeof buf, "%.14g", v.n);
            ok = s->write(buf, size_t(n)) && ok;
        } else {
            std::string_view str = checkStringView(vm, call, i);
            ok = s->write(str.data(), str.size()) && ok;
        }
    }
    if (ok) return pushResult(vm, call, handle);
    return fileFailure(vm, call, s->lastError());
}

// ---------------------------------------------------------------------------
// lines

// Upvalues of the iterator: 1 file, 2 close-at-eof flag, 3.. formats.
int linesIterator(VM& vm, HostCall& call) {
    Value handle = call.upvalues[0];
    LuaFile* f = fileOf(handle);
    if (f->stream == nullptr) libError(vm, call, "file is already closed");
    if (stdinWouldBlock(vm, f->stream)) return waitForInputThen(vm, call, linesIterator);
    uint32_t first = call.top();
    int n = int(call.numUpvalues) - 2;
    for (int k = 0; k < n; ++k)
        call.push(vm, call.upvalues[2 + k]);
    setTop(call, first + uint32_t(n));
    int got = readFormats(vm, call, f, first, n, 2);
    Value firstResult = call.thread->stack[call.top() - uint32_t(got)];
    if (firstResult.isTruthy()) return got;
    // End of file or error: an error message (second result) is raised.
    if (got > 1) {
        Value msg = call.thread->stack[call.top() - uint32_t(got) + 1];
        if (msg.isString()) libError(vm, call, "%s", view(msg.asString()).data());
    }
    if (call.upvalues[1].isTruthy()) {
        setTop(call, first);
        closeFile(vm, call, f);
    }
    setTop(call, first);
    return 0;
}

// Pushes an iterator over handle with the formats in arguments firstFormat..
void pushLinesIterator(VM& vm, HostCall& call, Value handle, int firstFormat, bool closeAtEof) {
    int n = call.count() - firstFormat + 1;
    if (n < 0) n = 0;
    argCheck(vm, call, n <= kMaxLineFormats, kMaxLineFormats + firstFormat, "too many arguments");
    auto* c = newObject<HostClosure>(vm, Tag::HostClosure, sizeof(Value) * size_t(n + 2));
    c->fn = linesIterator;
    c->numUpvalues = uint16_t(n + 2);
    Value* up = c->upvalues();
    up[0] = handle;
    up[1] = Value::boolean(closeAtEof);
    for (int k = 0; k < n; ++k)
        up[2 + k] = call.arg(firstFormat + k);
    call.push(vm, Value::object(c));
}

// ---------------------------------------------------------------------------
// File methods

int fileClose(VM& vm, HostCall& call) {
    return closeFile(vm, call, checkOpenFile(vm, call, 1));
}

int fileFlush(VM& vm, HostCall& call) {
    LuaFile* f = checkOpenFile(vm, call, 1);
    return fileResult(vm, call, f->stream->flush(), f->stream->lastError());
}

int fileRead(VM& vm, HostCall& call) {
    LuaFile* f = checkOpenFile(vm, call, 1);
    if (stdinWouldBlock(vm, f->stream)) return waitForInputThen(vm, call, fileRead);
    return readFormats(vm, call, f, call.base + 1, call.count() - 1, 2);
}

int fileWrite(VM& vm, HostCall& call) {
    LuaFile* f = checkOpenFile(vm, call, 1);
    return writeValues(vm, call, f, call.arg(1), 2);
}

int fileLines(VM& vm, HostCall& call) {
    checkOpenFile(vm, call, 1);
    pushLinesIterator(vm, call, call.arg(1), 2, false);
    return 1;
}

int fileSeek(VM& vm, HostCall& call) {
    static const char* const modes[] = {"set", "cur", "end", nullptr};
    static const int whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    LuaFile* f = checkOpenFile(vm, call, 1);
    int op = checkOption(vm, call, 2, "cur", modes);
    Integer offset = optInteger(vm, call, 3, 0);
    int64_t pos = f->stream->seek(whence[op], offset);
    if (pos < 0) return fileFailure(vm, call, f->stream->lastError());
    return pushResult(vm, call, Value::integer(pos));
}

int fileSetvbuf(VM& vm, HostCall& call) {
    static const char* const modes[] = {"no", "full", "line", nullptr};
    static const int kinds[] = {_IONBF, _IOFBF, _IOLBF};
    LuaFile* f = checkOpenFile(vm, call, 1);
    int op = checkOption(vm, call, 2, nullptr, modes);
    Integer size = optInteger(vm, call, 3, BUFSIZ);
    bool ok = f->stream->setBuffering(kinds[op], size_t(size));
    return fileResult(vm, call, ok, f->stream->lastError());
}

int fileGc(VM&, HostCall& call) {
    Value v = call.arg(1);
    if (v.tag != Tag::Userdata) return 0;
    LuaFile* f = fileOf(v);
    if (f->stream != nullptr && f->kind != FileKind::Standard) {
        Stream* s = f->stream;
        f->stream = nullptr;
        s->close();
        delete s;
    }
    return 0;
}

int fileTostring(VM& vm, HostCall& call) {
    LuaFile* f = static_cast<LuaFile*>(checkUserdata(vm, call, 1, kFileType)->bytes());
    if (f->stream == nullptr) return pushResult(vm, call, stringValue(vm, "file (closed)"));
    char buf[64];
    std::snprintf(buf, sizeof buf, "file (%p)", static_cast<void*>(f->stream));
    return pushResult(vm, call, stringValue(vm, buf));
}

// ---------------------------------------------------------------------------
// io functions

int ioOpen(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    std::string mode(optStringView(vm, call, 2, "r"));
    argCheck(vm, call, validOpenMode(mode), 2, "invalid mode");
    int err = 0;
    auto s = libState(vm).fs->open(name, mode.c_str(), err);
    if (!s) return fileFailure(vm, call, err, name.c_str());
    pushNewFile(vm, call, s.release(), FileKind::Regular);
    return 1;
}

int ioPopen(VM& vm, HostCall& call) {
    std::string prog(checkStringView(vm, call, 1));
    std::string mode(optStringView(vm, call, 2, "r"));
    argCheck(vm, call, mode == "r" || mode == "w", 2, "invalid mode");
    int err = 0;
    auto s = libState(vm).fs->popen(prog, mode.c_str(), err);
    if (!s) return fileFailure(vm, call, err, prog.c_str());
    pushNewFile(vm, call, s.release(), FileKind::Pipe);
    return 1;
}

int ioTmpfile(VM& vm, HostCall& call) {
    int err = 0;
    auto s = libState(vm).fs->tmpfile(err);
    if (!s) return fileFailure(vm, call, err);
    pushNewFile(vm, call, s.release(), FileKind::Regular);
    return 1;
}

int ioClose(VM& vm, HostCall& call) {
    if (!call.hasArg(1)) {
        LuaFile* f = fileOf(registryField(vm, kOutputKey));
        if (f->stream == nullptr) libError(vm, call, "attempt to use a closed file");
        return closeFile(vm, call, f);
    }
    return fileClose(vm, call);
}

int ioType(VM& vm, HostCall& call) {
    checkAny(vm, call, 1);
    Userdata* u = testUserdata(vm, call, 1, kFileType);
    if (u == nullptr) return pushResult(vm, call, Value());
    bool closed = static_cast<LuaFile*>(u->bytes())->stream == nullptr;
    return pushResult(vm, call, stringValue(vm, closed ? "closed file" : "file"));
}

// io.input / io.output: set (by name or handle) and/or return the default file.
int defaultFileAccess(VM& vm, HostCall& call, const char* key, const char* mode) {
    Value v = call.arg(1);
    if (!v.isNil()) {
        if (v.isString() || v.isNumber()) {
            std::string name(checkStringView(vm, call, 1));
            openOrRaise(vm, call, name, mode);
            setRegistryField(vm, key, call.thread->stack[call.top() - 1]);
        } else {
            checkOpenFile(vm, call, 1);
            setRegistryField(vm, key, v);
        }
    }
    return pushResult(vm, call, registryField(vm, key));
}

int ioInput(VM& vm, HostCall& call) {
    return defaultFileAccess(vm, call, kInputKey, "r");
}
int ioOutput(VM& vm, HostCall& call) {
    return defaultFileAccess(vm, call, kOutputKey, "w");
}

int ioRead(VM& vm, HostCall& call) {
    LuaFile* f = defaultFile(vm, call, kInputKey);
    if (stdinWouldBlock(vm, f->stream)) return waitForInputThen(vm, call, ioRead);
    return readFormats(vm, call, f, call.base, call.count(), 1);
}

int ioWrite(VM& vm, HostCall& call) {
    Value handle;
    LuaFile* f = defaultFile(vm, call, kOutputKey, &handle);
    return writeValues(vm, call, f, handle, 1);
}

int ioFlush(VM& vm, HostCall& call) {
    LuaFile* f = defaultFile(vm, call, kOutputKey);
    return fileResult(vm, call, f->stream->flush(), f->stream->lastError());
}

int ioLines(VM& vm, HostCall& call) {
    if (!call.hasArg(1) || call.arg(1).isNil()) {
        Value handle = registryField(vm, kInputKey);
        if (fileOf(handle)->stream == nullptr) libError(vm, call, "attempt to use a closed file");
        pushLinesIterator(vm, call, handle, 2, false);
        return 1;
    }
    std::string name(checkStringView(vm, call, 1));
    openOrRaise(vm, call, name, "r");
    uint32_t handleSlot = call.top() - 1;
    pushLinesIterator(vm, call, call.thread->stack[handleSlot], 2, true);
    call.push(vm, Value());
    call.push(vm, Value());
    call.push(vm, call.thread->stack[handleSlot]);
    return 4;
}

const LibEntry kIoFunctions[] = {
    {"close", ioClose},     {"flush", ioFlush},   {"input", ioInput}, {"lines", ioLines},
    {"open", ioOpen},       {"output", ioOutput}, {"popen", ioPopen}, {"read", ioRead},
    {"tmpfile", ioTmpfile}, {"type", ioType},     {"write", ioWrite}, {nullptr, nullptr},
};

const LibEntry kFileMethods[] = {
    {"close", fileClose}, {"flush", fileFlush},     {"lines", fileLines}, {"read", fileRead},
    {"seek", fileSeek},   {"setvbuf", fileSetvbuf}, {"write", fileWrite}, {nullptr, nullptr},
};

const LibEntry kFileMetamethods[] = {
    {"__gc", fileGc},
    {"__close", fileGc},
    {"__tostring", fileTostring},
    {nullptr, nullptr},
};

// Creates a standard file handle and stores it as io[name] (and in the
// registry under key, when given).
void makeStandardFile(VM& vm, Table* io, Stream* s, const char* name, const char* key) {
    Userdata* u = newObject<Userdata>(vm, Tag::Userdata, sizeof(LuaFile));
    u->size = sizeof(LuaFile);
    LuaFile* f = static_cast<LuaFile*>(u->bytes());
    f->stream = s;
    f->kind = FileKind::Standard;
    u->metatable = fileMetatable(vm);
    tableSetStr(vm, io, internString(vm, name), Value::object(u));
    if (key != nullptr) setRegistryField(vm, key, Value::object(u));
}

} // namespace

void openIoLib(VM& vm) {
    LibState& lib = libState(vm);
    Table* io = newLib(vm, "io", kIoFunctions);
    // The FILE* metatable: methods via __index, __name for error messages.
    Table* mt = newTable(vm);
    tableSetStr(vm, vm.registry, internString(vm, kFileType), Value::object(mt));
    registerLib(vm, mt, kFileMetamethods, "");
    Table* methods = newTable(vm);
    tableSetStr(vm, mt, internString(vm, "__index"), Value::object(methods));
    registerLib(vm, methods, kFileMethods, "");
    tableSetStr(vm, mt, internString(vm, "__name"), stringValue(vm, kFileType));

    if (!lib.stdoutStream) lib.stdoutStream = std::make_unique<VmOutputStream>(&vm, false);
    if (!lib.stderrStream) lib.stderrStream = std::make_unique<VmOutputStream>(&vm, true);
    makeStandardFile(vm, io, lib.fs->standardInput(), "stdin", kInputKey);
    makeStandardFile(vm, io, lib.stdoutStream.get(), "stdout", kOutputKey);
    makeStandardFile(vm, io, lib.stderrStream.get(), "stderr", nullptr);
}

} // namespace tricolor
