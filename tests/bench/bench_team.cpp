// Team-mode benchmark (issue 12): ten writer processes sign checklist items on one shared PostgreSQL
// store at once (each tick: the version read, the audit entry, the change and its announcement in
// one transaction under the write lock), while this process listens as an open Checklist would.
// Reports ticks per second over all writers, and the latency from a writer's commit to this
// process receiving the announcement (median, p95, max). Checks afterwards that nothing was lost:
// every tick has its audit entry and the chain verifies.
//
//   bench_team URL [writers=10] [ticks per writer=50]      (password: OPSDECK_STORE_PASSWORD)
//   tests/bench/run_bench_team.sh                          (starts a throwaway cluster and runs it)
#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "store/storeevents.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace opsdeck;

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

Status openStore(Store &store)
{
    store.setPassword(qEnvironmentVariable("OPSDECK_STORE_PASSWORD").toUtf8());
    return store.open();
}

// Writer mode: `bench_team --writer URL ITEM TICKS`; prints "commit ITEM VERSION MS" per tick.
int writer(const QString &url, const QString &item, int ticks)
{
    Store store(url);
    if (Status s = openStore(store); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.error().toString()));
        return 2;
    }
    AuditLog audit(store, SystemClock::instance());
    ChecklistStore records(store, audit, SystemClock::instance());
    const QDate day = QDate::currentDate();
    int failures = 0;
    for (int i = 0; i < ticks; ++i) {
        auto rec = records.day(day);
        const int version = rec ? rec->ticks.value(item).version : 0;
        auto t = records.setTick(day, item, i % 2 == 0 ? TickState::Done : TickState::Open, QString(), version);
        if (!t) {
            ++failures;
            std::fprintf(stderr, "%s\n", qPrintable(t.error().toString()));
            continue;
        }
        std::printf("commit %s %d %lld\n", qPrintable(item), t->version, static_cast<long long>(nowMs()));
    }
    std::fflush(stdout);
    return failures == 0 ? 0 : 1;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 5 && args[1] == QLatin1String("--writer"))
        return writer(args[2], args[3], args[4].toInt());
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_team postgresql://user@host:port/db [writers] [ticks per writer]\n");
        return 2;
    }
    const QString url = args[1];
    const int writers = args.size() > 2 ? std::max(1, args[2].toInt()) : 10;
    const int ticks = args.size() > 3 ? std::max(1, args[3].toInt()) : 50;

    Store store(url);
    if (Status s = openStore(store); !s) {
        std::fprintf(stderr, "%s\n", qPrintable(s.error().toString()));
        return 2;
    }
    AuditLog audit(store, SystemClock::instance());
    const qint64 entriesBefore = audit.list(1).value().isEmpty() ? 0 : audit.list(1).value().first().seq;
    StoreEvents events(store);
    if (!events.isListening()) {
        std::fprintf(stderr, "cannot LISTEN on %s\n", qPrintable(url));
        return 2;
    }
    QHash<QString, qint64> received;  // "item/version" -> ms
    QObject::connect(&events, &StoreEvents::checklistChanged, [&received](const QJsonObject &c) {
        received.insert(c.value(QLatin1String("item")).toString() + QLatin1Char('/')
                            + QString::number(c.value(QLatin1String("version")).toInt()),
                        nowMs());
    });

    std::vector<std::unique_ptr<QProcess>> procs;
    QElapsedTimer wall;
    wall.start();
    for (int w = 0; w < writers; ++w) {
        auto p = std::make_unique<QProcess>();
        p->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--writer"), url, QStringLiteral("bench.item-%1").arg(w), QString::number(ticks)});
        procs.push_back(std::move(p));
    }
    // The event loop turns while they write: notifications are read as an open window reads them.
    QHash<QString, qint64> committed;
    int running = writers;
    int failed = 0;
    while (running > 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        running = 0;
        for (auto &p : procs)
            running += p->state() != QProcess::NotRunning ? 1 : 0;
    }
    const double seconds = double(wall.elapsed()) / 1000.0;
    for (auto &p : procs) {
        p->waitForFinished();
        failed += p->exitCode() != 0 ? 1 : 0;
        for (const QByteArray &line : p->readAllStandardOutput().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() == 4 && f[0] == "commit")
                committed.insert(QString::fromLatin1(f[1]) + QLatin1Char('/') + QString::fromLatin1(f[2]), f[3].toLongLong());
        }
    }
    // The last announcements may still be on their way.
    QElapsedTimer drain;
    drain.start();
    while (received.size() < committed.size() && drain.elapsed() < 3000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);

    std::vector<double> latency;
    int missed = 0;
    for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
        if (!received.contains(it.key())) {
            ++missed;
            continue;
        }
        latency.push_back(double(std::max<qint64>(0, received.value(it.key()) - it.value())));
    }
    const AuditVerification v = audit.verify();
    const qint64 entriesAfter = audit.list(1).value().isEmpty() ? 0 : audit.list(1).value().first().seq;
    const int total = writers * ticks;
    std::printf("%d writer processes x %d ticks on %s\n", writers, ticks, qPrintable(store.db().hostName()));
    std::printf("  ticks committed          %lld of %d (%d writers failed)\n", static_cast<long long>(committed.size()), total, failed);
    std::printf("  throughput               %.0f ticks/s over %.2f s (each: version read, audit entry, change, notify)\n",
                double(committed.size()) / seconds, seconds);
    std::printf("  notify latency           median %.1f ms, p95 %.1f ms, max %.1f ms (%d not received; from the writer's\n"
                "                           commit returning to this process reading it, 0 when it was read first)\n",
                percentile(latency, 50), percentile(latency, 95), percentile(latency, 100), missed);
    std::printf("  audit entries added      %lld (chain %s)\n", static_cast<long long>(entriesAfter - entriesBefore),
                v.ok ? "verifies" : qPrintable(v.problem));
    const bool ok = committed.size() == total && missed == 0 && v.ok && entriesAfter - entriesBefore == total
                    && percentile(latency, 95) < 1000;
    std::printf("  %s (target: nothing lost, every change announced, p95 latency under 1 s)\n", ok ? "OK" : "MISSED");
    return ok ? 0 : 1;
}
