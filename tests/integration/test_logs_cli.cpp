// opsdeck-cli logs analyze | rotate | app as a user runs them: the cli.md JSON contract, exit codes,
// dry run equal to the run, the audit entry, an I/O failure, and a line of hundreds of MB.
#include "config/profile.h"
#include "config/settings.h"
#include "logs/loganalyzer.h"
#include "logs/loggenerator.h"
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace opsdeck;

namespace {

// opsdeck-cli in a home of its own, without the caller's log folders; a line of hundreds of MB
// takes a while.
class Cli : public test::CliRunner
{
public:
    Cli()
    {
        unsetEnv(QStringLiteral("OPSDECK_LOG_DIRS"));
        setTimeout(300'000);
    }
};

void setAge(const QString &path, qint64 days)
{
    struct timespec t[2];
    t[0].tv_sec = t[1].tv_sec = time_t(QDateTime::currentSecsSinceEpoch() - days * 86400);
    t[0].tv_nsec = t[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), t, 0) == 0);
}

void writeFile(const QString &path, const QByteArray &data, qint64 ageDays = -1)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    REQUIRE(f.write(data) == data.size());
    f.close();
    if (ageDays >= 0)
        setAge(path, ageDays);
}

} // namespace

TEST_CASE("logs analyze --json: the cli.md fields, equal to the engine's figures; exit 1 past a threshold")
{
    Cli cli;
    QTemporaryDir dir;
    AccessLogSpec spec;
    spec.lines = 20'000;
    spec.hostileShare = 0.02;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    REQUIRE(AccessLogGenerator::writeFile(path, spec).ok());
    LogAnalysisRequest request;
    request.files = {path};
    const auto expected = LogAnalyzer::analyze(request);
    REQUIRE(expected.ok());

    const test::CliResult r = cli.run({QStringLiteral("logs"), QStringLiteral("analyze"), path, QStringLiteral("--json")});
    CHECK(r.exitCode == 1);  // the generated log has about 2.5 % of 5xx, over the default 1 % threshold
    const QJsonObject o = r.json().object();
    for (const char *key : {"requests", "status", "status401", "status403", "topIps", "latencyMs", "errorRate",
                            "malformedLines", "suspiciousIps"})
        CHECK(o.contains(QLatin1String(key)));
    CHECK(o.value(QStringLiteral("requests")).toInteger() == qint64(expected->requests));
    CHECK(o.value(QStringLiteral("malformedLines")).toInteger() == qint64(expected->malformedLines));
    const QJsonObject status = o.value(QStringLiteral("status")).toObject();
    CHECK(status.value(QStringLiteral("2xx")).toInteger() == qint64(expected->status2xx));
    CHECK(status.value(QStringLiteral("5xx")).toInteger() == qint64(expected->status5xx));
    CHECK(o.value(QStringLiteral("status401")).toInteger() == qint64(expected->status401));
    const QJsonArray top = o.value(QStringLiteral("topIps")).toArray();
    REQUIRE(top.size() == 20);
    CHECK(top[0].toObject().value(QStringLiteral("ip")).toString() == expected->topIps[0].ip);
    CHECK(top[0].toObject().value(QStringLiteral("count")).toInteger() == qint64(expected->topIps[0].count));
    const QJsonObject latency = o.value(QStringLiteral("latencyMs")).toObject();
    for (const char *key : {"mean", "p50", "p95", "p99", "max"})
        CHECK(latency.value(QLatin1String(key)).isDouble());
    CHECK(latency.value(QStringLiteral("p95")).toDouble() == expected->latency->p95Ms);
    CHECK(o.value(QStringLiteral("errorRate")).toDouble() == Approx(expected->errorRate));
    const QJsonArray suspicious = o.value(QStringLiteral("suspiciousIps")).toArray();
    REQUIRE_FALSE(suspicious.isEmpty());
    CHECK(suspicious[0].toObject().contains(QStringLiteral("ip")));
    CHECK(suspicious[0].toObject().contains(QStringLiteral("reason")));
    CHECK(o.value(QStringLiteral("thresholds")).toObject().value(QStringLiteral("crossed")).toArray().contains(
        QStringLiteral("errorRatePercent")));

    // A calm log crosses nothing: exit 0. The human table names the figures.
    QByteArray calm;
    for (int i = 0; i < 100; ++i)
        calm += "10.0.0." + QByteArray::number(i % 7) + " - - [29/Nov/2026:07:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"t\" 0.0"
              + QByteArray::number(i % 10) + "\n";
    writeFile(dir.filePath(QStringLiteral("calm.log")), calm);
    const test::CliResult ok = cli.run({QStringLiteral("logs"), QStringLiteral("analyze"), dir.filePath(QStringLiteral("calm.log"))});
    CHECK(ok.exitCode == 0);
    CHECK(ok.out.contains("Requests      100"));
    CHECK(ok.out.contains("p95 90.0"));
}

TEST_CASE("logs analyze: usage errors exit 2, unreadable files exit 3")
{
    Cli cli;
    QTemporaryDir dir;
    CHECK(cli.run({QStringLiteral("logs"), QStringLiteral("analyze")}).exitCode == 2);
    const test::CliResult missing = cli.run({QStringLiteral("logs"), QStringLiteral("analyze"), dir.filePath(QStringLiteral("nope.log"))});
    CHECK(missing.exitCode == 3);
    CHECK(missing.err.contains("nope.log"));
    writeFile(dir.filePath(QStringLiteral("a.log")), "x\n");
    CHECK(cli.run({QStringLiteral("logs"), QStringLiteral("analyze"), dir.filePath(QStringLiteral("a.log")),
                   QStringLiteral("--format"), QStringLiteral("$remote_addr")})
              .exitCode == 2);
}

TEST_CASE("logs rotate: the dry run lists exactly what the run does; the run is audited; a second run does nothing")
{
    Cli cli;
    QTemporaryDir dir;
    const QString d = dir.path();
    writeFile(d + QStringLiteral("/a.log"), QByteArray(100'000, 'a'), 8);
    writeFile(d + QStringLiteral("/b.log"), "b\n", 2);
    writeFile(d + QStringLiteral("/c.log.gz"), "c", 91);
    writeFile(d + QStringLiteral("/d.log.gz"), "d", 89);
    REQUIRE(QFile::link(QStringLiteral("/etc/hostname"), d + QStringLiteral("/e.log")));

    const test::CliResult dry = cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), d, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    REQUIRE(dry.exitCode == 0);
    CHECK(QFileInfo::exists(d + QStringLiteral("/a.log")));  // nothing changed
    const test::CliResult real = cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), d, QStringLiteral("--json")});
    REQUIRE(real.exitCode == 0);
    const QJsonArray planned = dry.json().array();
    const QJsonArray done = real.json().array();
    REQUIRE(planned.size() == 5);
    REQUIRE(done.size() == planned.size());
    QMap<QString, QString> actions;
    for (qsizetype i = 0; i < planned.size(); ++i) {
        const QJsonObject p = planned[i].toObject(), r = done[i].toObject();
        CHECK(p.value(QStringLiteral("file")) == r.value(QStringLiteral("file")));
        CHECK(p.value(QStringLiteral("action")) == r.value(QStringLiteral("action")));
        CHECK(p.value(QStringLiteral("reason")) == r.value(QStringLiteral("reason")));
        CHECK_FALSE(r.contains(QStringLiteral("error")));
        actions[p.value(QStringLiteral("file")).toString()] = p.value(QStringLiteral("action")).toString();
    }
    CHECK(actions.value(QStringLiteral("a.log")) == QStringLiteral("compress"));
    CHECK(actions.value(QStringLiteral("b.log")) == QStringLiteral("keep"));
    CHECK(actions.value(QStringLiteral("c.log.gz")) == QStringLiteral("delete"));
    CHECK(actions.value(QStringLiteral("d.log.gz")) == QStringLiteral("keep"));
    CHECK(actions.value(QStringLiteral("e.log")) == QStringLiteral("skip"));
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/a.log")));
    CHECK(QFileInfo::exists(d + QStringLiteral("/a.log.gz")));
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/c.log.gz")));

    const test::CliResult audit = cli.run({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json")});
    const QJsonArray entries = audit.json().array();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].toObject().value(QStringLiteral("action")).toString() == QStringLiteral("logs.rotate"));
    CHECK(entries[0].toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("compressed")).toInt() == 1);

    const test::CliResult again = cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), d, QStringLiteral("--json")});
    CHECK(again.exitCode == 0);
    for (const QJsonValue &row : again.json().array()) {
        const QString action = row.toObject().value(QStringLiteral("action")).toString();
        CHECK((action == QStringLiteral("keep") || action == QStringLiteral("skip")));
    }
    CHECK(cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), d + QStringLiteral("/missing")}).exitCode == 2);
    CHECK(cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), d, QStringLiteral("--compress-after"), QStringLiteral("soon")})
              .exitCode == 2);
}

TEST_CASE("logs rotate follows the profile's pattern and ages; flags override them for one run")
{
    Cli cli;
    {
        // The profile as the Profiles page or the Logs page's "Save for profile" stores it.
        auto settings = Settings::atPath(cli.settingsPath());
        ProfileStore store(*settings);
        Profile p;
        p.name = QStringLiteral("ops");
        p.logRotation.pattern = QStringLiteral("*.txt");
        p.logRotation.compressAfterDays = 2;
        p.logRotation.deleteAfterDays = 10;
        store.save(p);
        store.setDefaultProfileName(p.name);
    }
    QTemporaryDir dir;
    const QString d = dir.path();
    writeFile(d + QStringLiteral("/web.txt"), "w\n", 3);     // past the profile's 2 days
    writeFile(d + QStringLiteral("/new.txt"), "n\n", 1);     // not yet
    writeFile(d + QStringLiteral("/old.txt.gz"), "g", 11);   // past the profile's 10 days
    writeFile(d + QStringLiteral("/app.log"), "a\n", 30);    // not the profile's pattern
    auto plan = [&](const QStringList &extra) {
        const test::CliResult r = cli.run(QStringList{QStringLiteral("logs"), QStringLiteral("rotate"), d, QStringLiteral("--dry-run"),
                                             QStringLiteral("--json")} + extra);
        REQUIRE(r.exitCode == 0);
        QMap<QString, QString> actions;
        for (const QJsonValue &v : r.json().array())
            actions[v.toObject().value(QStringLiteral("file")).toString()] = v.toObject().value(QStringLiteral("action")).toString();
        return actions;
    };
    const auto byProfile = plan({});
    CHECK(byProfile.value(QStringLiteral("web.txt")) == QStringLiteral("compress"));
    CHECK(byProfile.value(QStringLiteral("new.txt")) == QStringLiteral("keep"));
    CHECK(byProfile.value(QStringLiteral("old.txt.gz")) == QStringLiteral("delete"));
    CHECK(byProfile.value(QStringLiteral("app.log"), QStringLiteral("-")) != QStringLiteral("compress"));
    const auto byFlags = plan({QStringLiteral("--pattern"), QStringLiteral("*.log"), QStringLiteral("--compress-after"),
                               QStringLiteral("7d")});
    CHECK(byFlags.value(QStringLiteral("app.log")) == QStringLiteral("compress"));
    CHECK(byFlags.value(QStringLiteral("web.txt"), QStringLiteral("-")) != QStringLiteral("compress"));

    // `profile show` reports the settings.
    const QJsonObject shown = cli.run({QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")}).json().object();
    CHECK(shown.value(QStringLiteral("logRotation")).toObject().value(QStringLiteral("pattern")).toString() == QStringLiteral("*.txt"));
    CHECK(shown.value(QStringLiteral("retention")).toObject().value(QStringLiteral("keepDaily")).toInt() == 7);
}

TEST_CASE("logs rotate exits 3 when compression fails (disk full) and keeps the original")
{
    Cli cli;
    QTemporaryDir dir;
    QByteArray noise(4 << 20, '\0');
    uint32_t x = 7;
    for (char &c : noise) {
        x = x * 1664525u + 1013904223u;
        c = char(x >> 24);
    }
    writeFile(dir.filePath(QStringLiteral("big.log")), noise, 30);
    // The child inherits a 2 MiB file-size limit (and SIGXFSZ ignored): writing the archive fails.
    struct rlimit old {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 2 << 20;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const test::CliResult r = cli.run({QStringLiteral("logs"), QStringLiteral("rotate"), dir.path(), QStringLiteral("--json")});
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    CHECK(r.exitCode == 3);
    const QJsonArray rows = r.json().array();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("disk full")));
    QFile f(dir.filePath(QStringLiteral("big.log")));
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll() == noise);
    CHECK(QDir(dir.path()).entryList(QDir::Files) == QStringList{QStringLiteral("big.log")});
}

TEST_CASE("a 256 MiB line without a newline is one malformed line; memory stays bounded")
{
    Cli cli;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.log"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        const QByteArray good = "10.0.0.1 - - [29/Nov/2026:07:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"t\" 0.010\n";
        f.write(good.repeated(1000));
        const QByteArray block(1 << 20, 'A');
        for (int i = 0; i < 256; ++i)
            f.write(block);
        f.write("\n");
        f.write(good.repeated(1000));
    }
    const test::CliResult r = cli.run({QStringLiteral("logs"), QStringLiteral("analyze"), path, QStringLiteral("--json")});
    CHECK(r.exitCode == 0);
    const QJsonObject o = r.json().object();
    CHECK(o.value(QStringLiteral("requests")).toInteger() == 2000);
    CHECK(o.value(QStringLiteral("malformedLines")).toInteger() == 1);
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer's shadow memory and quarantine are not OpsDeck's
    struct rusage usage {};
    REQUIRE(::getrusage(RUSAGE_CHILDREN, &usage) == 0);
    CHECK(usage.ru_maxrss < 200 * 1024);  // KiB: the largest child stayed under 200 MiB
#endif
}

TEST_CASE("logs app: error types of an application log")
{
    Cli cli;
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("app.log")), "t ERROR DbError: x\nt ERROR DbError: y\nt INFO fine\nt ERROR Oops\n");
    const test::CliResult r = cli.run({QStringLiteral("logs"), QStringLiteral("app"), dir.filePath(QStringLiteral("app.log")), QStringLiteral("--json")});
    CHECK(r.exitCode == 0);
    const QJsonObject o = r.json().object();
    CHECK(o.value(QStringLiteral("errorLines")).toInt() == 3);
    const QJsonArray types = o.value(QStringLiteral("byType")).toArray();
    REQUIRE(types.size() == 2);
    CHECK(types[0].toObject().value(QStringLiteral("type")).toString() == QStringLiteral("DbError"));
    CHECK(types[0].toObject().value(QStringLiteral("count")).toInt() == 2);
}

TEST_CASE("logs app uses the profile's error pattern")
{
    Cli cli;
    {
        auto settings = Settings::atPath(cli.settingsPath());
        ProfileStore store(*settings);
        Profile p;
        p.name = QStringLiteral("ops");
        p.appLogPattern = QStringLiteral("level=fatal code=(?<type>\\w+)");
        store.save(p);
        store.setDefaultProfileName(p.name);
    }
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("app.log")),
              "level=fatal code=DB_DOWN\nlevel=info code=OK\nlevel=fatal code=DB_DOWN\nt ERROR NotThisFormat\n");
    const test::CliResult r = cli.run({QStringLiteral("logs"), QStringLiteral("app"), dir.filePath(QStringLiteral("app.log")), QStringLiteral("--json")});
    CHECK(r.exitCode == 0);
    const QJsonObject o = r.json().object();
    CHECK(o.value(QStringLiteral("errorLines")).toInt() == 2);
    const QJsonArray types = o.value(QStringLiteral("byType")).toArray();
    REQUIRE(types.size() == 1);
    CHECK(types[0].toObject().value(QStringLiteral("type")).toString() == QStringLiteral("DB_DOWN"));
}
