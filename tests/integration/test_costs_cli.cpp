// `opsdeck-cli costs` against the in-process sandbox: the figures, spikes, month-to-date,
// forecast and per-100-users numbers against the simulated world's ground truth.
#include "config/profile.h"
#include "config/settings.h"
#include "costs/costanalysis.h"
#include "pgcluster.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

using namespace opsdeck;

namespace {

class Fixture
{
public:
    Fixture()
    {
        SandboxOptions o;
        o.seed = 11;
        sandbox = std::make_unique<Sandbox>(o);
        REQUIRE(sandbox->start().ok());
        cli.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPENAI_ADMIN_KEY", "ANTHROPIC_ADMIN_KEY"});
        cli.setEnv(QStringLiteral("OPSDECK_OPENAI_API"), sandbox->openaiApi().toString());
        cli.setEnv(QStringLiteral("OPENAI_ADMIN_KEY"), QString::fromLatin1(Sandbox::kOpenAiKey));
        cli.setEnv(QStringLiteral("OPSDECK_ANTHROPIC_API"), sandbox->anthropicApi().toString());
        cli.setEnv(QStringLiteral("ANTHROPIC_ADMIN_KEY"), QString::fromLatin1(Sandbox::kAnthropicKey));
    }

    // The sandbox lives in this process: the runner keeps its event loop turning while the CLI runs.
    test::CliResult run(const QStringList &args) { return cli.run(args); }

    const SandboxWorld &world() const { return sandbox->world(); }
    QDate today() const { return world().costs().days().last(); }

    test::CliRunner cli;  // opsdeck-cli in a home of its own, configured through the environment
    std::unique_ptr<Sandbox> sandbox;
};

QString key(const QString &date, const QString &provider) { return date + QLatin1Char('/') + provider; }

QHash<QString, double> sumsByDayAndProvider(const QJsonObject &report)
{
    QHash<QString, double> sums;
    for (const QJsonValue &v : report[QLatin1String("days")].toArray()) {
        const QJsonObject d = v.toObject();
        for (const char *field : {"date", "provider", "model", "amountUsd"})
            CHECK(d.contains(QLatin1String(field)));
        sums[key(d[QLatin1String("date")].toString(), d[QLatin1String("provider")].toString())] += d[QLatin1String("amountUsd")].toDouble();
    }
    return sums;
}

// Equal to the cent: the same whole number of cents, and closer than half a cent.
bool sameCents(double a, double b) { return toCents(a) == toCents(b) && std::abs(a - b) < 0.005; }

// The month-end forecast as `costs --help` defines it, from the world's own figures.
double expectedForecast(const Fixture &f)
{
    const QDate today = f.today();
    const QDate monthStart(today.year(), today.month(), 1);
    double complete = 0;
    QList<double> before;
    for (const QDate &d : f.world().costs().days()) {
        if (d >= monthStart && d < today)
            complete += f.world().totalCostUsd(d);
    }
    for (QDate d = monthStart.addDays(-1); before.size() < 7 && d >= f.world().costs().days().first(); d = d.addDays(-1))
        before.append(f.world().totalCostUsd(d));
    const int c = today.day() - 1;
    double rate = 0;
    if (c > 0) {
        rate = complete / c;
    } else if (!before.isEmpty()) {
        for (double v : before)
            rate += v / static_cast<double>(before.size());
    }
    return complete + std::max(f.world().totalCostUsd(today), rate) + rate * (today.daysInMonth() - c - 1);
}

} // namespace

TEST_CASE("costs --days 30: every day and provider to the cent, the spike flagged, exit 1")
{
    Fixture f;
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("30")});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 1);
    const QJsonObject report = r.object();
    const QHash<QString, double> sums = sumsByDayAndProvider(report);
    double openai = 0;
    double anthropic = 0;
    for (const QDate &day : f.world().costs().days()) {
        for (const QString &provider : {QStringLiteral("openai"), QStringLiteral("anthropic")}) {
            const double truth = f.world().costUsd(provider, day);
            INFO(day.toString(Qt::ISODate).toStdString() << " " << provider.toStdString() << " truth " << truth);
            CHECK(sameCents(sums.value(key(day.toString(Qt::ISODate), provider)), truth));
        }
        openai += f.world().costUsd(QStringLiteral("openai"), day);
        anthropic += f.world().costUsd(QStringLiteral("anthropic"), day);
    }
    CHECK(sameCents(report[QLatin1String("byProvider")][QLatin1String("openai")].toDouble(), openai));
    CHECK(sameCents(report[QLatin1String("byProvider")][QLatin1String("anthropic")].toDouble(), anthropic));
    CHECK(sameCents(report[QLatin1String("totalUsd")].toDouble(), openai + anthropic));

    // Exactly the world's spike day, with its total.
    const QJsonArray spikes = report[QLatin1String("spikes")].toArray();
    REQUIRE(spikes.size() == 1);
    CHECK(spikes[0][QLatin1String("date")].toString() == f.world().spikeDay().toString(Qt::ISODate));
    CHECK(sameCents(spikes[0][QLatin1String("amountUsd")].toDouble(), f.world().totalCostUsd(f.world().spikeDay())));
    CHECK(spikes[0][QLatin1String("overThreshold")].toBool());

    double mtd = 0;
    for (const QDate &day : f.world().costs().days()) {
        if (day.year() == f.today().year() && day.month() == f.today().month())
            mtd += f.world().totalCostUsd(day);
    }
    CHECK(sameCents(report[QLatin1String("mtdUsd")].toDouble(), mtd));
    CHECK(sameCents(report[QLatin1String("forecastUsd")].toDouble(), expectedForecast(f)));
    CHECK(report[QLatin1String("per100UsersUsd")].isNull());  // no active users entered yet
    // Anthropic's cost report came in pages of at most 31 days: 37 days of history need two.
    CHECK(f.sandbox->requestCount(QStringLiteral("/anthropic/v1/organizations/cost_report")) >= 2);

    SECTION("with the month's active users, cost per 100 users; offline from the store")
    {
        const test::CliResult set = f.run({QStringLiteral("costs"), QStringLiteral("users"), QStringLiteral("2000")});
        INFO(set.err.toStdString());
        REQUIRE(set.exitCode == 0);
        const int before = f.sandbox->requestCount(QStringLiteral("/"));
        const test::CliResult offline = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--offline")});
        INFO(offline.err.toStdString());
        CHECK(offline.exitCode == 1);
        CHECK(f.sandbox->requestCount(QStringLiteral("/")) == before);  // no network
        const QJsonObject o = offline.object();
        CHECK(o[QLatin1String("activeUsers")].toInt() == 2000);
        CHECK(o[QLatin1String("per100UsersUsd")].toDouble() == Approx(expectedForecast(f) / 2000 * 100).epsilon(1e-6));
        CHECK(sameCents(o[QLatin1String("totalUsd")].toDouble(), openai + anthropic));
        CHECK(o[QLatin1String("days")].toArray().size() == report[QLatin1String("days")].toArray().size());
    }
}

TEST_CASE("costs --days 3 without a spike in range is exit 0")
{
    Fixture f;
    REQUIRE(f.world().spikeDay() < f.today().addDays(-2));
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("3")});
    INFO(r.err.toStdString());
    CHECK(r.exitCode == 0);
    CHECK(r.object()[QLatin1String("spikes")].toArray().isEmpty());
    CHECK(r.object()[QLatin1String("from")].toString() == f.today().addDays(-2).toString(Qt::ISODate));
    const QHash<QString, double> sums = sumsByDayAndProvider(r.object());
    for (const QString &k : sums.keys())
        CHECK(k >= f.today().addDays(-2).toString(Qt::ISODate));
}

TEST_CASE("--csv writes the period; the file imports into another store; hostile names stay inert")
{
    Fixture f;
    const QString csv = f.cli.homePath(QStringLiteral("costs.csv"));
    REQUIRE(f.run({QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("30"), QStringLiteral("--csv"), csv}).exitCode == 1);
    QFile file(csv);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray exported = file.readAll();
    CHECK(exported.startsWith("date,provider,model,amount_usd,fetched_at\r\n"));
    CHECK(exported.contains(",openai,gpt-5.4,"));

    // Another machine: no credentials, only the imported file, plus a hostile line.
    Fixture other;
    other.cli.unsetEnv(QStringLiteral("OPENAI_ADMIN_KEY"));
    other.cli.unsetEnv(QStringLiteral("ANTHROPIC_ADMIN_KEY"));
    const QString hostile = other.cli.homePath(QStringLiteral("hostile.csv"));
    QFile h(hostile);
    REQUIRE(h.open(QIODevice::WriteOnly));
    h.write(exported + f.today().toString(Qt::ISODate).toUtf8() + ",openai,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.50,\r\n");
    h.close();
    const test::CliResult imported = other.run({QStringLiteral("costs"), QStringLiteral("import"), hostile});
    INFO(imported.err.toStdString());
    REQUIRE(imported.exitCode == 0);

    const QString again = other.cli.homePath(QStringLiteral("again.csv"));
    const test::CliResult offline = other.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--offline"),
                                      QStringLiteral("--days"), QStringLiteral("30"), QStringLiteral("--csv"), again});
    INFO(offline.err.toStdString());
    CHECK(offline.exitCode == 1);
    const QJsonObject o = offline.object();
    bool found = false;
    for (const QJsonValue &v : o[QLatin1String("days")].toArray())
        found = found || v[QLatin1String("model")].toString() == QStringLiteral("=HYPERLINK(\"http://x\",\"y\")");
    CHECK(found);
    QFile back(again);
    REQUIRE(back.open(QIODevice::ReadOnly));
    const QByteArray reexported = back.readAll();
    CHECK(reexported.contains(",openai,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.50,"));
    CHECK_FALSE(reexported.contains(",=HYPERLINK"));
    CHECK(sameCents(o[QLatin1String("totalUsd")].toDouble(),
                    QJsonDocument::fromJson(f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--offline")}).out)
                            .object()[QLatin1String("totalUsd")].toDouble() - 12.50));
}

TEST_CASE("a missing admin key is exit 2 and names the variable")
{
    Fixture f;
    f.cli.unsetEnv(QStringLiteral("ANTHROPIC_ADMIN_KEY"));
    const test::CliResult r = f.run({QStringLiteral("costs")});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains("ANTHROPIC_ADMIN_KEY"));

    // One provider on its own still works.
    const test::CliResult openai = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--provider"), QStringLiteral("openai")});
    INFO(openai.err.toStdString());
    CHECK((openai.exitCode == 0 || openai.exitCode == 1));
    CHECK(openai.object()[QLatin1String("byProvider")][QLatin1String("anthropic")].toDouble() == 0);
    CHECK(openai.object()[QLatin1String("byProvider")][QLatin1String("openai")].toDouble() > 0);
}

TEST_CASE("OpenAI amounts sent as strings give the same figures")
{
    Fixture f;
    SandboxFaults faults;
    faults.openAiAmountsAsStrings = true;
    f.sandbox->setFaults(QStringLiteral("openai"), faults);
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("7"),
                            QStringLiteral("--provider"), QStringLiteral("openai")});
    INFO(r.err.toStdString());
    REQUIRE((r.exitCode == 0 || r.exitCode == 1));
    const QHash<QString, double> sums = sumsByDayAndProvider(r.object());
    for (int back = 0; back < 7; ++back) {
        const QDate day = f.today().addDays(-back);
        CHECK(sameCents(sums.value(key(day.toString(Qt::ISODate), QStringLiteral("openai"))), f.world().costUsd(QStringLiteral("openai"), day)));
    }
}

TEST_CASE("costs users --from-db counts the month's active users with the profile's query, read only")
{
    Fixture f;
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("product"), {}},
    };
    const auto owned = test::startCluster(seed);
    test::PgCluster &cluster = *owned;
    // 700 users seen in October 2026, and one just before and one just after the month.
    cluster.psql(QStringLiteral("CREATE TABLE sessions (user_id int NOT NULL, seen_at timestamp NOT NULL);"
                                "INSERT INTO sessions SELECT g % 700, TIMESTAMP '2026-10-01 00:00' + g * INTERVAL '1 minute'"
                                "  FROM generate_series(0, 9999) g;"
                                "INSERT INTO sessions VALUES (5000, '2026-09-30 23:59:59'), (5001, '2026-11-01 00:00');"),
                 QStringLiteral("product"));
    f.cli.setEnv(QStringLiteral("DATABASE_URL"), cluster.urlWithPassword(QStringLiteral("product")));
    auto setQuery = [&](const QString &sql) {
        auto settings = Settings::atPath(f.cli.settingsPath());
        ProfileStore store(*settings);
        Profile p;
        p.name = QStringLiteral("ops");
        p.activeUsersQuery = sql;
        store.save(p);
        store.setDefaultProfileName(p.name);
    };
    const QStringList fromDb{QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("users"), QStringLiteral("--from-db"),
                             QStringLiteral("--month"), QStringLiteral("2026-10")};

    setQuery(QStringLiteral("SELECT count(DISTINCT user_id) FROM sessions WHERE seen_at >= {month_start} AND seen_at < {month_end}"));
    const test::CliResult counted = f.run(fromDb);
    INFO(counted.err.toStdString());
    REQUIRE(counted.exitCode == 0);
    CHECK(counted.object()[QLatin1String("activeUsers")].toInt() == 700);
    CHECK(counted.object()[QLatin1String("month")].toString() == QStringLiteral("2026-10"));
    // Stored for the month: shown again without the database.
    const test::CliResult shown = f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("users"), QStringLiteral("--month"),
                                QStringLiteral("2026-10")});
    CHECK(shown.object()[QLatin1String("activeUsers")].toInt() == 700);

    // A query that writes is refused by the read-only transaction; nothing changes.
    setQuery(QStringLiteral("WITH gone AS (DELETE FROM sessions RETURNING 1) SELECT count(*) FROM gone"));
    const test::CliResult writing = f.run(fromDb);
    CHECK(writing.exitCode != 0);
    CHECK(QString::fromUtf8(writing.err).contains(QStringLiteral("read-only")));
    CHECK(cluster.psql(QStringLiteral("SELECT count(*) FROM sessions"), QStringLiteral("product")).trimmed() == "10002");

    // Not a number: a clear error, and the stored figure stays.
    setQuery(QStringLiteral("SELECT 'many'"));
    const test::CliResult text = f.run(fromDb);
    CHECK(text.exitCode != 0);
    CHECK(QString::fromUtf8(text.err).contains(QStringLiteral("whole number")));
    CHECK(f.run({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("users"), QStringLiteral("--month"),
                 QStringLiteral("2026-10")})
              .object()[QLatin1String("activeUsers")]
              .toInt()
          == 700);
}
