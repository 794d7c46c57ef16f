// stdlib.h — the standard library: opening it, and the state it keeps.
//
// Owns: `openStdlib` (base, package, coroutine, string, table, math, io, os,
// utf8, debug, plus the collector's `gc` library), and LibState, the per-VM
// record hung off `VM::lib` that holds everything the libraries need besides
// Lua values: the random generator, the warning switch, the names of library
// functions for error messages, and the two doors to the outside world —
//
//   Clock       os.clock / os.time come from here, so a recording can inject
//               a virtual clock and replay it exactly;
//   FileSystem  io.*, os.remove/rename/tmpname, loadfile/dofile and require's
//               searchers open files only through here, so the browser can
//               swap in an in-memory file system.
//
// Standard output and error go through VMOptions::writeStdout/writeStderr
// (vm.h), never to the process's streams directly.
//
// Lua values the libraries keep (io's default input/output files, the FILE*
// metatable, package.loaded) live in the registry, so the collector sees them;
// LibState holds no Value at all.
//
// Lifetime: openStdlib creates the LibState; closeStdlib frees it. The VM's
// destroyer must call closeStdlib AFTER the collector has freed every object
// (file finalizers still use the file system during gcFreeAll).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/value.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Time

struct Clock {
    virtual ~Clock() = default;
    // Processor time used by the program, in seconds (os.clock).
    virtual double processSeconds() = 0;
    // Seconds since the epoch (os.time()).
    virtual int64_t epochSeconds() = 0;
};
// The real clock: clock() and time().
std::unique_ptr<Clock> makeSystemClock();

// ---------------------------------------------------------------------------
// Files

// An open file: what an io file handle needs. Errors are reported as errno
// values (the virtual file system uses the same codes), so messages are the
// familiar "No such file or directory".
struct Stream {
    virtual ~Stream() = default;
    // Reads one byte; EOF (-1) at end of file or on error.
    virtual int getChar() = 0;
    // Pushes back the byte just read (at most one).
    virtual void ungetChar(int c) = 0;
    // Reads up to n bytes; returns how many were read.
    virtual size_t read(char* buffer, size_t n) = 0;
    // Writes n bytes; false on error (errno set in lastError()).
    virtual bool write(const char* bytes, size_t n) = 0;
    virtual bool flush() = 0;
    // whence: SEEK_SET/SEEK_CUR/SEEK_END; returns the new position or -1.
    virtual int64_t seek(int whence, int64_t offset) = 0;
    // mode: _IONBF/_IOFBF/_IOLBF; false on error.
    virtual bool setBuffering(int mode, size_t size) = 0;
    // Closes the stream; false on error. Called at most once.
    virtual bool close() = 0;
    // Whether the last read hit an error (not end of file).
    virtual bool hasError() = 0;
    virtual void clearError() = 0;
    // errno of the last failed operation.
    virtual int lastError() = 0;
    // For io.popen'ed streams, close() yields an exit status; see closeStatus.
    virtual bool isPipe() const { return false; }
    // After close() of a pipe: how the process ended ("exit"/"signal", code).
    virtual void closeStatus(std::string& what, int& code) {
        what = "exit";
        code = 0;
    }
};

struct FileSystem {
    virtual ~FileSystem() = default;
    // fopen-like; mode is already validated ("r", "w", "a", "r+", ... optional 'b').
    // On failure returns null and sets err to an errno value.
    virtual std::unique_ptr<Stream> open(const std::string& path, const char* mode, int& err) = 0;
    // io.popen; null with err set (ENOSYS where not supported).
    virtual std::unique_ptr<Stream> popen(const std::string& command, const char* mode,
                                          int& err) = 0;
    // An anonymous temporary file (io.tmpfile), removed when closed.
    virtual std::unique_ptr<Stream> tmpfile(int& err) = 0;
    // 0 on success, else an errno value.
    virtual int remove(const std::string& path) = 0;
    virtual int rename(const std::string& from, const std::string& to) = 0;
    // A fresh temporary file name (created empty, as mkstemp does); false on failure.
    virtual bool tmpname(std::string& out) = 0;
    // Whether the file can be opened for reading (package.searchpath).
    virtual bool readable(const std::string& path) = 0;
    // The standard streams. Writes to stdout/stderr handles go through
    // VMOptions::writeStdout/writeStderr instead (see lib_io.cpp).
    virtual Stream* standardInput() = 0;
    // os.getenv
    virtual bool getenv(const std::string& name, std::string& out) = 0;
    // os.execute: without a command, whether a shell exists; else runs it.
    virtual bool hasShell() = 0;
    virtual int execute(const std::string& command, std::string& what, int& code) = 0;
};
// The real file system through <cstdio> and the C library.
std::unique_ptr<FileSystem> makeNativeFileSystem();

// ---------------------------------------------------------------------------
// Library state

struct LibFunctionName {
    const char* field;     // "rep"
    std::string qualified; // "string.rep" ("print" for base functions)
};

struct LibState {
    std::unique_ptr<Clock> clock;
    std::unique_ptr<FileSystem> fs;
    // io.stdout / io.stderr: streams writing through VMOptions (lib_io.cpp).
    std::unique_ptr<Stream> stdoutStream;
    std::unique_ptr<Stream> stderrStream;

    // os.date/os.time: the process time zone (native) or UTC (a deterministic replay).
    bool localTimeZone = true;

    // xoshiro256** state (math.random).
    uint64_t randomState[4] = {0, 0, 0, 0};

    // warn(): "@on" / "@off" switch, and whether a multi-part message is open.
    bool warningsOn = false;
    bool warningContinues = false;

    // os.exit(status, close): the embedder decides what exiting means (the
    // CLI closes the VM if asked and ends the process; the browser stops the
    // run). Without a handler os.exit raises an error.
    std::function<void(VM&, int status, bool close)> exitHandler;

    // Names of registered library functions (auxlib.h calledFunctionName).
    std::unordered_map<HostFn, LibFunctionName> functionNames;
};

// Opens every standard library into vm.globals (creates vm.lib first).
void openStdlib(VM& vm);
// Frees vm.lib (see lifetime above).
void closeStdlib(VM& vm);

// The library openers, each callable alone (openStdlib calls them all).
void openBaseLib(VM& vm);
void openPackageLib(VM& vm);
void openStringLib(VM& vm);
void openTableLib(VM& vm);
void openMathLib(VM& vm);
void openIoLib(VM& vm);
void openOsLib(VM& vm);
void openUtf8Lib(VM& vm);
void openDebugLib(VM& vm);

// Creates vm.lib with the system clock and native file system, if absent.
LibState& libState(VM& vm);

} // namespace tricolor
