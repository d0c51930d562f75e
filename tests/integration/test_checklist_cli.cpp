// `opsdeck-cli checklist show | tick`: the day's checklist for cron and scripts, on the same store and
// audit trail as the Checklist page. Many processes sign at once and nothing is lost; a change made on
// stale data is refused with who changed the item, and leaves no audit entry behind.
#include "appcontext.h"
#include "config/profile.h"
#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "store/auditlog.h"
#include "usecases/checklistusecase.h"

#include "clirunner.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QProcess>

using namespace opsdeck;

namespace {

struct Fixture {
    Fixture()
    {
        ctx = test::makeContext(runner, {.demo = false});
        Profile p;
        p.name = QStringLiteral("team");
        ctx->profiles().save(p);
        ctx->setProfile(p);
    }
    test::CliResult cli(const QStringList &args) const
    {
        return runner.run(QStringList{QStringLiteral("--profile"), QStringLiteral("team")} + args);
    }
    QJsonObject item(const QJsonObject &day, const QString &id) const
    {
        for (const QJsonValue &v : day[QStringLiteral("items")].toArray())
            if (v[QStringLiteral("id")].toString() == id)
                return v.toObject();
        return {};
    }
    int auditCount(const QString &prefix) const
    {
        auto entries = ctx->audit().list(1000);
        REQUIRE(entries.ok());
        int n = 0;
        for (const AuditEntry &e : entries.value())
            n += e.action.startsWith(prefix) ? 1 : 0;
        return n;
    }

    test::CliRunner runner;
    std::unique_ptr<AppContext> ctx;
};

} // namespace

TEST_CASE("checklist show and tick: who signed what, with notes, the same record the page reads")
{
    Fixture f;
    const QString today = f.ctx->clock().nowUtc().toLocalTime().date().toString(Qt::ISODate);

    test::CliResult shown = f.cli({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")});
    REQUIRE(shown.exitCode == 0);
    CHECK(shown.object()[QStringLiteral("date")].toString() == today);
    QJsonObject health = f.item(shown.object(), QStringLiteral("daily.health"));
    CHECK(health[QStringLiteral("title")].toString() == QStringLiteral("Check service health"));
    CHECK_FALSE(health[QStringLiteral("done")].toBool());
    CHECK(health[QStringLiteral("by")].isNull());
    CHECK(health[QStringLiteral("at")].isNull());
    CHECK(health[QStringLiteral("note")].isNull());

    test::CliResult ticked = f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.health"),
                                    QStringLiteral("--note"), QStringLiteral("p95 fine after the deploy")});
    INFO(ticked.err.toStdString());
    REQUIRE(ticked.exitCode == 0);
    CHECK(ticked.out.contains("daily.health is now done"));
    // Ticking again changes nothing and writes no second entry.
    CHECK(f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.health")}).out.contains("already done"));
    CHECK(f.auditCount(QStringLiteral("checklist.")) == 1);

    shown = f.cli({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")});
    health = f.item(shown.object(), QStringLiteral("daily.health"));
    CHECK(health[QStringLiteral("done")].toBool());
    CHECK(health[QStringLiteral("by")].toString() == AuditLog::currentOsUser());
    CHECK(QDateTime::fromString(health[QStringLiteral("at")].toString(), Qt::ISODate).isValid());
    CHECK(health[QStringLiteral("note")].toString() == QStringLiteral("p95 fine after the deploy"));

    // The page's use case reads the same record.
    auto runbook = f.ctx->checklist().runbook();
    REQUIRE(runbook.ok());
    auto day = f.ctx->checklist().day(runbook.value(), f.ctx->clock().nowUtc().toLocalTime().date());
    REQUIRE(day.ok());
    bool seen = false;
    for (const ChecklistDayItem &i : day->items)
        if (i.item->id == QLatin1String("daily.health"))
            seen = i.tick.state == TickState::Done && i.tick.note == QStringLiteral("p95 fine after the deploy");
    CHECK(seen);

    // --untick opens it again; the text table says so.
    REQUIRE(f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.health"), QStringLiteral("--untick")}).exitCode == 0);
    const test::CliResult table = f.cli({QStringLiteral("checklist"), QStringLiteral("show")});
    CHECK(table.out.contains("0 of 7 signed off"));

    // Mistakes are usage errors that name what is valid.
    const test::CliResult unknown = f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.nope")});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.contains("daily.health"));
    CHECK(f.cli({QStringLiteral("checklist"), QStringLiteral("show"), QStringLiteral("--date"), QStringLiteral("yesterday")}).exitCode == 2);
    const QString tomorrow = f.ctx->clock().nowUtc().toLocalTime().date().addDays(1).toString(Qt::ISODate);
    CHECK(f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.errors"), QStringLiteral("--date"), tomorrow}).exitCode == 2);
}

TEST_CASE("ten processes signing at once lose nothing, and the audit chain verifies")
{
    Fixture f;
    const QStringList items = test::tenChecklistItems();
    std::vector<std::unique_ptr<QProcess>> writers;
    for (const QString &id : items)
        writers.push_back(f.runner.start({QStringLiteral("--profile"), QStringLiteral("team"), QStringLiteral("checklist"),
                                          QStringLiteral("tick"), id, QStringLiteral("--note"), QStringLiteral("by writer ") + id}));
    for (auto &w : writers) {
        REQUIRE(test::waitUntil([&] { return w->state() == QProcess::NotRunning; }, 120'000));
        CHECK(w->exitStatus() == QProcess::NormalExit);
        CHECK(w->exitCode() == 0);
    }
    const test::CliResult shown = f.cli({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")});
    REQUIRE(shown.exitCode == 0);
    for (const QString &id : items) {
        INFO(id.toStdString());
        const QJsonObject o = f.item(shown.object(), id);
        CHECK(o[QStringLiteral("done")].toBool());
        CHECK(o[QStringLiteral("note")].toString() == QStringLiteral("by writer ") + id);
    }
    CHECK(f.auditCount(QStringLiteral("checklist.done")) == items.size());
    const test::CliResult verified = f.cli({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(verified.out.toStdString() << verified.err.toStdString());
    CHECK(verified.exitCode == 0);
}

TEST_CASE("a sign-off made on stale data is refused with who changed the item, and leaves nothing behind")
{
    Fixture f;
    auto runbook = f.ctx->checklist().runbook();
    REQUIRE(runbook.ok());
    const QDate today = f.ctx->clock().nowUtc().toLocalTime().date();
    // The page listed the item at version 0; the CLI signs it meanwhile.
    REQUIRE(f.cli({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.errors")}).exitCode == 0);
    const int entries = f.auditCount(QStringLiteral("checklist."));
    auto stale = f.ctx->checklist().setTick(runbook.value(), today, QStringLiteral("daily.errors"), TickState::Open,
                                            QStringLiteral("unticked from an old view"), 0);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == ErrorKind::Conflict);
    CHECK(stale.error().message.contains(AuditLog::currentOsUser()));
    CHECK(stale.error().message.contains(QStringLiteral("nothing was changed")));
    CHECK(f.auditCount(QStringLiteral("checklist.")) == entries);
    // The store refuses it too, even past the use case's check: no entry, no change.
    ChecklistStore records(f.ctx->store(), f.ctx->audit(), f.ctx->clock());
    auto raw = records.setTick(today, QStringLiteral("daily.errors"), TickState::Open, QString(), 0);
    CHECK(raw.error().kind == ErrorKind::Conflict);
    CHECK(f.auditCount(QStringLiteral("checklist.")) == entries);
    auto day = records.day(today);
    REQUIRE(day.ok());
    CHECK(day->ticks.value(QStringLiteral("daily.errors")).state == TickState::Done);
}
