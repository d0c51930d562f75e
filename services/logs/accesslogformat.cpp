#include "logs/accesslogformat.h"

#include "logs/bytescan.h"

#include <cstring>

namespace opsdeck {

namespace {

using Field = AccessLogFormat::Field;

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

inline int digits2(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

bool allDigits(const char *b, const char *e)
{
    if (b == e)
        return false;
    for (; b != e; ++b)
        if (!isDigit(*b))
            return false;
    return true;
}

int monthFromName(const char *p)
{
    // Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
    switch (p[0]) {
    case 'J': return p[1] == 'a' ? (p[2] == 'n' ? 1 : 0) : (p[2] == 'n' ? 6 : p[2] == 'l' ? 7 : 0);
    case 'F': return p[1] == 'e' && p[2] == 'b' ? 2 : 0;
    case 'M': return p[1] == 'a' ? (p[2] == 'r' ? 3 : p[2] == 'y' ? 5 : 0) : 0;
    case 'A': return p[1] == 'p' && p[2] == 'r' ? 4 : (p[1] == 'u' && p[2] == 'g' ? 8 : 0);
    case 'S': return p[1] == 'e' && p[2] == 'p' ? 9 : 0;
    case 'O': return p[1] == 'c' && p[2] == 't' ? 10 : 0;
    case 'N': return p[1] == 'o' && p[2] == 'v' ? 11 : 0;
    case 'D': return p[1] == 'e' && p[2] == 'c' ? 12 : 0;
    default: return 0;
    }
}

bool civilToMinute(int year, int month, int day, int hour, int minute, int offsetMinutes, int64_t &out)
{
    static constexpr int daysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > daysIn[month - 1] || hour > 23 || minute > 59)
        return false;
    out = (daysFromCivil(year, unsigned(month), unsigned(day)) * 24 + hour) * 60 + minute - offsetMinutes;
    return true;
}

// "2000-10-10T13:55:36", then optional ".fff", then "Z", "+07:00" or "+0700".
bool parseIso8601(std::string_view s, int64_t &minute, int &second)
{
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return false;
    const char *p = s.data();
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (!isDigit(p[i]))
            return false;
    size_t i = 19;
    if (s[i] == '.') {
        ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    int offset = 0;
    const std::string_view zone = s.substr(i);
    if (zone == "Z") {
        offset = 0;
    } else if ((zone.size() == 6 && zone[3] == ':') || zone.size() == 5) {
        const char *z = zone.data();
        if ((z[0] != '+' && z[0] != '-') || !isDigit(z[1]) || !isDigit(z[2]))
            return false;
        const char *m = z + (zone.size() == 6 ? 4 : 3);
        if (!isDigit(m[0]) || !isDigit(m[1]))
            return false;
        offset = (digits2(z + 1) * 60 + digits2(m)) * (z[0] == '-' ? -1 : 1);
    } else {
        return false;
    }
    second = digits2(p + 17);
    const int year = digits2(p) * 100 + digits2(p + 2);
    return second <= 60
        && civilToMinute(year, digits2(p + 5), digits2(p + 8), digits2(p + 11), digits2(p + 14), offset, minute);
}

// Decimal "12.345" in the given unit → microseconds; false if not a number.
bool parseDuration(const char *b, const char *e, uint64_t unitUs, uint32_t &us)
{
    if (b == e)
        return false;
    uint64_t whole = 0;
    const char *p = b;
    while (p != e && isDigit(*p)) {
        if (whole < 100'000'000'000ULL)
            whole = whole * 10 + uint64_t(*p - '0');
        ++p;
    }
    if (p == b)
        return false;
    uint64_t value = whole * unitUs;
    if (p != e) {
        if (*p != '.' || p + 1 == e)
            return false;
        ++p;
        uint64_t scale = unitUs;
        uint64_t frac = 0;
        for (; p != e; ++p) {
            if (!isDigit(*p))
                return false;
            if (scale >= 10) {
                scale /= 10;
                frac += uint64_t(*p - '0') * scale;
            }
        }
        value += frac;
    }
    us = value > UINT32_MAX ? UINT32_MAX : uint32_t(value);
    return true;
}

inline const char *findByte(const char *p, const char *e, char c) { return scanFor(p, e, c); }

inline bool startsWith(const char *p, const char *e, const std::string &literal)
{
    const size_t n = literal.size();
    if (size_t(e - p) < n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (p[i] != literal[i])
            return false;
    return true;
}

const char *findClosingQuote(const char *p, const char *e)
{
    while (p < e) {
        const char *q = scanFor(p, e, '"');
        if (!q)
            return nullptr;
        const char *k = q;
        while (k > p && k[-1] == '\\')
            --k;
        if (((q - k) & 1) == 0)
            return q;
        p = q + 1;
    }
    return nullptr;
}

} // namespace

int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    // Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = unsigned(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

bool parseTimeLocal(std::string_view s, int64_t &minute, int &second)
{
    // 10/Oct/2000:13:55:36 -0700
    if (s.size() != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' || s[20] != ' '
        || (s[21] != '+' && s[21] != '-'))
        return false;
    const char *p = s.data();
    for (int i : {0, 1, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 22, 23, 24, 25})
        if (!isDigit(p[i]))
            return false;
    const int month = monthFromName(p + 3);
    const int offset = (digits2(p + 22) * 60 + digits2(p + 24)) * (p[21] == '-' ? -1 : 1);
    second = digits2(p + 18);
    return month != 0 && second <= 60
        && civilToMinute(digits2(p + 7) * 100 + digits2(p + 9), month, digits2(p), digits2(p + 12), digits2(p + 15),
                         offset, minute);
}

AccessLogFormat AccessLogFormat::combined()
{
    AccessLogFormat f = fromString(QStringLiteral("$remote_addr $ident $remote_user [$time_local] \"$request\" $status "
                                                  "$body_bytes_sent \"$http_referer\" \"$http_user_agent\""))
                            .value();
    f.m_name = QStringLiteral("combined");
    f.m_kind = Kind::Combined;
    f.m_strictEnd = false;  // extra fields after the user agent are allowed and ignored
    return f;
}

AccessLogFormat AccessLogFormat::combinedRt()
{
    AccessLogFormat f = fromString(QStringLiteral("$remote_addr $ident $remote_user [$time_local] \"$request\" $status "
                                                  "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time"))
                            .value();
    f.m_name = QStringLiteral("combined_rt");
    f.m_kind = Kind::CombinedRt;
    return f;
}

AccessLogFormat AccessLogFormat::autoDetect()
{
    AccessLogFormat f = combined();
    f.m_name = QStringLiteral("auto");
    f.m_kind = Kind::Auto;
    f.m_strictEnd = true;
    f.m_optionalFrom = int(f.m_tokens.size());  // " $request_time" may be missing
    f.m_tokens.push_back(Token{true, " ", Field::Skip, false});
    f.m_tokens.push_back(Token{false, {}, Field::SecondsTime, false});
    f.finish();
    return f;
}

Result<AccessLogFormat> AccessLogFormat::fromSpec(const QString &spec)
{
    const QString s = spec.trimmed();
    if (s.isEmpty() || s == QLatin1String("auto"))
        return autoDetect();
    if (s == QLatin1String("combined"))
        return combined();
    if (s == QLatin1String("combined_rt"))
        return combinedRt();
    return fromString(s);
}

void AccessLogFormat::finish()
{
    for (size_t i = 0; i < m_tokens.size(); ++i) {
        Token &t = m_tokens[i];
        if (t.literal)
            continue;
        const bool before = i > 0 && !m_tokens[i - 1].text.empty() && m_tokens[i - 1].text.back() == '"';
        const bool after = i + 1 < m_tokens.size() && m_tokens[i + 1].text.front() == '"';
        t.quoted = before && after;
        m_hasLatency = m_hasLatency || t.field == Field::SecondsTime || t.field == Field::MicrosTime
            || t.field == Field::MillisTime;
        m_hasTime = m_hasTime || t.field == Field::TimeLocal || t.field == Field::TimeIso8601;
    }
}

bool AccessLogFormat::parseTime(const char *p, const char *e, bool local, ParsedLine &out, TimeCache &cache)
{
    const int len = int(e - p);
    const int sec = local ? 18 : 17;  // where the seconds are
    if (len == cache.keyLength && isDigit(p[sec]) && isDigit(p[sec + 1])) {
        // The same text apart from the seconds: the same minute (and zone) as a previous line.
        // (Compared in words: this runs for every line.)
        bool same;
        if (len == 26 && local) {
            uint64_t a[2], b[2], c = 0, d = 0;
            std::memcpy(a, p, 16);
            std::memcpy(b, cache.key, 16);
            std::memcpy(&c, p + 16, 2);  // the minute's second digit and ':'
            std::memcpy(&d, cache.key + 16, 2);
            uint64_t z1 = 0, z2 = 0;
            std::memcpy(&z1, p + 20, 6);  // " -0700"
            std::memcpy(&z2, cache.key + 20, 6);
            same = a[0] == b[0] && a[1] == b[1] && c == d && z1 == z2;
        } else {
            same = true;
            for (int i = 0; same && i < len; ++i)
                same = i == sec || i == sec + 1 || p[i] == cache.key[i];
        }
        if (same) {
            out.minute = cache.minute;
            out.second = digits2(p + sec);
            return out.second <= 60;
        }
    }
    const std::string_view text(p, size_t(len));
    if (!(local ? parseTimeLocal(text, out.minute, out.second) : parseIso8601(text, out.minute, out.second)))
        return false;
    if (len >= sec + 2 && len <= int(sizeof cache.key)) {
        std::memcpy(cache.key, p, size_t(len));
        cache.keyLength = len;
        cache.minute = out.minute;
    }
    return true;
}

bool AccessLogFormat::parse(const char *begin, const char *end, ParsedLine &out, TimeCache &cache) const
{
    if (end > begin && end[-1] == '\r')
        --end;
    return m_kind == Kind::Custom ? parseTokens(begin, end, out, cache) : parseCombined(begin, end, out, cache);
}

// The combined family by hand, field for field the same rules as the token interpreter: an IP up to
// the first space, ident and user up to the next spaces, "[" time "]", the quoted request, a 3-digit
// status, bytes sent (digits or "-"), quoted referer and user agent, then the optional request time.
bool AccessLogFormat::parseCombined(const char *p, const char *e, ParsedLine &out, TimeCache &cache) const
{
    out.request = {};
    out.minute = INT64_MIN;
    out.hasLatency = false;
    const char *q = findByte(p, e, ' ');
    if (!q || q == p)
        return false;
    out.ip = std::string_view(p, size_t(q - p));
    p = q + 1;
    if (!(q = findByte(p, e, ' ')))  // ident
        return false;
    p = q + 1;
    if (!(q = findByte(p, e, ' ')) || e - q < 2 || q[1] != '[')  // user, then " ["
        return false;
    p = q + 2;
    if (!(q = findByte(p, e, ']')) || !parseTime(p, q, true, out, cache))
        return false;
    p = q + 1;
    if (e - p < 2 || p[0] != ' ' || p[1] != '"')
        return false;
    p += 2;
    if (!(q = findClosingQuote(p, e)))
        return false;
    out.request = std::string_view(p, size_t(q - p));
    p = q + 1;
    if (e - p < 5 || p[0] != ' ' || !isDigit(p[1]) || !isDigit(p[2]) || !isDigit(p[3]) || p[4] != ' ')
        return false;
    out.status = (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    p += 5;
    if (!(q = findByte(p, e, ' ')) || (!(q - p == 1 && *p == '-') && !allDigits(p, q)))  // bytes sent
        return false;
    p = q;
    for (int field = 0; field < 2; ++field) {  // referer, user agent
        if (e - p < 2 || p[0] != ' ' || p[1] != '"' || !(q = findClosingQuote(p + 2, e)))
            return false;
        p = q + 1;
    }
    if (m_kind == Kind::Combined || (m_kind == Kind::Auto && p == e))
        return true;
    if (p == e || *p != ' ')
        return false;
    ++p;
    if (e - p == 1 && *p == '-')
        return true;
    if (!parseDuration(p, e, 1'000'000, out.latencyUs))
        return false;
    out.hasLatency = true;
    return true;
}

bool AccessLogFormat::parseTokens(const char *begin, const char *end, ParsedLine &out, TimeCache &cache) const
{
    out.ip = {};
    out.request = {};
    out.status = 0;
    out.minute = INT64_MIN;
    out.hasLatency = false;
    const char *p = begin;
    const size_t count = m_tokens.size();
    for (size_t i = 0; i < count; ++i) {
        if (int(i) == m_optionalFrom && p == end)
            return true;
        const Token &t = m_tokens[i];
        if (t.literal) {
            if (!startsWith(p, end, t.text))
                return false;
            p += t.text.size();
            continue;
        }
        const char *fe = end;
        if (i + 1 < count) {
            fe = t.quoted ? findClosingQuote(p, end) : findByte(p, end, m_tokens[i + 1].text.front());
            if (!fe)
                return false;
        }
        switch (t.field) {
        case Field::Skip:
            break;
        case Field::Number:
            if (!(fe - p == 1 && *p == '-') && !allDigits(p, fe))
                return false;
            break;
        case Field::RemoteAddr:
            if (fe == p)
                return false;
            out.ip = std::string_view(p, size_t(fe - p));
            break;
        case Field::TimeLocal:
        case Field::TimeIso8601:
            if (!parseTime(p, fe, t.field == Field::TimeLocal, out, cache))
                return false;
            break;
        case Field::Request:
            out.request = std::string_view(p, size_t(fe - p));
            break;
        case Field::Status:
            if (fe - p != 3 || !isDigit(p[0]) || !isDigit(p[1]) || !isDigit(p[2]))
                return false;
            out.status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
            break;
        case Field::SecondsTime:
        case Field::MicrosTime:
        case Field::MillisTime: {
            if (fe - p == 1 && *p == '-')
                break;  // no time recorded for this request
            const uint64_t unit = t.field == Field::SecondsTime ? 1'000'000 : t.field == Field::MillisTime ? 1000 : 1;
            if (!parseDuration(p, fe, unit, out.latencyUs))
                return false;
            out.hasLatency = true;
            break;
        }
        }
        p = fe;
    }
    return !m_strictEnd || p == end;
}

} // namespace opsdeck
