// The retention planner against the real restic: the same timestamps as restic snapshots, the same
// --keep-* flags, `restic forget --dry-run --json`, decisions compared one by one.
//
// Debian 12 ships restic 0.14, which predates 0.16's "keep the oldest snapshot while a count is not
// used up". Every decision except the oldest snapshot's is identical between the two versions; the
// oldest is kept by 0.16 exactly when 0.14 keeps it or some rule still had a count left after 0.14's
// last kept snapshot (its "counters"), which is what this test checks for it.
#include "backups/retentionplanner.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

struct Restic {
    QString exe;
    QProcessEnvironment env;

    QByteArray run(const QStringList &args) const
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(exe, args);
        REQUIRE(p.waitForFinished(120'000));
        INFO("restic " << args.join(QLatin1Char(' ')).toStdString() << ": " << p.readAllStandardError().toStdString());
        REQUIRE(p.exitCode() == 0);
        return p.readAllStandardOutput();
    }
};

QList<QDateTime> snapshotTimes()
{
    // Clusters that exercise every rule's edges (same day, ISO week 53 / week 1, month and year ends)
    // plus a seeded random spread over two years.
    QList<QDateTime> times;
    for (const char *s : {"2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "2027-01-03T10:00:00Z", "2027-01-04T00:00:01Z",
                          "2026-12-28T08:00:00Z", "2026-12-27T22:00:00Z", "2026-11-30T12:00:00Z", "2026-11-30T06:00:00Z",
                          "2026-02-28T12:00:00Z", "2026-03-01T00:30:00Z", "2025-12-29T09:00:00Z"})
        times << QDateTime::fromString(QString::fromLatin1(s), Qt::ISODate);
    QRandomGenerator rng(4242);
    const QDateTime base(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC);
    while (times.size() < 34) {
        const QDateTime t = base.addSecs(qint64(rng.bounded(0, 600 * 24)) * 3600 + rng.bounded(0, 3600));
        if (!times.contains(t))
            times << t;
    }
    return times;
}

} // namespace

TEST_CASE("The planner decides like restic forget on the same snapshots")
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("restic"));
    REQUIRE_FALSE(exe.isEmpty());  // installer/dev.sh installs Debian's restic
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    Restic restic{exe, QProcessEnvironment::systemEnvironment()};
    restic.env.insert(QStringLiteral("RESTIC_PASSWORD"), QStringLiteral("test-password-not-real"));
    restic.env.insert(QStringLiteral("RESTIC_REPOSITORY"), dir.path() + QStringLiteral("/repo"));
    restic.env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    restic.run({QStringLiteral("init"), QStringLiteral("--no-cache"), QStringLiteral("-q")});
    QFile payload(dir.path() + QStringLiteral("/payload.txt"));
    REQUIRE(payload.open(QIODevice::WriteOnly));
    payload.write("backup payload\n");
    payload.close();

    const QList<QDateTime> times = snapshotTimes();
    QList<RetentionInput> inputs;
    for (const QDateTime &t : times) {
        restic.run({QStringLiteral("backup"), QStringLiteral("--no-cache"), QStringLiteral("-q"), QStringLiteral("--host"),
                    QStringLiteral("db"), QStringLiteral("--time"), t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                    payload.fileName()});
        inputs.append({t.toString(Qt::ISODate), t, true});
    }

    const QList<std::array<int, 4>> policies{{7, 4, 12, 7}, {3, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 5, 1}, {0, 0, 0, 2},
                                             {2, 2, 2, 2}, {10, 0, 3, 0}, {40, 0, 0, 0}, {1, 1, 1, 1}, {5, 3, 0, 0}};
    // (-1 = "all" arrived in restic 0.15; 0.14 cannot be compared on it.)
    const QDateTime now(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
    for (const auto &k : policies) {
        RetentionPolicy p;
        p.daily = k[0];
        p.weekly = k[1];
        p.monthly = k[2];
        p.yearly = k[3];
        INFO("policy " << p.describe().toStdString());
        const QByteArray out = restic.run({QStringLiteral("forget"), QStringLiteral("--no-cache"), QStringLiteral("--dry-run"),
                                           QStringLiteral("--json"), QStringLiteral("--keep-daily"), QString::number(k[0]),
                                           QStringLiteral("--keep-weekly"), QString::number(k[1]),
                                           QStringLiteral("--keep-monthly"), QString::number(k[2]),
                                           QStringLiteral("--keep-yearly"), QString::number(k[3])});
        const QJsonArray groups = QJsonDocument::fromJson(out).array();
        REQUIRE(groups.size() == 1);
        const QJsonObject group = groups.first().toObject();
        QSet<QDateTime> resticKeeps;
        for (const QJsonValue &v : group.value(QStringLiteral("keep")).toArray())
            resticKeeps.insert(QDateTime::fromString(v.toObject().value(QStringLiteral("time")).toString(), Qt::ISODate));
        const QJsonArray reasons = group.value(QStringLiteral("reasons")).toArray();
        REQUIRE(resticKeeps.size() + group.value(QStringLiteral("remove")).toArray().size() == times.size());

        const auto plan = RetentionPlanner::plan(inputs, p, now);
        REQUIRE(plan.size() == times.size());
        for (qsizetype i = 0; i + 1 < plan.size(); ++i) {
            INFO(plan[i].id.toStdString() << " ours: " << plan[i].reasons.join(QStringLiteral(", ")).toStdString());
            CHECK(plan[i].keep == resticKeeps.contains(plan[i].time));
        }
        // The oldest: restic 0.16 keeps it when 0.14 does or when a count was left after 0.14's last keep.
        const RetentionDecision &oldest = plan.last();
        bool countLeft = false;
        if (!reasons.isEmpty()) {
            const QJsonObject counters = reasons.last().toObject().value(QStringLiteral("counters")).toObject();
            for (auto it = counters.begin(); it != counters.end(); ++it)
                countLeft = countLeft || it.value().toInt() != 0;
        }
        CHECK(oldest.keep == (resticKeeps.contains(oldest.time) || countLeft));
    }
}
