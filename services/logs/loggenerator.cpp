#include "logs/loggenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace opsdeck {

namespace {

constexpr const char *kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char *kPaths[] = {"/", "/api/health", "/api/users", "/api/orders", "/api/cart", "/api/search",
                                  "/login", "/logout", "/static/app.js", "/static/app.css", "/images/logo.png",
                                  "/api/checkout", "/api/products", "/api/reviews", "/admin", "/wp-login.php",
                                  "/api/chat/completions", "/dashboard", "/settings", "/favicon.ico"};
constexpr const char *kAgents[] = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", "kube-probe/1.30"};
constexpr const char *kErrorTypes[] = {"DatabaseTimeoutError", "PaymentGatewayError", "ValidationError", "TypeError",
                                       "RateLimitError", "UpstreamUnavailable"};
constexpr int kErrorWeights[] = {30, 12, 25, 15, 10, 8};

template <typename T, size_t N>
constexpr size_t countOf(T (&)[N]) { return N; }

Status writeAll(const QString &path, const std::string &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append) || f.write(data.data(), qint64(data.size())) != qint64(data.size()))
        return makeError(ErrorKind::Io, QCoreApplication::translate("LogGenerator", "Could not write %1.").arg(path), f.errorString());
    return {};
}

void setMtime(const QString &path, const QDateTime &when)
{
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = time_t(when.toSecsSinceEpoch());
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, AT_SYMLINK_NOFOLLOW);
}

Status writeGzip(const QString &path, const AccessLogSpec &spec)
{
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "wb");
    if (!gz)
        return makeError(ErrorKind::Io, QCoreApplication::translate("LogGenerator", "Could not write %1.").arg(path));
    AccessLogGenerator gen(spec);
    std::string line;
    while (gen.next(line)) {
        gzwrite(gz, line.data(), unsigned(line.size()));
        line.clear();
    }
    gzclose(gz);
    return {};
}

} // namespace

AccessLogGenerator::AccessLogGenerator(const AccessLogSpec &spec)
    : m_spec(spec), m_state(spec.seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL),
      m_nowMs(spec.start.toMSecsSinceEpoch())
{
}

uint64_t AccessLogGenerator::random()
{
    // splitmix64
    uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double AccessLogGenerator::uniform() { return double(random() >> 11) * (1.0 / 9007199254740992.0); }

void AccessLogGenerator::appendTime(std::string &out)
{
    const qint64 second = m_nowMs / 1000;
    if (second != m_cachedSecond) {
        const QDateTime t = QDateTime::fromSecsSinceEpoch(second, Qt::UTC);
        char buf[40];
        std::snprintf(buf, sizeof buf, "[%02d/%s/%04d:%02d:%02d:%02d +0000]", t.date().day(), kMonths[t.date().month() - 1],
                      t.date().year(), t.time().hour(), t.time().minute(), t.time().second());
        m_cachedTime = buf;
        m_cachedSecond = second;
    }
    out += m_cachedTime;
}

bool AccessLogGenerator::next(std::string &out)
{
    if (m_spec.bytes > 0 ? m_bytes >= m_spec.bytes : m_emitted >= m_spec.lines)
        return false;
    const size_t before = out.size();
    const bool halfway = m_spec.bytes > 0 ? m_bytes >= m_spec.bytes / 2 : m_emitted >= m_spec.lines / 2;
    if (m_spec.burst && halfway && m_burstLeft > 0) {
        if (!m_burstStarted)
            m_nowMs = (m_nowMs / 60'000 + 1) * 60'000;  // the burst fills one calendar minute
        m_burstStarted = true;
        m_nowMs += 90;  // 600 requests in 54 s
    } else {
        m_nowMs += qint64(-std::log(1.0 - uniform()) * double(m_spec.meanGapMs));
    }
    if (m_spec.hostileShare > 0 && uniform() < m_spec.hostileShare)
        appendHostileLine(out);
    else
        appendValidLine(out, false);
    ++m_emitted;
    m_bytes += qint64(out.size() - before);
    return true;
}

void AccessLogGenerator::appendValidLine(std::string &out, bool hostileBytes)
{
    char ip[48];
    int status;
    const double u = uniform();
    if (m_burstStarted && m_burstLeft > 0) {
        --m_burstLeft;
        std::snprintf(ip, sizeof ip, "%s", "198.51.100.23");
        status = 200;
    } else if (m_spec.scanner && u < 0.004) {
        std::snprintf(ip, sizeof ip, "%s", "203.0.113.66");
        const double v = uniform();
        status = v < 0.45 ? 401 : v < 0.65 ? 403 : v < 0.95 ? 404 : 200;
    } else {
        const int index = int(double(m_spec.ipPool) * std::pow(uniform(), 2.5));
        if (index % 37 == 5)
            std::snprintf(ip, sizeof ip, "2001:db8::%x:%x", index / 256, index % 256);
        else
            std::snprintf(ip, sizeof ip, "10.%d.%d.%d", (index >> 16) & 255, (index >> 8) & 255, index & 255);
        const double v = uniform();
        status = v < 0.86 ? 200 : v < 0.875 ? 201 : v < 0.905 ? 304 : v < 0.92 ? 302 : v < 0.945 ? 404
            : v < 0.953 ? 401 : v < 0.958 ? 403 : v < 0.97 ? 400 : v < 0.975 ? 429 : v < 0.99 ? 500 : v < 0.996 ? 502 : 503;
    }
    const double m = uniform();
    const char *method = m < 0.8 ? "GET" : m < 0.95 ? "POST" : m < 0.98 ? "PUT" : "DELETE";
    const char *path = kPaths[random() % countOf(kPaths)];
    char query[32] = "";
    if (uniform() < 0.3)
        std::snprintf(query, sizeof query, "?page=%d", int(random() % 50));
    const char *agent = kAgents[random() % countOf(kAgents)];
    // Request time: log-normal around 40 ms, slower for server errors.
    const double g = std::sqrt(-2.0 * std::log(1.0 - uniform())) * std::cos(6.283185307179586 * uniform());
    double seconds = std::exp(-3.2 + 0.9 * g) * (status >= 500 ? 6.0 : 1.0);
    seconds = std::min(seconds, 59.0);
    char buf[512];
    out += ip;
    out += " - - ";
    appendTime(out);
    std::snprintf(buf, sizeof buf, " \"%s %s%s HTTP/1.1\" %d %d \"%s\" \"", method, path, query, status,
                  status == 304 ? 0 : int(200 + random() % 40000), uniform() < 0.7 ? "-" : "https://www.example.com/");
    out += buf;
    if (hostileBytes) {
        const int kind = int(random() % 3);
        if (kind == 0)
            out += "Mozilla/5.0 \xC3\x28 \xC0\xAF \xED\xA0\x80 broken";  // invalid UTF-8 in a user agent
        else if (kind == 1)
            out.append("agent\0with\0nul", 14);
        else
            out += "curl \\\"quoted\\\" agent";  // an escaped quote inside the field
    } else {
        out += agent;
    }
    out += '"';
    if (m_spec.requestTime) {
        std::snprintf(buf, sizeof buf, " %.3f", seconds);
        out += buf;
    }
    out += '\n';
}

void AccessLogGenerator::appendHostileLine(std::string &out)
{
    switch (random() % 7) {
    case 0: {  // binary garbage, NUL bytes included
        const int n = 1 + int(random() % 200);
        for (int i = 0; i < n; ++i) {
            char c = char(random() & 0xff);
            out += c == '\n' ? '\0' : c;
        }
        out += '\n';
        break;
    }
    case 1: {  // a line cut short (a writer that died mid-line)
        std::string line;
        appendValidLine(line, false);
        line.resize(1 + random() % (line.size() - 2));
        out += line;
        out += '\n';
        break;
    }
    case 2:
        out += '\n';
        break;
    case 3:
        appendValidLine(out, true);
        break;
    case 4:  // CRLF
        appendValidLine(out, false);
        out.insert(out.size() - 1, 1, '\r');
        break;
    case 5:
        out += "{\"level\":\"info\",\"msg\":\"not an access log line\"}\n";
        break;
    default: {  // a status that is not a number
        std::string line;
        appendValidLine(line, false);
        const size_t q = line.find("\" ");
        if (q != std::string::npos && q + 5 < line.size())
            line.replace(q + 2, 3, "abc");
        out += line;
        break;
    }
    }
}

Status AccessLogGenerator::writeFile(const QString &path, const AccessLogSpec &spec)
{
    QFile::remove(path);
    AccessLogGenerator gen(spec);
    std::string buffer;
    buffer.reserve(size_t(4) << 20);
    while (gen.next(buffer)) {
        if (buffer.size() >= (size_t(4) << 20)) {
            if (Status s = writeAll(path, buffer); !s)
                return s;
            buffer.clear();
        }
    }
    return writeAll(path, buffer);
}

Status writeAppLog(const QString &path, const AppLogSpec &spec)
{
    QFile::remove(path);
    std::string out;
    qint64 nowMs = spec.start.toMSecsSinceEpoch();
    uint64_t state = spec.seed * 0x2545F4914F6CDD1DULL + 1;
    const auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (qint64 i = 0; i < spec.lines; ++i) {
        nowMs += qint64(next() % 60'000);
        const QString time = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs);
        out += time.toStdString();
        if (double(next() % 10'000) / 10'000.0 < spec.errorShare) {
            int pick = int(next() % 100);
            size_t k = 0;
            while (k + 1 < countOf(kErrorTypes) && pick >= kErrorWeights[k])
                pick -= kErrorWeights[k++];
            out += " ERROR ";
            out += kErrorTypes[k];
            out += ": request " + std::to_string(next() % 100000) + " failed\n";
        } else {
            out += next() % 10 == 0 ? " WARN slow request path=/api/search ms=1840\n" : " INFO request handled status=200\n";
        }
    }
    return writeAll(path, out);
}

Status writeDemoLogs(const QString &folder, const QDateTime &now)
{
    QDir dir(folder);
    if (dir.exists(QStringLiteral("access.log")))
        return {};
    if (!dir.mkpath(QStringLiteral(".")))
        return makeError(ErrorKind::Io, QCoreApplication::translate("LogGenerator", "Could not create %1.").arg(folder));
    const auto file = [&dir](const QString &name) { return dir.filePath(name); };
    const auto dated = [&now](int daysAgo, const char *suffix) -> QString {
        return QStringLiteral("access-") + now.addDays(-daysAgo).toString(QStringLiteral("yyyyMMdd")) + QLatin1String(suffix);
    };
    AccessLogSpec current;
    current.seed = 7;
    current.lines = 20'000;
    current.start = now.addDays(-2);
    current.meanGapMs = 2 * 86'400'000LL / current.lines;
    current.hostileShare = 0.001;
    if (Status s = AccessLogGenerator::writeFile(file(QStringLiteral("access.log")), current); !s)
        return s;
    AccessLogSpec old = current;
    old.lines = 4'000;
    old.burst = false;
    struct Archive {
        int daysAgo;
        const char *suffix;
    };
    for (const Archive &a : {Archive{9, ".log"}, Archive{4, ".log"}, Archive{30, ".log.gz"}, Archive{100, ".log.gz"}}) {
        old.seed += 1;
        old.start = now.addDays(-a.daysAgo - 1);
        old.meanGapMs = 86'400'000LL / old.lines;
        const QString path = file(dated(a.daysAgo, a.suffix));
        const Status s = QByteArray(a.suffix).endsWith(".gz") ? writeGzip(path, old) : AccessLogGenerator::writeFile(path, old);
        if (!s)
            return s;
        setMtime(path, now.addDays(-a.daysAgo));
    }
    AppLogSpec app;
    app.seed = 11;
    app.lines = 3'000;
    app.start = now.addDays(-2);
    if (Status s = writeAppLog(file(QStringLiteral("app.log")), app); !s)
        return s;
    // A link the rotation must refuse to follow.
    QFile::link(QStringLiteral("/etc/hostname"), file(QStringLiteral("system.log")));
    return {};
}

} // namespace opsdeck
