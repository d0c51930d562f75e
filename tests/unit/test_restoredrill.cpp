// The restore-test state: green within 7 days of a passed test, amber when older or
// none, red when the last test failed; kept per profile in the local store; the weekly checklist item.
#include "backups/restoredrill.h"
#include "runbook/checks.h"
#include "store/store.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace opsdeck;

namespace {

const QDateTime kNow(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

DrillReport drill(int daysAgo, bool ok)
{
    DrillReport r;
    r.at = kNow.addDays(-daysAgo);
    r.backupId = QStringLiteral("shop-20261120T020000Z");
    r.ok = ok;
    r.tablesChecked = 3;
    if (!ok)
        r.problems << QStringLiteral("table public.orders is missing");
    return r;
}

CheckResult checkWith(const DrillStatus &status)
{
    CheckEnv env;
    env.restoreDrill = [status] { return status; };
    RunbookItem item;
    item.id = QStringLiteral("weekly.restore-test");
    CheckResult out;
    runRestoreDrillCheck(env, item, nullptr, [&out](CheckResult r) { out = std::move(r); });
    return out;
}

} // namespace

TEST_CASE("restore tests: green within 7 days, amber when older or never passed, red after a failure")
{
    CHECK(drillStatus(std::nullopt, std::nullopt, kNow).health == DrillHealth::Amber);
    CHECK(drillStatus(std::nullopt, std::nullopt, kNow).text.contains(QStringLiteral("No restore test has passed")));
    CHECK(drillStatus(drill(2, true), drill(2, true), kNow).health == DrillHealth::Green);
    CHECK(drillStatus(drill(7, true), drill(7, true), kNow).health == DrillHealth::Green);
    const DrillStatus old = drillStatus(drill(8, true), drill(8, true), kNow);
    CHECK(old.health == DrillHealth::Amber);
    CHECK(old.text.contains(QStringLiteral("8 days old")));
    // A failure after a pass is red, whatever the pass before it.
    const DrillStatus failed = drillStatus(drill(1, false), drill(3, true), kNow);
    CHECK(failed.health == DrillHealth::Red);
    CHECK(failed.text.contains(QStringLiteral("public.orders is missing")));
}

TEST_CASE("restore tests are kept per profile and survive a restart")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        Store store(path);
        REQUIRE(store.open().ok());
        DrillRecords prod(store, QStringLiteral("prod"));
        CHECK_FALSE(prod.last().has_value());
        REQUIRE(prod.save(drill(3, true)).ok());
        REQUIRE(prod.save(drill(1, false)).ok());
    }
    Store store(path);
    REQUIRE(store.open().ok());
    DrillRecords prod(store, QStringLiteral("prod"));
    REQUIRE(prod.last().has_value());
    CHECK_FALSE(prod.last()->ok);
    CHECK(prod.last()->problems == QStringList{QStringLiteral("table public.orders is missing")});
    REQUIRE(prod.lastPassed().has_value());
    CHECK(prod.lastPassed()->at == kNow.addDays(-3));
    CHECK(prod.status(kNow).health == DrillHealth::Red);
    CHECK(DrillRecords(store, QStringLiteral("staging")).status(kNow).health == DrillHealth::Amber);
}

TEST_CASE("the weekly restore-test item passes, warns or fails with the state's words")
{
    const CheckResult green = checkWith(drillStatus(drill(2, true), drill(2, true), kNow));
    CHECK(green.status == CheckStatus::Pass);
    CHECK(green.evidence.contains(QStringLiteral("shop-20261120T020000Z")));
    CHECK(checkWith(drillStatus(drill(9, true), drill(9, true), kNow)).status == CheckStatus::Warn);
    const CheckResult red = checkWith(drillStatus(drill(0, false), std::nullopt, kNow));
    CHECK(red.status == CheckStatus::Fail);
    CHECK(red.value == QStringLiteral("failed"));
    CHECK(checkWith(DrillStatus{}).status == CheckStatus::Warn);
}
