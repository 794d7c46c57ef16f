// osdate.cpp - see osdate.h for the design.
#include "core/osdate.h"

#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace tricolor {

namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr std::string_view kSingleConversions = "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%";
constexpr std::string_view kModifiedConversions[] = {"Ec", "EC", "Ex", "EX", "Ey", "EY", "Od",
                                                     "Oe", "OH", "OI", "Om", "OM", "OS", "Ou",
                                                     "OU", "OV", "Ow", "OW", "Oy"};
constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

int64_t floorDiv64(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floorMod64(int64_t a, int64_t b) {
    return a - floorDiv64(a, b) * b;
}

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12), using 400-year eras.
int64_t daysFromCivil(int64_t year, int month, int day) {
    year -= month <= 2;
    int64_t era = floorDiv64(year, 400);
    int64_t yearOfEra = year - era * 400;                         // 0..399
    int64_t monthFromMarch = (month + 9) % 12;                    // March is 0
    int64_t dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1; // from March 1
    int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

// Inverse of daysFromCivil.
void civilFromDays(int64_t days, int64_t& year, int& month, int& day) {
    days += 719468;
    int64_t era = floorDiv64(days, 146097);
    int64_t dayOfEra = days - era * 146097;
    int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int64_t monthFromMarch = (5 * dayOfYear + 2) / 153;
    day = static_cast<int>(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    month = static_cast<int>(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    year = yearOfEra + era * 400 + (month <= 2);
}

bool yearFitsStructTm(int64_t year) {
    return year - 1900 >= INT_MIN && year - 1900 <= INT_MAX;
}

bool breakDownUtc(int64_t t, DateFields& out) {
    int64_t days = floorDiv64(t, kSecondsPerDay);
    int64_t secondOfDay = t - days * kSecondsPerDay;
    int64_t year;
    int month, day;
    civilFromDays(days, year, month, day);
    if (!yearFitsStructTm(year)) return false;
    out = DateFields{};
    out.year = year;
    out.month = month;
    out.day = day;
    out.hour = secondOfDay / 3600;
    out.min = secondOfDay / 60 % 60;
    out.sec = secondOfDay % 60;
    out.wday = floorMod64(days + 4, 7) + 1; // 1970-01-01 was a Thursday
    out.yday = days - daysFromCivil(year, 1, 1) + 1;
    return true;
}

bool breakDownLocal(int64_t t, DateFields& out) {
    std::time_t tt = static_cast<std::time_t>(t);
    if (static_cast<int64_t>(tt) != t) return false;
    std::tm tm{};
    if (localtime_r(&tt, &tm) == nullptr) return false;
    out = DateFields{};
    out.year = Integer{tm.tm_year} + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.hour = tm.tm_hour;
    out.min = tm.tm_min;
    out.sec = tm.tm_sec;
    out.yday = tm.tm_yday + 1;
    out.wday = tm.tm_wday + 1;
    out.isdst = tm.tm_isdst > 0;
    out.gmtOffset = tm.tm_gmtoff;
    std::snprintf(out.zone, sizeof out.zone, "%s", tm.tm_zone ? tm.tm_zone : "");
    return true;
}

// glibc prints years as a C int (tm_year + 1900), so they wrap beyond INT_MAX.
int64_t asCInt(int64_t v) {
    return static_cast<int32_t>(static_cast<uint32_t>(v));
}

// ISO 8601 week-based year and week number (weeks start on Monday; week 1 holds the
// year's first Thursday).
void isoWeek(const DateFields& f, int64_t& isoYear, int& week) {
    auto weeksIn = [](int64_t year) {
        int64_t jan1 = floorMod64(daysFromCivil(year, 1, 1) + 4, 7); // 0 = Sunday
        bool leap =
            (floorMod64(year, 4) == 0 && floorMod64(year, 100) != 0) || floorMod64(year, 400) == 0;
        return (jan1 == 4 || (leap && jan1 == 3)) ? 53 : 52;
    };
    int isoWeekday = f.wday == 1 ? 7 : static_cast<int>(f.wday - 1); // Monday 1 .. Sunday 7
    int w = static_cast<int>((f.yday - isoWeekday + 10) / 7);
    isoYear = f.year;
    if (w < 1) {
        --isoYear;
        w = weeksIn(isoYear);
    } else if (w > weeksIn(f.year)) {
        ++isoYear;
        w = 1;
    }
    week = w;
}

void appendNumber(std::string& out, int64_t v, int width, char pad = '0') {
    char buffer[32];
    int n = std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(v));
    if (n < width && v >= 0) out.append(static_cast<size_t>(width - n), pad);
    out.append(buffer, static_cast<size_t>(n));
}

// Appends one conversion (its letter after any E/O modifier) in the "C" locale.
void appendConversion(std::string& out, char c, const DateFields& f) {
    int wday0 = static_cast<int>(f.wday - 1);
    int yday0 = static_cast<int>(f.yday - 1);
    switch (c) {
    case 'a': out.append(kWeekdays[wday0], 3); break;
    case 'A': out += kWeekdays[wday0]; break;
    case 'b':
    case 'h': out.append(kMonths[f.month - 1], 3); break;
    case 'B': out += kMonths[f.month - 1]; break;
    case 'c':
        appendConversion(out, 'a', f);
        out += ' ';
        appendConversion(out, 'b', f);
        out += ' ';
        appendConversion(out, 'e', f);
        out += ' ';
        appendConversion(out, 'T', f);
        out += ' ';
        appendConversion(out, 'Y', f);
        break;
    case 'C': appendNumber(out, floorDiv64(asCInt(f.year), 100), 0); break;
    case 'd': appendNumber(out, f.day, 2); break;
    case 'D':
    case 'x':
        appendConversion(out, 'm', f);
        out += '/';
        appendConversion(out, 'd', f);
        out += '/';
        appendConversion(out, 'y', f);
        break;
    case 'e': appendNumber(out, f.day, 2, ' '); break;
    case 'F':
        appendConversion(out, 'Y', f);
        out += '-';
        appendConversion(out, 'm', f);
        out += '-';
        appendConversion(out, 'd', f);
        break;
    case 'g':
    case 'G': {
        int64_t isoYear;
        int week;
        isoWeek(f, isoYear, week);
        if (c == 'G')
            appendNumber(out, asCInt(isoYear), 0);
        else
            appendNumber(out, floorMod64(asCInt(isoYear), 100), 2);
        break;
    }
    case 'H': appendNumber(out, f.hour, 2); break;
    case 'I': appendNumber(out, f.hour % 12 == 0 ? 12 : f.hour % 12, 2); break;
    case 'j': appendNumber(out, f.yday, 3); break;
    case 'm': appendNumber(out, f.month, 2); break;
    case 'M': appendNumber(out, f.min, 2); break;
    case 'n': out += '\n'; break;
    case 'p': out += f.hour < 12 ? "AM" : "PM"; break;
    case 'r':
        appendConversion(out, 'I', f);
        out += ':';
        appendConversion(out, 'M', f);
        out += ':';
        appendConversion(out, 'S', f);
        out += ' ';
        appendConversion(out, 'p', f);
        break;
    case 'R':
        appendConversion(out, 'H', f);
        out += ':';
        appendConversion(out, 'M', f);
        break;
    case 'S': appendNumber(out, f.sec, 2); break;
    case 't': out += '\t'; break;
    case 'T':
    case 'X':
        appendConversion(out, 'R', f);
        out += ':';
        appendConversion(out, 'S', f);
        break;
    case 'u': appendNumber(out, wday0 == 0 ? 7 : wday0, 0); break;
    case 'U': appendNumber(out, (yday0 + 7 - wday0) / 7, 2); break;
    case 'V': {
        int64_t isoYear;
        int week;
        isoWeek(f, isoYear, week);
        appendNumber(out, week, 2);
        break;
    }
    case 'w': appendNumber(out, wday0, 0); break;
    case 'W': appendNumber(out, (yday0 + 7 - (wday0 + 6) % 7) / 7, 2); break;
    case 'y': appendNumber(out, floorMod64(f.year, 100), 2); break;
    case 'Y': appendNumber(out, asCInt(f.year), 0); break;
    case 'z': {
        long minutes = (f.gmtOffset < 0 ? -f.gmtOffset : f.gmtOffset) / 60;
        out += f.gmtOffset < 0 ? '-' : '+';
        appendNumber(out, minutes / 60 * 100 + minutes % 60, 4);
        break;
    }
    case 'Z': out += f.zone; break;
    case '%': out += '%'; break;
    default: break;
    }
}

} // namespace

bool breakDownTime(int64_t t, TimeZoneMode mode, DateFields& out, DateError& error) {
    bool ok = mode == TimeZoneMode::Utc ? breakDownUtc(t, out) : breakDownLocal(t, out);
    if (!ok) error = {0, "date result cannot be represented in this installation"};
    return ok;
}

bool formatDateFields(std::string_view format, const DateFields& fields, std::string& out,
                      DateError& error) {
    size_t i = 0;
    while (i < format.size()) {
        size_t percent = format.find('%', i);
        if (percent == std::string_view::npos) {
            out.append(format.substr(i));
            break;
        }
        out.append(format.substr(i, percent - i));
        std::string_view rest = format.substr(percent + 1);
        if (!rest.empty() && kSingleConversions.find(rest[0]) != std::string_view::npos) {
            appendConversion(out, rest[0], fields);
            i = percent + 2;
            continue;
        }
        bool modified = false;
        for (std::string_view option : kModifiedConversions)
            modified = modified || rest.substr(0, 2) == option;
        if (!modified) {
            // PUC prints the rest of the format as a C string.
            std::string shown(rest.substr(0, rest.find('\0')));
            error = {1, "invalid conversion specifier '%" + shown + "'"};
            return false;
        }
        appendConversion(out, rest[1], fields); // the "C" locale ignores E and O
        i = percent + 3;
    }
    return true;
}

bool formatDate(std::string_view format, int64_t t, TimeZoneMode defaultMode, DateResult& out,
                DateError& error) {
    TimeZoneMode mode = defaultMode;
    if (!format.empty() && format[0] == '!') {
        mode = TimeZoneMode::Utc;
        format.remove_prefix(1);
    }
    DateFields fields;
    if (!breakDownTime(t, mode, fields, error)) return false;
    if (format.substr(0, format.find('\0')) == "*t") { // compared as a C string, like PUC
        out.isTable = true;
        out.fields = fields;
        return true;
    }
    out.isTable = false;
    return formatDateFields(format, fields, out.text, error);
}

bool readDateField(std::string_view key, DateFieldState state, Integer value, int defaultValue,
                   int delta, int& out, DateError& error) {
    std::string field = "field '" + std::string(key) + "' ";
    switch (state) {
    case DateFieldState::NotInteger: error = {0, field + "is not an integer"}; return false;
    case DateFieldState::Absent:
        if (defaultValue < 0) {
            error = {0, field + "missing in date table"};
            return false;
        }
        out = defaultValue;
        return true;
    case DateFieldState::Integer: break;
    }
    bool fits = value >= 0 ? value - delta <= INT_MAX : Integer{INT_MIN} + delta <= value;
    if (!fits) {
        error = {0, field + "is out-of-bound"};
        return false;
    }
    out = static_cast<int>(value - delta);
    return true;
}

bool makeTime(const TimeRequest& request, TimeZoneMode mode, int64_t& t, DateFields& normalized,
              DateError& error) {
    const char* kUnrepresentable = "time result cannot be represented in this installation";
    if (mode == TimeZoneMode::Utc) {
        int64_t months = int64_t{request.year} * 12 + request.month;
        int64_t year = floorDiv64(months, 12) + 1900;
        int month = static_cast<int>(floorMod64(months, 12)) + 1;
        int64_t days = daysFromCivil(year, month, 1) + (int64_t{request.day} - 1);
        t = days * kSecondsPerDay + int64_t{request.hour} * 3600 + int64_t{request.min} * 60 +
            request.sec;
        if (request.isdst > 0) t -= 3600;
        if (!breakDownUtc(t, normalized) || t == -1) {
            error = {0, kUnrepresentable};
            return false;
        }
        return true;
    }
    std::tm tm{};
    tm.tm_year = request.year;
    tm.tm_mon = request.month;
    tm.tm_mday = request.day;
    tm.tm_hour = request.hour;
    tm.tm_min = request.min;
    tm.tm_sec = request.sec;
    tm.tm_isdst = request.isdst;
    std::time_t result = std::mktime(&tm);
    if (result == static_cast<std::time_t>(-1)) {
        error = {0, kUnrepresentable};
        return false;
    }
    t = static_cast<int64_t>(result);
    DateError ignored;
    return breakDownTime(t, TimeZoneMode::Local, normalized, ignored) ||
           (error = {0, kUnrepresentable}, false);
}

} // namespace tricolor
