// `opsdeck-cli backup plan`: the retention planner as a command, its JSON contract (cli.md) and errors.
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

// Each run in a home of its own.
test::CliResult cli(const QStringList &args, const QByteArray &stdinData = {})
{
    return test::CliRunner().run(args, stdinData);
}

} // namespace

TEST_CASE("backup plan reads timestamps from stdin and prints restic's decisions newest first")
{
    const QByteArray input = "# nightly backups\n"
                             "2026-11-28T01:00:00Z\n"
                             "2026-11-29T07:00:00Z\n"
                             "\n"
                             "2026-11-29T01:00:00Z\n"
                             "2026-11-28T07:00:00Z\n";
    const test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("plan"),
                       QStringLiteral("--keep-daily"), QStringLiteral("7"), QStringLiteral("--now"),
                       QStringLiteral("2026-12-01T00:00:00Z")},
                      input);
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = QJsonDocument::fromJson(r.out).array();
    REQUIRE(rows.size() == 4);
    QStringList summary;
    for (const QJsonValue &v : rows) {
        const QJsonObject o = v.toObject();
        REQUIRE(o.value(QStringLiteral("reasons")).isArray());
        summary << o.value(QStringLiteral("time")).toString() + QLatin1Char(' ') + o.value(QStringLiteral("action")).toString();
    }
    CHECK(summary == QStringList{QStringLiteral("2026-11-29T07:00:00Z keep"), QStringLiteral("2026-11-29T01:00:00Z remove"),
                                 QStringLiteral("2026-11-28T07:00:00Z keep"), QStringLiteral("2026-11-28T01:00:00Z keep")});
    CHECK(rows[3].toObject().value(QStringLiteral("reasons")).toArray().first().toString()
          == QLatin1String("oldest daily snapshot"));
}

TEST_CASE("backup plan takes --input FILE, all four rules, and marks unverified backups")
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("times.txt")));
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("2026-11-29T07:00:00Z unverified\n2026-11-28T07:00:00Z\n2026-11-27T07:00:00Z\n2026-10-01T07:00:00Z\n");
    f.close();
    const test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("plan"), QStringLiteral("--keep-daily"),
                       QStringLiteral("1"), QStringLiteral("--keep-weekly"), QStringLiteral("0"), QStringLiteral("--keep-monthly"),
                       QStringLiteral("1"), QStringLiteral("--keep-yearly"), QStringLiteral("0"), QStringLiteral("--now"),
                       QStringLiteral("2026-12-01T00:00:00Z"), QStringLiteral("--input"), f.fileName()});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = QJsonDocument::fromJson(r.out).array();
    REQUIRE(rows.size() == 4);
    // The unverified newest takes no slot: daily and monthly both go to the 28th; the 27th and Oct 1 go.
    CHECK(rows[0].toObject().value(QStringLiteral("action")).toString() == QLatin1String("keep"));
    CHECK(rows[1].toObject().value(QStringLiteral("reasons")).toArray()
          == QJsonArray{QStringLiteral("daily snapshot"), QStringLiteral("monthly snapshot")});
    CHECK(rows[2].toObject().value(QStringLiteral("action")).toString() == QLatin1String("remove"));
    CHECK(rows[3].toObject().value(QStringLiteral("action")).toString() == QLatin1String("remove"));
}

TEST_CASE("backup plan with an empty policy keeps everything; bad input is a usage error")
{
    test::CliResult r = cli({QStringLiteral("backup"), QStringLiteral("plan")}, "2026-11-29T07:00:00Z\n2026-11-29T06:00:00Z\n");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.count("policy is empty") == 2);
    CHECK_FALSE(r.out.contains("remove"));

    r = cli({QStringLiteral("backup"), QStringLiteral("plan"), QStringLiteral("--keep-daily"), QStringLiteral("3")},
            "2026-11-29T07:00:00Z\nyesterday\n");
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains("Line 2"));

    r = cli({QStringLiteral("backup"), QStringLiteral("plan"), QStringLiteral("--keep-daily"), QStringLiteral("-5")}, "");
    CHECK(r.exitCode == 2);
}
