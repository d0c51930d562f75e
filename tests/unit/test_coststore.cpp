// Cost figures and active users in the local store; what the service reads back offline.
#include "core/clock.h"
#include "costs/costservice.h"
#include "costs/coststore.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace opsdeck;

namespace {
const QDate kDay(2026, 11, 20);
const QDateTime kMorning(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

CostFigure fig(QDate day, const QString &provider, const QString &model, double usd, const QDateTime &at = kMorning)
{
    return CostFigure{day, provider, model, usd, at};
}

struct Db {
    Db() : store(dir.filePath(QStringLiteral("opsdeck.db"))) { REQUIRE(store.open().ok()); }
    QTemporaryDir dir;
    Store store;
};
} // namespace

TEST_CASE("figures are stored per provider, model and day and read back with their fetch time")
{
    Db db;
    CostStore costs(db.store);
    const QList<CostFigure> figures{fig(kDay, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 12.4731),
                                    fig(kDay, QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-6"), 18.345),
                                    fig(kDay.addDays(1), QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 3.5)};
    REQUIRE(costs.replace(QStringLiteral("openai"), kDay, kDay.addDays(1), figures).ok());
    REQUIRE(costs.replace(QStringLiteral("anthropic"), kDay, kDay.addDays(1), figures).ok());

    const auto series = costs.load(kDay, kDay.addDays(1));
    REQUIRE(series.ok());
    CHECK(series->figures().size() == 3);
    CHECK(series->figures().first() == figures[1]);  // sorted by day, provider, model
    CHECK(series->total(kDay) == Approx(30.8181));
    CHECK(series->oldestFetch() == kMorning);
    CHECK(costs.load(kDay.addDays(1), kDay.addDays(1))->figures().size() == 1);
    CHECK(costs.load(kDay.addDays(5), kDay.addDays(9))->isEmpty());
}

TEST_CASE("a refresh replaces its provider's range only: vanished figures go, others stay")
{
    Db db;
    CostStore costs(db.store);
    const QDateTime later = kMorning.addSecs(3600);
    REQUIRE(costs.upsert({fig(kDay, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 1),
                          fig(kDay, QStringLiteral("openai"), QStringLiteral("gpt-4o"), 2),
                          fig(kDay.addDays(-1), QStringLiteral("openai"), QStringLiteral("gpt-4o"), 4),
                          fig(kDay, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"), 8)})
                .ok());
    REQUIRE(costs.replace(QStringLiteral("openai"), kDay, kDay, {fig(kDay, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 1.5, later)}).ok());
    const CostSeries s = costs.load(kDay.addDays(-1), kDay).value();
    CHECK(s.total(kDay, QStringLiteral("openai")) == Approx(1.5));   // gpt-4o's figure vanished
    CHECK(s.total(kDay.addDays(-1), QStringLiteral("openai")) == 4); // outside the range: kept
    CHECK(s.total(kDay, QStringLiteral("anthropic")) == 8);          // other provider: kept
    CHECK(s.oldestFetch(QStringLiteral("anthropic")) == kMorning);
    CHECK(s.newestFetch(QStringLiteral("openai")) == later);

    // An imported figure may not say when it was fetched: stored, and read back as unknown.
    REQUIRE(costs.upsert({fig(kDay.addDays(-3), QStringLiteral("openai"), QStringLiteral("gpt-4o"), 2, QDateTime())}).ok());
    CHECK_FALSE(costs.load(kDay.addDays(-3), kDay.addDays(-3))->figures().first().fetchedAt.isValid());

    // An upsert of the same key updates it in place.
    REQUIRE(costs.upsert({fig(kDay, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"), 9, later)}).ok());
    CHECK(costs.load(kDay, kDay)->total(kDay, QStringLiteral("anthropic")) == 9);
}

TEST_CASE("active users per month: the month's entry, else the latest before it")
{
    Db db;
    CostStore costs(db.store);
    CHECK_FALSE(costs.activeUsers(QDate(2026, 11, 1)).value().has_value());
    REQUIRE(costs.setActiveUsers(QDate(2026, 9, 14), 1800, kMorning).ok());
    REQUIRE(costs.setActiveUsers(QDate(2026, 11, 1), 2400, kMorning).ok());
    CHECK(costs.activeUsers(QDate(2026, 11, 29))->value().users == 2400);
    CHECK(costs.activeUsers(QDate(2026, 11, 29))->value().month == QDate(2026, 11, 1));
    CHECK(costs.activeUsers(QDate(2026, 10, 5))->value().users == 1800);   // October: September's figure
    CHECK(costs.activeUsers(QDate(2027, 2, 1))->value().users == 2400);
    CHECK_FALSE(costs.activeUsers(QDate(2026, 8, 31))->has_value());
    REQUIRE(costs.setActiveUsers(QDate(2026, 11, 1), 0, kMorning).ok());  // cleared
    CHECK(costs.activeUsers(QDate(2026, 11, 29))->value().users == 1800);
    CHECK_FALSE(costs.setActiveUsers(QDate(2026, 11, 1), -5, kMorning).ok());
}

TEST_CASE("the service reads the store without any provider, and says when it has no source")
{
    Db db;
    ManualClock clock(kMorning);
    CostService service(db.store, clock, CostSources{});
    REQUIRE(service.importFigures({fig(kDay, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 7.25)}).ok());
    const CostSeries s = service.load(kDay.addDays(-6), kDay);
    CHECK(s.days().size() == 7);
    CHECK(s.total(kDay) == 7.25);
    CHECK(s.problems.isEmpty());
    CHECK(service.today() == kMorning.date());

    REQUIRE(service.setActiveUsers(kMorning.date(), 1500).ok());
    CHECK(service.activeUsers(kMorning.date())->users == 1500);
    CHECK(service.activeUsers(kMorning.date())->updatedAt == kMorning);

    // No client sources: the refresh fails, naming both providers, and the stored figures stay.
    std::optional<Result<CostSeries>> result;
    Job<CostSeries> *job = service.refresh(kDay, kDay);
    job->onFinished(&service, [&result](const Result<CostSeries> &r) { result = r; });
    REQUIRE(test::waitUntil([&] { return result.has_value(); }));
    REQUIRE_FALSE(result->ok());
    CHECK(result->error().kind == ErrorKind::Config);
    CHECK(result->error().message.contains(QStringLiteral("OpenAI")));
    CHECK(result->error().message.contains(QStringLiteral("Anthropic")));
    CHECK(service.load(kDay, kDay).total(kDay) == 7.25);
}
