// osdate.h - the engines of Lua 5.4's os.date and os.time, independent of the VM.
//
// Owns: breaking a time_t down into calendar fields (UTC computed here, exactly and for any
// year that fits a C int, so native and WebAssembly builds agree; local time through the C
// library's localtime_r/mktime and the process time zone), the os.date conversions lua5.4
// accepts (C99 strftime in the "C" locale, including the E and O modifiers, formatted here
// as glibc does), the "*t" fields, and os.time's reading and normalisation of a date table
// with lua5.4's error messages.
//
// Everything is a function of its arguments (plus the process time zone for Local): the
// binding decides where "now" comes from (an injectable or virtual clock), so a recorded
// run replays identically. Errors are returned, never thrown:
//   - DateError with argument > 0: "bad argument #<argument> to 'date' (<message>)";
//   - argument 0: the message is raised as is (e.g. "date result cannot be represented in
//     this installation", "field 'day' is out-of-bound").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/number.h"

namespace tricolor {

enum class TimeZoneMode { Utc, Local };

struct DateError {
    int argument = 0;
    std::string message;
};

// A broken-down time: the fields of os.date("*t") (1-based month, day, yday, wday) plus
// the zone information %z and %Z need.
struct DateFields {
    Integer year = 1970;
    Integer month = 1; // 1..12
    Integer day = 1;   // 1..31
    Integer hour = 0;
    Integer min = 0;
    Integer sec = 0;
    Integer yday = 1; // 1..366
    Integer wday = 1; // 1..7, Sunday is 1
    bool isdst = false;
    long gmtOffset = 0;    // seconds east of UTC
    char zone[16] = "GMT"; // time zone abbreviation
};

// Breaks t down (gmtime / localtime). Fails with "date result cannot be represented in
// this installation" when the year does not fit a C int after subtracting 1900.
bool breakDownTime(int64_t t, TimeZoneMode mode, DateFields& out, DateError& error);

// os.date(format, t): format as given by the user, including an optional leading '!'
// (which selects UTC, otherwise defaultMode applies). Writes either the formatted string
// into text, or (for "*t" / "!*t") sets isTable and fills fields.
struct DateResult {
    bool isTable = false;
    std::string text;
    DateFields fields;
};
bool formatDate(std::string_view format, int64_t t, TimeZoneMode defaultMode, DateResult& out,
                DateError& error);

// Formats already broken-down fields with os.date's conversions (no '!' or "*t" handling).
// Fails with "invalid conversion specifier '%<rest of format>'" (argument 1).
bool formatDateFields(std::string_view format, const DateFields& fields, std::string& out,
                      DateError& error);

// How os.time found one field of its table.
enum class DateFieldState { Absent, Integer, NotInteger };

// os.time's reading of one field: value minus delta as a C int, or the default when the
// field is absent (defaultValue < 0: required). Errors: "field '<key>' is not an
// integer", "field '<key>' missing in date table", "field '<key>' is out-of-bound".
bool readDateField(std::string_view key, DateFieldState state, Integer value, int defaultValue,
                   int delta, int& out, DateError& error);

// The os.time table after readDateField, in C struct tm conventions.
struct TimeRequest {
    int year;      // years since 1900
    int month;     // 0-based
    int day;       // day of the month
    int hour = 12; // os.time's default
    int min = 0;
    int sec = 0;
    int isdst = -1; // -1 absent, 0 false, 1 true
};

// os.time(table): normalises the request (mktime semantics, e.g. month 14 is February of
// the next year) and returns the time and the normalised fields os.time writes back.
// Fails with "time result cannot be represented in this installation" when the result does
// not fit or is -1 (as lua5.4, which cannot tell that second from mktime's error).
// In Utc mode a request with isdst = 1 lands one hour earlier, as glibc's mktime does in a
// zone without daylight saving time.
bool makeTime(const TimeRequest& request, TimeZoneMode mode, int64_t& t, DateFields& normalized,
              DateError& error);

} // namespace tricolor
