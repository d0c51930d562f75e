// Access-log line parsing, formats, nearest-rank percentiles and the merge of chunk results.
#include "logs/accesslogformat.h"
#include "logs/logstats.h"
#include "logs/percentiles.h"

#include <catch2/catch.hpp>

#include <QDateTime>

#include <string>

using namespace opsdeck;

namespace {

ParsedLine parse(const AccessLogFormat &format, const std::string &line, bool *ok = nullptr)
{
    ParsedLine out;
    TimeCache cache;
    const bool parsed = format.parse(line.data(), line.data() + line.size(), out, cache);
    if (ok)
        *ok = parsed;
    return out;
}

bool parses(const AccessLogFormat &format, const std::string &line)
{
    bool ok = false;
    parse(format, line, &ok);
    return ok;
}

int64_t utcMinute(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC).toSecsSinceEpoch() / 60;
}

const std::string kLine = "192.0.2.7 - alice [10/Oct/2026:13:55:36 -0700] \"GET /api/users?id=3 HTTP/1.1\" 503 2326 "
                          "\"https://example.com/\" \"Mozilla/5.0 (X11)\" 0.257";

} // namespace

TEST_CASE("combined_rt lines yield IP, request, status, time in UTC and the request time")
{
    const auto format = AccessLogFormat::combinedRt();
    bool ok = false;
    const ParsedLine p = parse(format, kLine, &ok);
    REQUIRE(ok);
    CHECK(p.ip == "192.0.2.7");
    CHECK(p.request == "GET /api/users?id=3 HTTP/1.1");
    CHECK(requestPath(p.request) == "/api/users");
    CHECK(p.status == 503);
    CHECK(p.minute == utcMinute(2026, 10, 10, 20, 55));  // -0700 → 20:55 UTC
    CHECK(p.second == 36);
    CHECK(p.hasLatency);
    CHECK(p.latencyUs == 257'000);
}

TEST_CASE("auto takes combined lines with or without a trailing request time; combined_rt requires it")
{
    const std::string combined = kLine.substr(0, kLine.rfind(' '));
    const auto autoFormat = AccessLogFormat::autoDetect();
    bool ok = false;
    ParsedLine p = parse(autoFormat, combined, &ok);
    CHECK(ok);
    CHECK_FALSE(p.hasLatency);
    p = parse(autoFormat, kLine, &ok);
    CHECK(ok);
    CHECK(p.latencyUs == 257'000);
    CHECK_FALSE(parses(AccessLogFormat::combinedRt(), combined));
    CHECK(parses(AccessLogFormat::combined(), kLine));  // extra fields after the user agent are allowed
    CHECK_FALSE(parses(autoFormat, kLine + " extra"));
    CHECK_FALSE(parses(autoFormat, combined + " "));
}

TEST_CASE("hostile bytes: invalid UTF-8, NULs, CRLF and escaped quotes still parse; broken structure does not")
{
    const auto f = AccessLogFormat::autoDetect();
    std::string withNul = kLine;
    withNul.replace(withNul.find("Mozilla"), 7, std::string("Moz\0lla", 7));
    CHECK(parses(f, withNul));
    std::string badUtf8 = kLine;
    badUtf8.replace(badUtf8.find("Mozilla"), 7, "\xC3\x28\xC0\xAF\xED\xA0\x80");
    CHECK(parses(f, badUtf8));
    CHECK(parses(f, kLine + "\r"));
    std::string escaped = kLine;
    escaped.replace(escaped.find("Mozilla/5.0 (X11)"), 17, "curl \\\"quoted\\\" agent");
    CHECK(parses(f, escaped));
    CHECK(parse(f, escaped).latencyUs == 257'000);

    CHECK_FALSE(parses(f, ""));
    CHECK_FALSE(parses(f, "\r"));
    CHECK_FALSE(parses(f, kLine.substr(0, 60)));              // cut short
    CHECK_FALSE(parses(f, "{\"msg\":\"json, not a log\"}"));
    std::string badStatus = kLine;
    badStatus.replace(badStatus.find(" 503 "), 5, " 5x3 ");
    CHECK_FALSE(parses(f, badStatus));
    std::string badTime = kLine;
    badTime.replace(badTime.find("Oct"), 3, "Foo");
    CHECK_FALSE(parses(f, badTime));
    std::string badBytes = kLine;
    badBytes.replace(badBytes.find(" 2326 "), 6, " 23x6 ");
    CHECK_FALSE(parses(f, badBytes));
    CHECK_FALSE(parses(f, kLine.substr(0, kLine.size() - 4) + "0."));  // "0." is not a number
}

TEST_CASE("the time cache never reuses a minute across zones or minutes")
{
    const auto f = AccessLogFormat::combinedRt();
    ParsedLine p;
    TimeCache cache;
    std::string a = kLine;
    REQUIRE(f.parse(a.data(), a.data() + a.size(), p, cache));
    const int64_t first = p.minute;
    std::string b = kLine;
    b.replace(b.find("-0700"), 5, "+0000");
    REQUIRE(f.parse(b.data(), b.data() + b.size(), p, cache));
    CHECK(p.minute == first - 7 * 60);
    std::string c = b;
    c.replace(c.find(":55:36"), 6, ":56:01");
    REQUIRE(f.parse(c.data(), c.data() + c.size(), p, cache));
    CHECK(p.minute == first - 7 * 60 + 1);
    CHECK(p.second == 1);
}

TEST_CASE("custom nginx and Apache formats")
{
    const auto nginx = AccessLogFormat::fromSpec(QStringLiteral("$remote_addr [$time_iso8601] \"$request\" $status $request_time"));
    REQUIRE(nginx.ok());
    CHECK(nginx->hasLatency());
    bool ok = false;
    const std::string line = "2001:db8::1 [2026-11-29T07:00:05+01:00] \"POST /login HTTP/2.0\" 401 1.5";
    ParsedLine p = parse(*nginx, line, &ok);
    REQUIRE(ok);
    CHECK(p.ip == "2001:db8::1");
    CHECK(p.status == 401);
    CHECK(p.minute == utcMinute(2026, 11, 29, 6, 0));
    CHECK(p.latencyUs == 1'500'000);

    const auto apache = AccessLogFormat::fromSpec(QStringLiteral("%h %l %u %t \\\"%r\\\" %>s %b %D"));
    REQUIRE(apache.ok());
    p = parse(*apache, "198.51.100.4 - - [29/Nov/2026:07:00:05 +0000] \"GET / HTTP/1.1\" 200 - 12345", &ok);
    REQUIRE(ok);
    CHECK(p.status == 200);
    CHECK(p.latencyUs == 12'345);

    CHECK_FALSE(AccessLogFormat::fromSpec(QStringLiteral("$remote_addr$status")).ok());  // nothing between fields
    CHECK_FALSE(AccessLogFormat::fromSpec(QStringLiteral("$remote_addr $request")).ok());  // no status
    CHECK(AccessLogFormat::fromSpec(QStringLiteral("combined"))->name() == QStringLiteral("combined"));
    CHECK(AccessLogFormat::fromSpec(QString())->name() == QStringLiteral("auto"));
}

TEST_CASE("nearest-rank percentiles over raw values")
{
    SECTION("rank is ceil(P/100 * n), computed without floating-point error")
    {
        CHECK(nearestRankIndex(9500, 20) == 18);    // the 19th of 20, not the 20th
        CHECK(nearestRankIndex(9500, 21) == 19);    // ceil(19.95) = 20
        CHECK(nearestRankIndex(9900, 100) == 98);
        CHECK(nearestRankIndex(9900, 101) == 99);   // ceil(99.99) = 100
        CHECK(nearestRankIndex(5000, 1) == 0);
        CHECK(nearestRankIndex(5000, 2) == 0);
        CHECK(nearestRankIndex(5000, 3) == 1);
        CHECK(nearestRankIndex(10000, 7) == 6);
        CHECK(nearestRankIndex(1, 7) == 0);
    }
    SECTION("values")
    {
        std::vector<uint32_t> one{42};
        CHECK(nearestRankPercentiles(one, {5000, 9500, 9900}) == std::vector<uint32_t>{42, 42, 42});
        std::vector<uint32_t> v;
        for (uint32_t i = 100; i >= 1; --i)
            v.push_back(i * 10);  // 1000, 990, ..., 10: unsorted input
        CHECK(nearestRankPercentiles(v, {5000, 9500, 9900, 10000}) == std::vector<uint32_t>{500, 950, 990, 1000});
        std::vector<uint32_t> same(37, 7);
        CHECK(nearestRankPercentiles(same, {5000, 9900}) == std::vector<uint32_t>{7, 7});
        std::vector<uint32_t> two{5, 1};
        CHECK(nearestRankPercentiles(two, {5000, 9500}) == std::vector<uint32_t>{1, 5});
        std::vector<uint32_t> none;
        CHECK(nearestRankPercentiles(none, {5000}).empty());
    }
}

TEST_CASE("the bucketed select gives exactly the plain nearest-rank values")
{
    uint64_t x = 99;
    const auto next = [&x] {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return uint32_t(x >> 33);
    };
    for (int round = 0; round < 20; ++round) {
        std::vector<uint32_t> values;
        const size_t n = 1 + next() % 5000;
        for (size_t i = 0; i < n; ++i) {
            const uint32_t r = next();
            // mostly small (one bucket holds many), some beyond the last bucket's start (8.4 s)
            values.push_back(r % 10 == 0 ? 8'000'000 + r % 4'000'000 : r % 3 == 0 ? 128 * (r % 4) : r % 300'000);
        }
        std::vector<uint64_t> counts(kRankBuckets, 0);
        for (uint32_t v : values)
            ++counts[rankBucket(v)];
        const std::vector<uint32_t> p{1, 5000, 9000, 9500, 9900, 9999, 10000};
        std::vector<uint32_t> copy = values;
        INFO("round " << round << ", n " << n);
        CHECK(nearestRankPercentiles(values, counts, p) == nearestRankPercentiles(copy, p));
    }
}

TEST_CASE("results of consecutive chunks merge into exactly the result of the whole")
{
    const auto f = AccessLogFormat::autoDetect();
    std::string text;
    for (int i = 0; i < 300; ++i) {
        char line[200];
        // Three IPs; 10.0.0.1 is busy in minute 07:01, which straddles the chunk seam below.
        const int minute = i < 100 ? 0 : i < 250 ? 1 : 2;
        std::snprintf(line, sizeof line, "10.0.0.%d - - [29/Nov/2026:07:%02d:%02d +0000] \"GET /x HTTP/1.1\" %d 1 \"-\" \"t\" 0.%03d\n",
                      i % 3 == 0 || (minute == 1) ? 1 : 2 + i % 2, minute, i % 60, i % 10 == 0 ? 404 : 200, i % 1000);
        text += line;
    }
    LogStats whole;
    whole.parseBlock(text.data(), text.data() + text.size(), f);
    const size_t seam = text.find('\n', text.size() / 2) + 1;
    LogStats a, b;
    a.parseBlock(text.data(), text.data() + seam, f);
    b.parseBlock(text.data() + seam, text.data() + text.size(), f);
    a.merge(std::move(b));
    CHECK(a.requests == whole.requests);
    CHECK(a.status404 == whole.status404);
    CHECK(a.latencies == whole.latencies);
    REQUIRE(a.ips.size() == whole.ips.size());
    for (size_t i = 0; i < whole.ips.size(); ++i) {
        const IpStats *merged = a.ips.findOrInsert(whole.ips.key(i));
        INFO(std::string(whole.ips.key(i)));
        CHECK(merged->count == whole.ips.value(i).count);
        CHECK(merged->peak == whole.ips.value(i).peak);
        CHECK(merged->notFound == whole.ips.value(i).notFound);
    }
    const IpStats *busy = whole.ips.findOrInsert("10.0.0.1");
    CHECK(busy->peak == 150);  // every request of minute 07:01
    REQUIRE(a.minutes.size() == 3);
    CHECK(a.minutes[1].count == 150);
}
