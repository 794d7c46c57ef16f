// lib_os.cpp — the `os` library.
//
// Time comes from LibState's Clock (a recording injects a virtual one), the
// file operations and the environment from its FileSystem. os.exit hands the
// decision to the embedder (LibState::exitHandler): library code never ends
// the process itself. The locale is never changed (Tricolor relies on the
// "C" numeric locale): os.setlocale answers queries with "C".
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>

#include "core/auxlib.h"
#include "core/interp.h"
#include "core/stdlib.h"
#include "core/string.h"
#include "core/table.h"

namespace tricolor {
namespace {

int osClock(VM& vm, HostCall& call) {
    return pushResult(vm, call, Value::number(libState(vm).clock->processSeconds()));
}

int osDifftime(VM& vm, HostCall& call) {
    Integer t1 = checkInteger(vm, call, 1);
    Integer t2 = checkInteger(vm, call, 2);
    return pushResult(vm, call, Value::number(std::difftime(time_t(t1), time_t(t2))));
}

int osGetenv(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    std::string value;
    if (!libState(vm).fs->getenv(name, value)) return pushResult(vm, call, Value());
    return pushResult(vm, call, stringValue(vm, value));
}

int osResult(VM& vm, HostCall& call, int err, const std::string& name) {
    if (err == 0) return pushResult(vm, call, Value::boolean(true));
    std::string msg = std::strerror(err);
    if (!name.empty()) msg = name + ": " + msg;
    return pushFailErrno(vm, call, msg, err);
}

int osRemove(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    return osResult(vm, call, libState(vm).fs->remove(name), name);
}

int osRename(VM& vm, HostCall& call) {
    std::string from(checkStringView(vm, call, 1));
    std::string to(checkStringView(vm, call, 2));
    return osResult(vm, call, libState(vm).fs->rename(from, to), "");
}

int osTmpname(VM& vm, HostCall& call) {
    std::string name;
    if (!libState(vm).fs->tmpname(name)) libError(vm, call, "unable to generate a unique filename");
    return pushResult(vm, call, stringValue(vm, name));
}

int osExecute(VM& vm, HostCall& call) {
    FileSystem& fs = *libState(vm).fs;
    if (call.arg(1).isNil()) return pushResult(vm, call, Value::boolean(fs.hasShell()));
    std::string command(checkStringView(vm, call, 1));
    std::string what;
    int code = 0;
    int status = fs.execute(command, what, code);
    if (status == -1) return pushFailErrno(vm, call, std::strerror(code), code);
    call.push(vm, what == "exit" && code == 0 ? Value::boolean(true) : Value());
    pushString(vm, call, what);
    call.push(vm, Value::integer(code));
    return 3;
}

int osExit(VM& vm, HostCall& call) {
    int status;
    Value v = call.arg(1);
    if (v.isBoolean())
        status = v.isTruthy() ? EXIT_SUCCESS : EXIT_FAILURE;
    else
        status = int(optInteger(vm, call, 1, EXIT_SUCCESS));
    bool close = call.arg(2).isTruthy();
    LibState& lib = libState(vm);
    if (lib.exitHandler) lib.exitHandler(vm, status, close);
    // The embedder let the call return (or installed no handler): stop the
    // script with an error rather than ending the process from library code.
    libError(vm, call, "os.exit(%d) is not available here", status);
}

int osSetlocale(VM& vm, HostCall& call) {
    static const char* const categories[] = {"all",     "collate", "ctype", "monetary",
                                             "numeric", "time",    nullptr};
    Value locale = call.arg(1);
    if (!locale.isNil()) checkString(vm, call, 1);
    checkOption(vm, call, 2, "all", categories);
    if (locale.isNil()) return pushResult(vm, call, stringValue(vm, "C"));
    std::string_view name = view(call.arg(1).asString());
    if (name == "C" || name == "POSIX" || name.empty())
        return pushResult(vm, call, stringValue(vm, "C"));
    return pushResult(vm, call, Value());
}

// --- date and time ------------------------------------------------------------------
// Broken-down times come from the C library (gmtime_r/localtime_r/mktime,
// available natively and under Emscripten); os.date formats one conversion at
// a time with strftime after checking it against the conversions lua5.4
// accepts (C99's, with the E and O modifiers).

constexpr const char* kSingleConversions = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
constexpr const char* kEConversions = "cCxXyY";
constexpr const char* kOConversions = "deHImMSuUVwWy";

// Length of the valid conversion at spec (after the '%'), or 0.
size_t conversionLength(std::string_view spec) {
    if (spec.empty()) return 0;
    if (std::strchr(kSingleConversions, spec[0]) != nullptr) return 1;
    if (spec.size() >= 2 && spec[0] == 'E' && std::strchr(kEConversions, spec[1]) != nullptr)
        return 2;
    if (spec.size() >= 2 && spec[0] == 'O' && std::strchr(kOConversions, spec[1]) != nullptr)
        return 2;
    return 0;
}

// Reads field `key` of the os.time table (an integer, within int range) minus delta.
int timeField(VM& vm, HostCall& call, Table* t, const char* key, int def, int delta) {
    Value v = *tableGetStr(t, internString(vm, key));
    Integer n;
    if (!toInteger(v, n)) {
        if (!v.isNil()) libError(vm, call, "field '%s' is not an integer", key);
        if (def < 0) libError(vm, call, "field '%s' missing in date table", key);
        return def;
    }
    if (!(n >= 0 ? n - delta <= INT32_MAX : INT32_MIN + delta <= n))
        libError(vm, call, "field '%s' is out-of-bound", key);
    return int(n - delta);
}

void setIntField(VM& vm, Table* t, const char* key, Integer v) {
    tableSetStr(vm, t, internString(vm, key), Value::integer(v));
}

// Writes the fields of a broken-down time into t (os.date("*t"), and os.time's normalisation).
void setDateFields(VM& vm, Table* t, const struct tm& c) {
    setIntField(vm, t, "year", Integer(c.tm_year) + 1900);
    setIntField(vm, t, "month", Integer(c.tm_mon) + 1);
    setIntField(vm, t, "day", c.tm_mday);
    setIntField(vm, t, "hour", c.tm_hour);
    setIntField(vm, t, "min", c.tm_min);
    setIntField(vm, t, "sec", c.tm_sec);
    setIntField(vm, t, "yday", Integer(c.tm_yday) + 1);
    setIntField(vm, t, "wday", Integer(c.tm_wday) + 1);
    if (c.tm_isdst >= 0)
        tableSetStr(vm, t, internString(vm, "isdst"), Value::boolean(c.tm_isdst > 0));
}

int osTime(VM& vm, HostCall& call) {
    if (call.arg(1).isNil())
        return pushResult(vm, call, Value::integer(libState(vm).clock->epochSeconds()));
    Table* t = checkTable(vm, call, 1);
    struct tm c {};
    c.tm_year = timeField(vm, call, t, "year", -1, 1900);
    c.tm_mon = timeField(vm, call, t, "month", -1, 1);
    c.tm_mday = timeField(vm, call, t, "day", -1, 0);
    c.tm_hour = timeField(vm, call, t, "hour", 12, 0);
    c.tm_min = timeField(vm, call, t, "min", 0, 0);
    c.tm_sec = timeField(vm, call, t, "sec", 0, 0);
    Value dst = *tableGetStr(t, internString(vm, "isdst"));
    c.tm_isdst = dst.isNil() ? -1 : dst.isTruthy() ? 1 : 0;
    time_t result = std::mktime(&c);
    if (result == time_t(-1))
        libError(vm, call, "time result cannot be represented in this installation");
    setDateFields(vm, t, c); // normalised
    return pushResult(vm, call, Value::integer(Integer(result)));
}

int osDate(VM& vm, HostCall& call) {
    std::string format(optStringView(vm, call, 1, "%c"));
    Integer when =
        call.arg(2).isNil() ? libState(vm).clock->epochSeconds() : checkInteger(vm, call, 2);
    std::string_view spec = format;
    bool utc = !spec.empty() && spec[0] == '!';
    if (utc) spec.remove_prefix(1);
    time_t tt = time_t(when);
    struct tm c {};
    bool ok = Integer(tt) == when && (utc ? gmtime_r(&tt, &c) : localtime_r(&tt, &c)) != nullptr;
    if (!ok) libError(vm, call, "date result cannot be represented in this installation");
    if (spec.substr(0, 2) == "*t") {
        Table* t = newTable(vm, 0, 9);
        call.push(vm, Value::object(t));
        setDateFields(vm, t, c);
        return 1;
    }
    std::string out;
    char buf[256];
    for (size_t i = 0; i < spec.size(); ++i) {
        if (spec[i] != '%') {
            out.push_back(spec[i]);
            continue;
        }
        std::string_view rest = spec.substr(i + 1);
        size_t n = conversionLength(rest);
        if (n == 0) {
            std::string bad(rest.substr(0, rest.empty()                         ? 0
                                           : (rest[0] == 'E' || rest[0] == 'O') ? 2
                                                                                : 1));
            std::string msg = "invalid conversion specifier '%" + bad + "'";
            argError(vm, call, 1, msg.c_str());
        }
        std::string one = "%" + std::string(rest.substr(0, n));
        size_t len = std::strftime(buf, sizeof buf, one.c_str(), &c);
        out.append(buf, len);
        i += n;
    }
    return pushResult(vm, call, stringValue(vm, out));
}

const LibEntry kOsFunctions[] = {
    {"clock", osClock},     {"date", osDate},       {"difftime", osDifftime},
    {"execute", osExecute}, {"exit", osExit},       {"getenv", osGetenv},
    {"remove", osRemove},   {"rename", osRename},   {"setlocale", osSetlocale},
    {"time", osTime},       {"tmpname", osTmpname}, {nullptr, nullptr},
};

} // namespace

void openOsLib(VM& vm) {
    newLib(vm, "os", kOsFunctions);
}

} // namespace tricolor
