// The access-log analyzer against a straightforward reference computation, on generated logs with
// hostile lines, in every chunking, plain and gzip, plus the application-log breakdown.
#include "logs/apploganalyzer.h"
#include "logs/accesslogformat.h"
#include "logs/loganalyzer.h"
#include "logs/logchunkreader.h"
#include "logs/loggenerator.h"
#include "jobwatch.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QTemporaryDir>

#include <QThreadPool>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

using namespace opsdeck;

namespace {

// The reference: one regular expression per line, a map of IP counts, a sorted vector of times.
struct Reference {
    quint64 lines = 0, requests = 0, malformed = 0;
    quint64 classes[6] = {};
    quint64 s401 = 0, s403 = 0;
    std::map<std::string, quint64> ips;
    std::vector<long long> latencyUs;

    explicit Reference(const std::string &text)
    {
        static const std::regex line(
            R"RE(^(\S+) \S+ \S+ \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"(?: (\d+(?:\.\d+)?))?$)RE");
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            const size_t next = end == std::string::npos ? text.size() : end + 1;
            if (end == std::string::npos)
                end = text.size();
            std::string l = text.substr(start, end - start);
            start = next;
            ++lines;
            if (!l.empty() && l.back() == '\r')
                l.pop_back();
            std::smatch m;
            if (l.size() > (1u << 20) || !std::regex_match(l, m, line)) {
                ++malformed;
                continue;
            }
            ++requests;
            const int status = std::stoi(m[4].str());
            ++classes[status / 100 <= 5 ? status / 100 : 0];
            s401 += status == 401;
            s403 += status == 403;
            ++ips[m[1].str()];
            if (m[8].matched)
                latencyUs.push_back(std::llround(std::stod(m[8].str()) * 1e6));
        }
        std::sort(latencyUs.begin(), latencyUs.end());
    }
    double percentileMs(int p) const
    {
        const size_t n = latencyUs.size();
        const size_t rank = (size_t(p) * n + 99) / 100;  // ceil(p/100 * n)
        return double(latencyUs[std::max<size_t>(rank, 1) - 1]) / 1000.0;
    }
    QList<std::pair<QString, quint64>> top(int n) const
    {
        std::vector<std::pair<std::string, quint64>> v(ips.begin(), ips.end());
        std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
        QList<std::pair<QString, quint64>> out;
        for (int i = 0; i < n && i < int(v.size()); ++i)
            out << std::pair{QString::fromStdString(v[size_t(i)].first), v[size_t(i)].second};
        return out;
    }
};

std::string generate(const AccessLogSpec &spec)
{
    AccessLogGenerator gen(spec);
    std::string text;
    while (gen.next(text)) {
    }
    return text;
}

void writeFile(const QString &path, const std::string &data)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    REQUIRE(f.write(data.data(), qint64(data.size())) == qint64(data.size()));
}

// Gzip with one member per part (rotated logs are often concatenated members).
void writeGzip(const QString &path, const std::vector<std::string> &parts)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    for (const std::string &part : parts) {
        z_stream zs{};
        REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
        std::string out(deflateBound(&zs, uLong(part.size())), '\0');
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(part.data()));
        zs.avail_in = uInt(part.size());
        zs.next_out = reinterpret_cast<Bytef *>(out.data());
        zs.avail_out = uInt(out.size());
        REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
        out.resize(zs.total_out);
        deflateEnd(&zs);
        f.write(out.data(), qint64(out.size()));
    }
}

void compare(const LogAnalysis &a, const Reference &r)
{
    CHECK(a.lines == r.lines);
    CHECK(a.requests == r.requests);
    CHECK(a.malformedLines == r.malformed);
    CHECK(a.status2xx == r.classes[2]);
    CHECK(a.status3xx == r.classes[3]);
    CHECK(a.status4xx == r.classes[4]);
    CHECK(a.status5xx == r.classes[5]);
    CHECK(a.status401 == r.s401);
    CHECK(a.status403 == r.s403);
    CHECK(a.errorRate == Approx(double(r.classes[5]) / double(r.requests)));
    const auto top = r.top(20);
    REQUIRE(a.topIps.size() == top.size());
    for (qsizetype i = 0; i < top.size(); ++i) {
        INFO("top IP #" << i);
        CHECK(a.topIps[i].ip == top[i].first);
        CHECK(a.topIps[i].count == top[i].second);
    }
    REQUIRE(a.latency.has_value());
    CHECK(a.latency->count == r.latencyUs.size());
    CHECK(a.latency->p50Ms == r.percentileMs(50));
    CHECK(a.latency->p95Ms == r.percentileMs(95));
    CHECK(a.latency->p99Ms == r.percentileMs(99));
    CHECK(a.latency->maxMs == double(r.latencyUs.back()) / 1000.0);
    double sum = 0;
    for (long long us : r.latencyUs)
        sum += double(us);
    CHECK(a.latency->meanMs == Approx(sum / double(r.latencyUs.size()) / 1000.0).epsilon(1e-9));
}

Result<LogAnalysis> analyze(const QStringList &files, qint64 chunkBytes = 0, int threads = 0)
{
    LogAnalysisRequest request;
    request.files = files;
    request.chunkBytes = chunkBytes;
    request.threads = threads;
    return LogAnalyzer::analyze(request);
}

AccessLogSpec hostileSpec(uint64_t seed, qint64 lines)
{
    AccessLogSpec spec;
    spec.seed = seed;
    spec.lines = lines;
    spec.ipPool = 300;
    spec.hostileShare = 0.05;
    return spec;
}

} // namespace

TEST_CASE("matches a straightforward reference on generated logs with hostile lines, however it is chunked")
{
    QTemporaryDir dir;
    const uint64_t seed = GENERATE(1u, 2u, 3u);
    std::string text = generate(hostileSpec(seed, 6000));
    text += "10.0.0.9 - - [22/Nov/2026:10:00:00 +0000] \"GET /last HTTP/1.1\" 200 5 \"-\" \"t\" 0.5";  // no final newline
    const QString path = dir.filePath(QStringLiteral("access.log"));
    writeFile(path, text);
    const Reference reference(text);
    REQUIRE(reference.malformed > 100);  // the hostile lines are really there
    REQUIRE(reference.requests > 5000);

    const qint64 chunk = GENERATE(qint64(0), qint64(997), qint64(4096), qint64(65536));
    const int threads = GENERATE(1, 3);
    INFO("seed " << seed << ", chunk " << chunk << ", threads " << threads);
    const auto result = analyze({path}, chunk, threads);
    REQUIRE(result.ok());
    compare(*result, reference);
    CHECK(result->warnings.isEmpty());
}

TEST_CASE(".gz input, several files as one set, and plain equal the reference of their concatenation")
{
    QTemporaryDir dir;
    const std::string a = generate(hostileSpec(11, 3000));
    AccessLogSpec later = hostileSpec(12, 3000);
    later.start = later.start.addDays(1);
    const std::string b = generate(later);
    const std::string c = generate(hostileSpec(13, 1500));
    writeFile(dir.filePath(QStringLiteral("access.log")), a);
    writeGzip(dir.filePath(QStringLiteral("access.log.1.gz")), {b.substr(0, b.size() / 3), b.substr(b.size() / 3)});
    writeGzip(dir.filePath(QStringLiteral("rotated-without-suffix")), {c});
    const auto result = analyze({dir.filePath(QStringLiteral("access.log")), dir.filePath(QStringLiteral("access.log.1.gz")),
                                 dir.filePath(QStringLiteral("rotated-without-suffix"))});
    REQUIRE(result.ok());
    compare(*result, Reference(a + b + c));
    CHECK(result->files.size() == 3);
}

TEST_CASE("a line far over the cap is one malformed line, in plain and gzip files, with memory bounded")
{
    QTemporaryDir dir;
    const std::string before = generate(hostileSpec(21, 2000));
    const std::string after = generate(hostileSpec(22, 2000));
    std::string huge(size_t(3) << 20, 'A');  // 3 MiB without a newline
    huge[1000] = '"';
    const std::string text = before + huge + "\n" + after;
    writeFile(dir.filePath(QStringLiteral("big.log")), text);
    writeGzip(dir.filePath(QStringLiteral("big.log.gz")), {text});
    Reference reference(text);
    for (const QString &name : {QStringLiteral("big.log"), QStringLiteral("big.log.gz")}) {
        for (qint64 chunk : {qint64(0), qint64(100'000)}) {
            INFO(name.toStdString() << " chunk " << chunk);
            const auto result = analyze({dir.filePath(name)}, chunk, 2);
            REQUIRE(result.ok());
            compare(*result, reference);
            CHECK(result->overlongLines == 1);
        }
    }
}

TEST_CASE("a damaged or cut .gz is analysed as far as it is readable, with a warning")
{
    QTemporaryDir dir;
    const std::string text = generate(hostileSpec(31, 4000));
    const QString full = dir.filePath(QStringLiteral("full.gz"));
    writeGzip(full, {text});
    QFile f(full);
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    writeFile(dir.filePath(QStringLiteral("cut.gz")), bytes.left(bytes.size() / 2).toStdString());
    const auto cut = analyze({dir.filePath(QStringLiteral("cut.gz"))});
    REQUIRE(cut.ok());
    CHECK(cut->requests > 500);
    CHECK(cut->requests < 4000);
    REQUIRE(cut->warnings.size() == 1);
    CHECK(cut->warnings.first().contains(QStringLiteral("truncated")));

    writeFile(dir.filePath(QStringLiteral("garbage.gz")), std::string("\x1f\x8bnot really gzip at all", 23));
    const auto garbage = analyze({dir.filePath(QStringLiteral("garbage.gz"))});
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().kind == ErrorKind::Io);
}

TEST_CASE("a plain file truncated while it is read: what was there is analysed, with a warning, no crash")
{
    // The reader took the file's size when it opened it; the file is then cut to half (logrotate's
    // copytruncate does this) before the workers read it. pread() just ends early: no mmap, no SIGBUS.
    QTemporaryDir dir;
    const std::string text = generate(hostileSpec(41, 6000));
    const QString path = dir.filePath(QStringLiteral("access.log"));
    writeFile(path, text);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    const qint64 sizeAtOpen = qint64(text.size());
    // Cut 10 bytes into a line near the middle: that partial line cannot parse as a request.
    const size_t lineEnd = text.find('\n', text.size() / 2);
    REQUIRE(lineEnd != std::string::npos);
    const size_t cutAt = lineEnd + 1 + 10;
    REQUIRE(::truncate(QFile::encodeName(path).constData(), off_t(cutAt)) == 0);

    const auto format = AccessLogFormat::fromSpec(QString());
    REQUIRE(format.ok());
    QThreadPool pool;
    ReadRun run;
    run.format = &format.value();
    run.pool = &pool;
    run.threads = 2;
    run.chunkBytes = 64 * 1024;  // many chunks, several of them past the new end
    const Status read = LogChunkReader::readPlain(run, fd, sizeAtOpen, path);
    ::close(fd);
    REQUIRE(read.ok());
    run.merger.drain();
    const QStringList warnings = run.warnings();
    REQUIRE(warnings.size() == 1);
    CHECK(warnings.first().contains(QStringLiteral("became shorter")));

    // Exactly the requests of the complete lines before the cut were counted.
    const Reference reference(text.substr(0, lineEnd + 1));
    CHECK(run.merger.total().requests == reference.requests);
    CHECK(run.merger.total().requests > 1000);
}

TEST_CASE("errors: no file, a missing file, a folder, a bad format")
{
    QTemporaryDir dir;
    CHECK(analyze({}).error().kind == ErrorKind::Config);
    const auto missing = analyze({dir.filePath(QStringLiteral("nope.log"))});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::Io);
    CHECK(missing.error().message.contains(QStringLiteral("nope.log")));
    CHECK(analyze({dir.path()}).error().kind == ErrorKind::Io);
    LogAnalysisRequest bad;
    bad.files = {dir.path()};
    bad.format = QStringLiteral("$remote_addr");
    CHECK(LogAnalyzer::analyze(bad).error().kind == ErrorKind::Config);
    writeFile(dir.filePath(QStringLiteral("empty.log")), "");
    const auto empty = analyze({dir.filePath(QStringLiteral("empty.log"))});
    REQUIRE(empty.ok());
    CHECK(empty->requests == 0);
    CHECK_FALSE(empty->latency.has_value());
}

TEST_CASE("suspicious IPs, throughput and error paths on a generated week")
{
    QTemporaryDir dir;
    AccessLogSpec spec;
    spec.seed = 5;
    spec.lines = 40'000;
    spec.meanGapMs = 15'000;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    REQUIRE(AccessLogGenerator::writeFile(path, spec).ok());
    const auto result = analyze({path});
    REQUIRE(result.ok());
    const LogAnalysis &a = *result;
    QStringList flagged;
    for (const SuspiciousIp &s : a.suspiciousIps)
        flagged << s.ip;
    CHECK(flagged.contains(AccessLogGenerator::scannerIp()));
    CHECK(flagged.contains(AccessLogGenerator::burstIp()));
    CHECK(flagged.size() == 2);  // the ordinary busiest IPs are not flagged
    for (const SuspiciousIp &s : a.suspiciousIps) {
        if (s.ip == AccessLogGenerator::scannerIp())
            CHECK(s.kind == QStringLiteral("auth"));
        else
            CHECK((s.kind == QStringLiteral("burst") && s.peakPerMinute >= 600));
    }
    quint64 sum = 0;
    for (const ThroughputPoint &p : a.throughput)
        sum += p.requests;
    CHECK(sum == a.requests);
    CHECK(a.throughput.size() <= 721);
    CHECK(a.peakRequestsPerMinute >= 600);
    REQUIRE(!a.topErrorPaths.isEmpty());
    quint64 errors = 0;
    for (const PathErrors &p : a.topErrorPaths)
        errors += p.total();
    CHECK(errors == a.status4xx + a.status5xx);  // fewer than 20 distinct paths: all of them listed
    quint64 histogram = 0;
    for (const LatencyBucket &b : a.latencyHistogram)
        histogram += b.count;
    CHECK(histogram == a.latency->count);
}

TEST_CASE("progress and cancel, blocking and through a QFuture")
{
    QTemporaryDir dir;
    AccessLogSpec spec;
    spec.lines = 60'000;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    REQUIRE(AccessLogGenerator::writeFile(path, spec).ok());
    LogAnalysisRequest request;
    request.files = {path};
    request.chunkBytes = 64 * 1024;
    int calls = 0;
    const auto cancelled = LogAnalyzer::analyze(request, [&calls](qint64, qint64) { return ++calls < 1; });
    REQUIRE_FALSE(cancelled.ok());
    CHECK(cancelled.error().kind == ErrorKind::Cancelled);

    Job<LogAnalysis> *job = LogAnalyzer::start(request);
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    QObject::connect(job, &JobBase::progress, [&](const QString &, qint64 done, qint64 total) {
        lastDone = done;
        lastTotal = total;
    });
    const auto r = test::wait(job, 60'000);  // progress arrives before the result
    REQUIRE(r.ok());
    CHECK(r->requests == 60'000);
    CHECK(lastTotal > 0);
    CHECK(lastDone == lastTotal);

    test::JobWatch stopping(LogAnalyzer::start(request));
    REQUIRE(stopping.job());
    stopping.job()->cancel();
    const auto stopped = stopping.wait(10'000);
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().kind == ErrorKind::Cancelled);
}

TEST_CASE("application log: errors by type with the default and a custom pattern, plain and gzip")
{
    QTemporaryDir dir;
    std::string text = "2026-11-29T07:00:00Z INFO started\n"
                       "2026-11-29T07:00:01Z ERROR DatabaseTimeoutError: query took 5001 ms\r\n"
                       "2026-11-29T07:00:02Z ERROR [PaymentGatewayError] card declined\n"
                       "2026-11-29T07:00:03Z ERROR DatabaseTimeoutError: again\n"
                       "2026-11-29T07:00:04Z WARN ERRORS are not errors\n"
                       "2026-11-29T07:00:05Z ERROR\n"
                       "2026-11-29T07:00:06Z ERROR bad bytes \xC3\x28 here\n";
    text += std::string(size_t(2) << 20, 'x') + " ERROR Huge\n";  // overlong: one line, not classified
    text += "{\"level\":\"error\",\"type\":\"TypeError\"}\n2026-11-29T07:00:07Z ERROR TypeError: x";
    writeFile(dir.filePath(QStringLiteral("app.log")), text);
    writeGzip(dir.filePath(QStringLiteral("app.log.1.gz")), {text});
    for (const QString &name : {QStringLiteral("app.log"), QStringLiteral("app.log.1.gz")}) {
        AppLogRequest request;
        request.files = {dir.filePath(name)};
        const auto r = AppLogAnalyzer::analyze(request);
        REQUIRE(r.ok());
        CHECK(r->lines == 10);
        CHECK(r->errorLines == 6);
        REQUIRE(r->byType.size() == 5);
        CHECK(r->byType[0].type == QStringLiteral("DatabaseTimeoutError"));
        CHECK(r->byType[0].count == 2);
        CHECK(r->byType[0].sample.contains(QStringLiteral("query took 5001 ms")));
        QStringList types;
        for (const AppErrorType &t : r->byType)
            types << t.type;
        CHECK(types.contains(QStringLiteral("PaymentGatewayError")));
        CHECK(types.contains(QStringLiteral("(unclassified)")));
        CHECK(types.contains(QStringLiteral("bad")));
    }
    AppLogRequest json;
    json.files = {dir.filePath(QStringLiteral("app.log"))};
    json.keyword.clear();
    json.pattern = QStringLiteral("\"type\":\"(\\w+)\"");
    const auto r = AppLogAnalyzer::analyze(json);
    REQUIRE(r.ok());
    REQUIRE(r->byType.size() == 1);
    CHECK(r->byType[0].type == QStringLiteral("TypeError"));
    json.pattern = QStringLiteral("([unclosed");
    CHECK(AppLogAnalyzer::analyze(json).error().kind == ErrorKind::Config);
}
