// stdlib.cpp — LibState, the native clock and file system, openStdlib.
#include "core/stdlib.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "core/gc.h"
#include "core/interp.h"
#include "core/vm.h"

namespace tricolor {

// ---------------------------------------------------------------------------
// Native clock

namespace {

struct SystemClock final : Clock {
    double processSeconds() override { return double(std::clock()) / double(CLOCKS_PER_SEC); }
    int64_t epochSeconds() override { return int64_t(std::time(nullptr)); }
};

// ---------------------------------------------------------------------------
// Native files: a FILE* behind the Stream interface.

struct FileStream final : Stream {
    FILE* file;
    bool pipe;
    int error = 0;
    int pipeStatus = 0;

    FileStream(FILE* f, bool isPipeStream) : file(f), pipe(isPipeStream) {}
    ~FileStream() override {
        if (file != nullptr) close();
    }
    int getChar() override {
        int c = std::getc(file);
        if (c == EOF && std::ferror(file)) error = errno;
        return c;
    }
    void ungetChar(int c) override { std::ungetc(c, file); }
    size_t read(char* buffer, size_t n) override {
        size_t got = std::fread(buffer, 1, n, file);
        if (got < n && std::ferror(file)) error = errno;
        return got;
    }
    bool write(const char* bytes, size_t n) override {
        errno = 0;
        bool ok = std::fwrite(bytes, 1, n, file) == n;
        if (!ok) error = errno;
        return ok;
    }
    bool flush() override {
        errno = 0;
        bool ok = std::fflush(file) == 0;
        if (!ok) error = errno;
        return ok;
    }
    int64_t seek(int whence, int64_t offset) override {
        errno = 0;
        if (fseeko(file, off_t(offset), whence) != 0) {
            error = errno;
            return -1;
        }
        return int64_t(ftello(file));
    }
    bool setBuffering(int mode, size_t size) override {
        errno = 0;
        bool ok = std::setvbuf(file, nullptr, mode, size) == 0;
        if (!ok) error = errno;
        return ok;
    }
    bool close() override {
        FILE* f = file;
        file = nullptr;
        errno = 0;
#if !defined(_WIN32)
        if (pipe) {
            pipeStatus = pclose(f);
            if (pipeStatus == -1) error = errno;
            return pipeStatus != -1;
        }
#endif
        bool ok = std::fclose(f) == 0;
        if (!ok) error = errno;
        return ok;
    }
    bool hasError() override {
        return file != nullptr && std::ferror(file);
    }
    void clearError() override {
        if (file != nullptr) std::clearerr(file);
    }
    int lastError() override {
        return error;
    }
    bool isPipe() const override {
        return pipe;
    }
    void closeStatus(std::string& what, int& code) override {
#if !defined(_WIN32)
        if (WIFSIGNALED(pipeStatus)) {
            what = "signal";
            code = WTERMSIG(pipeStatus);
            return;
        }
        what = "exit";
        code = WIFEXITED(pipeStatus) ? WEXITSTATUS(pipeStatus) : pipeStatus;
#else
        what = "exit";
        code = pipeStatus;
#endif
    }
};

// The process's stdin: never closed by the library (the FILE* belongs to the process).
struct StdinStream final : Stream {
    int error = 0;
    int getChar() override { return std::getc(stdin); }
    void ungetChar(int c) override { std::ungetc(c, stdin); }
    size_t read(char* buffer, size_t n) override { return std::fread(buffer, 1, n, stdin); }
    bool write(const char*, size_t) override {
        error = EBADF;
        return false;
    }
    bool flush() override { return true; }
    int64_t seek(int whence, int64_t offset) override {
        if (fseeko(stdin, off_t(offset), whence) != 0) {
            error = errno;
            return -1;
        }
        return int64_t(ftello(stdin));
    }
    bool setBuffering(int mode, size_t size) override {
        return std::setvbuf(stdin, nullptr, mode, size) == 0;
    }
    bool close() override { return true; }
    bool hasError() override { return std::ferror(stdin); }
    void clearError() override { std::clearerr(stdin); }
    int lastError() override { return error; }
};

struct NativeFileSystem final : FileSystem {
    StdinStream in;

    std::unique_ptr<Stream> open(const std::string& path, const char* mode, int& err) override {
        errno = 0;
        FILE* f = std::fopen(path.c_str(), mode);
        if (f == nullptr) {
            err = errno;
            return nullptr;
        }
        return std::make_unique<FileStream>(f, false);
    }
    std::unique_ptr<Stream> popen(const std::string& command, const char* mode, int& err) override {
#if !defined(_WIN32)
        std::fflush(nullptr);
        errno = 0;
        FILE* f = ::popen(command.c_str(), mode);
        if (f == nullptr) {
            err = errno;
            return nullptr;
        }
        return std::make_unique<FileStream>(f, true);
#else
        (void)command;
        (void)mode;
        err = ENOSYS;
        return nullptr;
#endif
    }
    std::unique_ptr<Stream> tmpfile(int& err) override {
        errno = 0;
        FILE* f = std::tmpfile();
        if (f == nullptr) {
            err = errno;
            return nullptr;
        }
        return std::make_unique<FileStream>(f, false);
    }
    int remove(const std::string& path) override {
        errno = 0;
        return std::remove(path.c_str()) == 0 ? 0 : errno;
    }
    int rename(const std::string& from, const std::string& to) override {
        errno = 0;
        return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
    }
    bool tmpname(std::string& out) override {
#if !defined(_WIN32)
        char name[] = "/tmp/lua_XXXXXX";
        int fd = mkstemp(name);
        if (fd == -1) return false;
        ::close(fd);
        out = name;
        return true;
#else
        char name[L_tmpnam];
        if (std::tmpnam(name) == nullptr) return false;
        out = name;
        return true;
#endif
    }
    bool readable(const std::string& path) override {
        FILE* f = std::fopen(path.c_str(), "r");
        if (f == nullptr) return false;
        std::fclose(f);
        return true;
    }
    Stream* standardInput() override {
        return &in;
    }
    bool getenv(const std::string& name, std::string& out) override {
        const char* v = std::getenv(name.c_str());
        if (v == nullptr) return false;
        out = v;
        return true;
    }
    bool hasShell() override {
        return std::system(nullptr) != 0;
    }
    int execute(const std::string& command, std::string& what, int& code) override {
        std::fflush(nullptr);
        errno = 0;
        int status = std::system(command.c_str());
        if (status == -1) {
            what = "exit";
            code = errno;
            return -1;
        }
#if !defined(_WIN32)
        if (WIFSIGNALED(status)) {
            what = "signal";
            code = WTERMSIG(status);
            return status;
        }
        what = "exit";
        code = WIFEXITED(status) ? WEXITSTATUS(status) : status;
#else
        what = "exit";
        code = status;
#endif
        return status;
    }
};

} // namespace

std::unique_ptr<Clock> makeSystemClock() {
    return std::make_unique<SystemClock>();
}
std::unique_ptr<FileSystem> makeNativeFileSystem() {
    return std::make_unique<NativeFileSystem>();
}

// ---------------------------------------------------------------------------
// LibState and opening

LibState& libState(VM& vm) {
    if (vm.lib == nullptr) {
        vm.lib = new LibState();
        vm.lib->clock = makeSystemClock();
        vm.lib->fs = makeNativeFileSystem();
    }
    return *vm.lib;
}

void closeStdlib(VM& vm) {
    delete vm.lib;
    vm.lib = nullptr;
}

void openStdlib(VM& vm) {
    libState(vm);
    openBaseLib(vm);
    openInterpLib(vm); // pcall, xpcall, error, load, loadfile, dofile, coroutine
    openGcLib(vm);     // collectgarbage, gc
    openPackageLib(vm);
    openStringLib(vm);
    openTableLib(vm);
    openMathLib(vm);
    openIoLib(vm);
    openOsLib(vm);
    openUtf8Lib(vm);
    openDebugLib(vm);
}

} // namespace tricolor
