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
#include "core/osdate.h"
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

// luaL_fileresult: "name: message" when a name is given (even an empty one), else "message".
int osResult(VM& vm, HostCall& call, int err, const char* name) {
    if (err == 0) return pushResult(vm, call, Value::boolean(true));
    std::string msg = std::strerror(err);
    if (name != nullptr) msg = std::string(name) + ": " + msg;
    return pushFailErrno(vm, call, msg, err);
}

int osRemove(VM& vm, HostCall& call) {
    std::string name(checkStringView(vm, call, 1));
    return osResult(vm, call, libState(vm).fs->remove(name), name.c_str());
}

int osRename(VM& vm, HostCall& call) {
    std::string from(checkStringView(vm, call, 1));
    std::string to(checkStringView(vm, call, 2));
    return osResult(vm, call, libState(vm).fs->rename(from, to), nullptr);
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

// --- date and time (engine: osdate.h) --------------------------------------------------

TimeZoneMode zoneMode(VM& vm) {
    return libState(vm).localTimeZone ? TimeZoneMode::Local : TimeZoneMode::Utc;
}

[[noreturn]] void dateError(VM& vm, HostCall& call, const DateError& error) {
    if (error.argument > 0) argError(vm, call, error.argument, error.message.c_str());
    libError(vm, call, "%s", error.message.c_str());
}

// As lua_setfield: os.time's argument may have __newindex.
void setIntField(VM& vm, Table* t, const char* key, Integer v) {
    setIndexValue(vm, Value::object(t), Value::object(internString(vm, key)), Value::integer(v));
}

// Writes the fields of a broken-down time into t (os.date("*t"), and os.time's normalisation).
void setDateFields(VM& vm, Table* t, const DateFields& f) {
    setIntField(vm, t, "year", f.year);
    setIntField(vm, t, "month", f.month);
    setIntField(vm, t, "day", f.day);
    setIntField(vm, t, "hour", f.hour);
    setIntField(vm, t, "min", f.min);
    setIntField(vm, t, "sec", f.sec);
    setIntField(vm, t, "yday", f.yday);
    setIntField(vm, t, "wday", f.wday);
    setIndexValue(vm, Value::object(t), Value::object(internString(vm, "isdst")),
                  Value::boolean(f.isdst));
}

// Reads one field of os.time's table (as lua_getfield: __index honoured)
// through the engine's rules.
int timeField(VM& vm, HostCall& call, Table* t, const char* key, int def, int delta) {
    Value v = indexValue(vm, Value::object(t), Value::object(internString(vm, key)));
    Integer n = 0;
    DateFieldState state = v.isNil()         ? DateFieldState::Absent
                           : toInteger(v, n) ? DateFieldState::Integer
                                             : DateFieldState::NotInteger;
    int out = 0;
    DateError error;
    if (!readDateField(key, state, n, def, delta, out, error)) dateError(vm, call, error);
    return out;
}

int osTime(VM& vm, HostCall& call) {
    if (call.arg(1).isNil())
        return pushResult(vm, call, Value::integer(libState(vm).clock->epochSeconds()));
    Table* t = checkTable(vm, call, 1);
    TimeRequest request{};
    request.year = timeField(vm, call, t, "year", -1, 1900);
    request.month = timeField(vm, call, t, "month", -1, 1);
    request.day = timeField(vm, call, t, "day", -1, 0);
    request.hour = timeField(vm, call, t, "hour", 12, 0);
    request.min = timeField(vm, call, t, "min", 0, 0);
    request.sec = timeField(vm, call, t, "sec", 0, 0);
    Value dst = indexValue(vm, Value::object(t), Value::object(internString(vm, "isdst")));
    request.isdst = dst.isNil() ? -1 : dst.isTruthy() ? 1 : 0;
    int64_t result = 0;
    DateFields normalized;
    DateError error;
    if (!makeTime(request, zoneMode(vm), result, normalized, error)) dateError(vm, call, error);
    setDateFields(vm, t, normalized);
    return pushResult(vm, call, Value::integer(result));
}

int osDate(VM& vm, HostCall& call) {
    std::string_view format = optStringView(vm, call, 1, "%c");
    Integer when =
        call.arg(2).isNil() ? libState(vm).clock->epochSeconds() : checkInteger(vm, call, 2);
    DateResult result;
    DateError error;
    if (!formatDate(format, when, zoneMode(vm), result, error)) dateError(vm, call, error);
    if (!result.isTable) return pushResult(vm, call, stringValue(vm, result.text));
    Table* t = newTable(vm, 0, 9);
    call.push(vm, Value::object(t));
    setDateFields(vm, t, result.fields);
    return 1;
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
