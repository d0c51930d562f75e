#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace opsdeck {

// What one access-log line yields. Views point into the caller's buffer: no allocation per line.
struct ParsedLine {
    std::string_view ip;
    std::string_view request;  // "GET /path?q HTTP/1.1" (or only the URI for $uri formats)
    int status = 0;
    int64_t minute = INT64_MIN;  // UTC minutes since the epoch; INT64_MIN when the line has no time
    int second = 0;
    uint32_t latencyUs = 0;
    bool hasLatency = false;
};

// Remembers the last timestamp's text so consecutive lines of the same minute skip date arithmetic.
struct TimeCache {
    char key[32] = {};
    int keyLength = -1;
    int64_t minute = INT64_MIN;
};

// A compiled access-log format: "combined" (nginx/Apache), "combined_rt" (combined plus nginx's
// $request_time in seconds), "auto" (combined with an optional trailing request time), or a custom
// nginx log_format string ("$remote_addr [$time_local] \"$request\" $status $request_time") or Apache
// LogFormat string ("%h %l %u %t \"%r\" %>s %b %D").
class AccessLogFormat
{
    Q_DECLARE_TR_FUNCTIONS(AccessLogFormat)

public:
    enum class Field : uint8_t {
        Skip,         // any text, not validated
        Number,       // digits or "-" (bytes sent)
        RemoteAddr,
        TimeLocal,    // 10/Oct/2000:13:55:36 -0700
        TimeIso8601,  // 2000-10-10T13:55:36-07:00 (or Z)
        Request,
        Status,
        SecondsTime,  // 0.123
        MicrosTime,   // 123000 (Apache %D)
        MillisTime,   // 123 (Apache %{ms}T)
    };
    struct Token {
        bool literal = false;
        std::string text;  // literal text
        Field field = Field::Skip;
        bool quoted = false;  // the field sits between double quotes: backslash escapes allowed
    };

    AccessLogFormat() = default;
    static AccessLogFormat combined();
    static AccessLogFormat combinedRt();
    static AccessLogFormat autoDetect();  // combined, request time optional
    // "combined", "combined_rt", "auto" (or empty) or a format string.
    static Result<AccessLogFormat> fromSpec(const QString &spec);

    QString name() const { return m_name; }
    bool hasLatency() const { return m_hasLatency; }
    bool hasTime() const { return m_hasTime; }
    const std::vector<Token> &tokens() const { return m_tokens; }

    // Parses one line (without its '\n'; a trailing '\r' is ignored). False = malformed.
    bool parse(const char *begin, const char *end, ParsedLine &out, TimeCache &cache) const;

private:
    enum class Kind { Custom, Combined, CombinedRt, Auto };
    static Result<AccessLogFormat> fromString(const QString &spec);
    void finish();
    bool parseTokens(const char *begin, const char *end, ParsedLine &out, TimeCache &cache) const;
    bool parseCombined(const char *begin, const char *end, ParsedLine &out, TimeCache &cache) const;
    static bool parseTime(const char *p, const char *e, bool local, ParsedLine &out, TimeCache &cache);

    QString m_name;
    Kind m_kind = Kind::Custom;  // the combined family has a hand-written parser with the same rules
    std::vector<Token> m_tokens;
    int m_optionalFrom = -1;   // tokens from here on may be missing entirely
    bool m_strictEnd = true;   // text after the last token makes the line malformed
    bool m_hasLatency = false;
    bool m_hasTime = false;
};

// Date helpers shared with the tests' reference computation.
int64_t daysFromCivil(int year, unsigned month, unsigned day);
// "10/Oct/2000:13:55:36 -0700" → UTC minute and second; false when it is not such a time.
bool parseTimeLocal(std::string_view text, int64_t &minute, int &second);

} // namespace opsdeck
