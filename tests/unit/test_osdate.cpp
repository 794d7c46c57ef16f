// Unit tests for core/osdate. Expected values were produced by Debian's lua5.4 (5.4.4) in
// a UTC time zone (os.date with '!', os.time with mktime in UTC).
#include "core/osdate.h"

#include <ctime>
#include <doctest/doctest.h>
#include <string>

using namespace tricolor;

namespace {

// os.date(format, t) in UTC as text, "*t" fields, or the error.
std::string date(std::string_view format, int64_t t) {
    DateResult r;
    DateError e;
    if (!formatDate(format, t, TimeZoneMode::Utc, r, e))
        return e.argument ? "bad argument #" + std::to_string(e.argument) + ": " + e.message
                          : "error: " + e.message;
    if (!r.isTable) return r.text;
    const DateFields& f = r.fields;
    return std::to_string(f.year) + " " + std::to_string(f.month) + " " + std::to_string(f.day) +
           " " + std::to_string(f.hour) + " " + std::to_string(f.min) + " " +
           std::to_string(f.sec) + " " + std::to_string(f.yday) + " " + std::to_string(f.wday) +
           (f.isdst ? " true" : " false");
}

struct Table {
    std::optional<Integer> year{}, month{}, day{}, hour{}, min{}, sec{};
    bool isdst = false;
};

// os.time(table) in UTC: "t year month day hour min sec yday wday isdst" or the error.
std::string timeOf(const Table& table) {
    DateError e;
    TimeRequest request{};
    auto field = [&](const char* key, std::optional<Integer> v, int def, int delta, int& out) {
        return readDateField(key, v ? DateFieldState::Integer : DateFieldState::Absent,
                             v.value_or(0), def, delta, out, e);
    };
    if (!field("year", table.year, -1, 1900, request.year) ||
        !field("month", table.month, -1, 1, request.month) ||
        !field("day", table.day, -1, 0, request.day) ||
        !field("hour", table.hour, 12, 0, request.hour) ||
        !field("min", table.min, 0, 0, request.min) || !field("sec", table.sec, 0, 0, request.sec))
        return "error: " + e.message;
    request.isdst = table.isdst ? 1 : -1;
    int64_t t;
    DateFields f;
    if (!makeTime(request, TimeZoneMode::Utc, t, f, e)) return "error: " + e.message;
    return std::to_string(t) + " " + std::to_string(f.year) + " " + std::to_string(f.month) + " " +
           std::to_string(f.day) + " " + std::to_string(f.hour) + " " + std::to_string(f.min) +
           " " + std::to_string(f.sec) + " " + std::to_string(f.yday) + " " +
           std::to_string(f.wday) + (f.isdst ? " true" : " false");
}

constexpr int64_t kSample = 1700000000; // Tue Nov 14 22:13:20 2023 UTC

} // namespace

TEST_CASE("every conversion lua5.4 accepts") {
    const struct {
        const char* format;
        const char* expected;
    } cases[] = {{"!%a", "Tue"},
                 {"!%A", "Tuesday"},
                 {"!%b", "Nov"},
                 {"!%B", "November"},
                 {"!%c", "Tue Nov 14 22:13:20 2023"},
                 {"!%C", "20"},
                 {"!%d", "14"},
                 {"!%D", "11/14/23"},
                 {"!%e", "14"},
                 {"!%F", "2023-11-14"},
                 {"!%g", "23"},
                 {"!%G", "2023"},
                 {"!%h", "Nov"},
                 {"!%H", "22"},
                 {"!%I", "10"},
                 {"!%j", "318"},
                 {"!%m", "11"},
                 {"!%M", "13"},
                 {"!%n", "\n"},
                 {"!%p", "PM"},
                 {"!%r", "10:13:20 PM"},
                 {"!%R", "22:13"},
                 {"!%S", "20"},
                 {"!%t", "\t"},
                 {"!%T", "22:13:20"},
                 {"!%u", "2"},
                 {"!%U", "46"},
                 {"!%V", "46"},
                 {"!%w", "2"},
                 {"!%W", "46"},
                 {"!%x", "11/14/23"},
                 {"!%X", "22:13:20"},
                 {"!%y", "23"},
                 {"!%Y", "2023"},
                 {"!%z", "+0000"},
                 {"!%Z", "GMT"},
                 {"!%%", "%"},
                 {"!%Ec", "Tue Nov 14 22:13:20 2023"},
                 {"!%EC", "20"},
                 {"!%Ex", "11/14/23"},
                 {"!%EX", "22:13:20"},
                 {"!%Ey", "23"},
                 {"!%EY", "2023"},
                 {"!%Od", "14"},
                 {"!%Oe", "14"},
                 {"!%OH", "22"},
                 {"!%OI", "10"},
                 {"!%Om", "11"},
                 {"!%OM", "13"},
                 {"!%OS", "20"},
                 {"!%Ou", "2"},
                 {"!%OU", "46"},
                 {"!%OV", "46"},
                 {"!%Ow", "2"},
                 {"!%OW", "46"},
                 {"!%Oy", "23"},
                 {"!abc %% def", "abc % def"},
                 {"!", ""},
                 {"", ""},
                 {"*tx", "*tx"}};
    for (const auto& c : cases) {
        CAPTURE(c.format);
        CHECK(date(c.format, kSample) == c.expected);
    }
}

TEST_CASE("invalid conversions") {
    CHECK(date("%Ez abc", 0) == "bad argument #1: invalid conversion specifier '%Ez abc'");
    CHECK(date("%", 0) == "bad argument #1: invalid conversion specifier '%'");
    CHECK(date("!%s", 0) == "bad argument #1: invalid conversion specifier '%s'");
    CHECK(date("x%qy", 0) == "bad argument #1: invalid conversion specifier '%qy'");
    CHECK(date("%E", 0) == "bad argument #1: invalid conversion specifier '%E'");
    CHECK(date("%Oz", 0) == "bad argument #1: invalid conversion specifier '%Oz'");
    CHECK(date(std::string_view("!%\0x", 4), 0) ==
          "bad argument #1: invalid conversion specifier '%'");
}

TEST_CASE("*t fields and the representable range") {
    CHECK(date("!*t", kSample) == "2023 11 14 22 13 20 318 3 false");
    CHECK(date("!*t", -1) == "1969 12 31 23 59 59 365 4 false");
    CHECK(date("*t", 0) == "1970 1 1 0 0 0 1 5 false");
    CHECK(date("!%Y", int64_t{1} << 60) ==
          "error: date result cannot be represented in this installation");
    CHECK(date("!%Y", 67767976233316800) == "2147483647");
    CHECK(date("!%Y", 67768036191676799) == "-2147481749"); // glibc's int wraps here
    CHECK(date("!%Y|%C|%y|%G|%g|%F|%c|%D", 67768036191676799) ==
          "-2147481749|-21474818|47|-2147481748|52|-2147481749-12-31|"
          "Wed Dec 31 23:59:59 -2147481749|12/31/47");
    CHECK(date("!%Y", 67768036191676800) ==
          "error: date result cannot be represented in this installation");
    CHECK(date("!%Y-%m-%d", -67768040609740800) == "-2147481748-01-01");
    CHECK(date("!%c", -67768040609740801) ==
          "error: date result cannot be represented in this installation");
}

TEST_CASE("week numbers and unusual years") {
    CHECK(date("!%G %g %V %U %W %u %w %j", 1104537600) == "2004 04 53 00 00 6 6 001");
    CHECK(date("!%G %g %V %U %W %u %w %j", 1230681600) == "2009 09 01 52 52 3 3 366");
    CHECK(date("!%G %g %V %U %W", 1262217600) == "2009 09 53 52 52");
    CHECK(date("!%Y %C %y %G", -62135596800) == "1 0 01 1");
    CHECK(date("!%Y %C %y %G %c", -62167219200) == "0 0 00 -1 Sat Jan  1 00:00:00 0");
    CHECK(date("!%Y %C %y %G %D", -62198755200) == "-1 -1 99 -2 01/01/99");
    CHECK(date("!%Y %C %c", 253402300800) == "10000 100 Sat Jan  1 00:00:00 10000");
    CHECK(date("!%Y %C %y %F", -93692592000) == "-999 -10 01 -999-01-01");
}

TEST_CASE("os.time normalisation and errors") {
    CHECK(timeOf({2023, 11, 14}) == "1699963200 2023 11 14 12 0 0 318 3 false");
    CHECK(timeOf({2023, 14, -5, 25, -1, 3600}) == "1706320740 2024 1 27 1 59 0 27 7 false");
    CHECK(timeOf({std::nullopt, 1, 1}) == "error: field 'year' missing in date table");
    CHECK(timeOf({2000, std::nullopt, 1}) == "error: field 'month' missing in date table");
    CHECK(timeOf({2000, 1}) == "error: field 'day' missing in date table");
    CHECK(timeOf({(Integer{1} << 31) + 1900, 1, 1}) == "error: field 'year' is out-of-bound");
    CHECK(timeOf({(Integer{1} << 31) + 1899, 1, 1}) ==
          "67768036160184000 2147485547 1 1 12 0 0 1 4 false");
    CHECK(timeOf({-(Integer{1} << 31) + 1900, 1, 1}) ==
          "-67768040609697600 -2147481748 1 1 12 0 0 1 5 false");
    CHECK(timeOf({-(Integer{1} << 31) + 1899, 1, 1}) == "error: field 'year' is out-of-bound");
    CHECK(timeOf({2000, (Integer{1} << 31) + 1, 1}) == "error: field 'month' is out-of-bound");
    CHECK(timeOf({2000, Integer{1} << 31, 1}) ==
          "5647337477467200 178958970 8 1 12 0 0 213 4 false");
    CHECK(timeOf({2000, 1, Integer{1} << 31}) == "error: field 'day' is out-of-bound");
    CHECK(timeOf({2000, 1, 1, Integer{1} << 31}) == "error: field 'hour' is out-of-bound");
    CHECK(timeOf({1969, 12, 31, 23, 59, 59}) ==
          "error: time result cannot be represented in this installation");
    CHECK(timeOf({(Integer{1} << 31) + 1899, 12, (Integer{1} << 31) - 1}) ==
          "error: time result cannot be represented in this installation");
    CHECK(timeOf({2000, 1, 1, std::nullopt, std::nullopt, std::nullopt, true}) ==
          "946724400 2000 1 1 11 0 0 1 7 false");
    CHECK(timeOf({2024, 2, 30}) == "1709294400 2024 3 1 12 0 0 61 6 false");
    CHECK(timeOf({0, 1, 1, 0}) == "-62167219200 0 1 1 0 0 0 1 7 false");
    CHECK(timeOf({-100, 3, 1}) == "-65317752000 -100 3 1 12 0 0 60 5 false");
    CHECK(timeOf({2000, 1, 1, std::nullopt, std::nullopt, -86400 * 400}) ==
          "912168000 1998 11 27 12 0 0 331 6 false");
    DateError e;
    int out;
    CHECK_FALSE(readDateField("month", DateFieldState::NotInteger, 0, -1, 1, out, e));
    CHECK(e.message == "field 'month' is not an integer");
}

TEST_CASE("UTC breakdown agrees with the C library over a wide range") {
    for (int64_t t = -20000000000; t < 40000000000; t += 86400 * 37 + 3607) {
        DateFields ours;
        DateError e;
        REQUIRE(breakDownTime(t, TimeZoneMode::Utc, ours, e));
        std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        REQUIRE(gmtime_r(&tt, &tm) != nullptr);
        CHECK(ours.year == tm.tm_year + 1900);
        CHECK(ours.month == tm.tm_mon + 1);
        CHECK(ours.day == tm.tm_mday);
        CHECK(ours.hour == tm.tm_hour);
        CHECK(ours.sec == tm.tm_sec);
        CHECK(ours.yday == tm.tm_yday + 1);
        CHECK(ours.wday == tm.tm_wday + 1);
    }
}

TEST_CASE("local time goes through the C library's time zone") {
    for (int64_t t : {int64_t{0}, kSample, int64_t{1690000000}}) {
        DateFields ours;
        DateError e;
        REQUIRE(breakDownTime(t, TimeZoneMode::Local, ours, e));
        std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        REQUIRE(localtime_r(&tt, &tm) != nullptr);
        CHECK(ours.hour == tm.tm_hour);
        CHECK(ours.isdst == (tm.tm_isdst > 0));
        CHECK(ours.gmtOffset == tm.tm_gmtoff);
        TimeRequest request{static_cast<int>(ours.year - 1900),
                            static_cast<int>(ours.month - 1),
                            static_cast<int>(ours.day),
                            static_cast<int>(ours.hour),
                            static_cast<int>(ours.min),
                            static_cast<int>(ours.sec),
                            -1};
        int64_t back;
        DateFields normalized;
        REQUIRE(makeTime(request, TimeZoneMode::Local, back, normalized, e));
        CHECK(back == t);
    }
}
