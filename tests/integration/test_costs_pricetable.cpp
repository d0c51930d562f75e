// The user's price table through CostService: saved in the data folder, read back, reset to the
// built-in one, and a broken file is an error that names it (never silently the built-in table).
// The app's cost service finds the table in the session's data folder.
#include "appcontext.h"
#include "core/clock.h"
#include "costs/costservice.h"
#include "costs/pricetable.h"
#include "store/store.h"
#include "usecases/costsusecase.h"
#include "usecases/session.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <memory>

using namespace opsdeck;

namespace {

struct Fixture {
    Fixture()
    {
        REQUIRE(store.open().ok());
        service.setDataDir(dir.filePath(QStringLiteral("data")));
    }

    QString overridePath() const { return PriceTable::overridePath(service.dataDir()); }

    QTemporaryDir dir;
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock;
    CostService service{store, clock, CostSources{}};
};

// The built-in table with the first model's input price changed and a note.
PriceTable edited()
{
    PriceTable table = PriceTable::builtIn();
    QList<ModelPrice> prices = table.prices();
    prices.first().inputUsd = 4.25;
    prices.first().note = QStringLiteral("negotiated");
    table.setPrices(prices);
    table.setAsOf(QDate(2026, 11, 29));
    return table;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(f.write(bytes) == bytes.size());
}

} // namespace

TEST_CASE("a saved price table is the one read back until it is reset to the built-in table")
{
    Fixture f;
    const auto initial = f.service.priceTable();
    REQUIRE(initial.ok());
    CHECK_FALSE(initial->isUserTable());  // nothing saved yet
    CHECK(initial->prices() == PriceTable::builtIn().prices());

    const PriceTable mine = edited();
    REQUIRE(f.service.savePriceTable(mine).ok());
    CHECK(QFileInfo::exists(f.overridePath()));  // the data folder is created when missing
    const auto loaded = f.service.priceTable();
    REQUIRE(loaded.ok());
    CHECK(loaded->isUserTable());
    CHECK(loaded->asOf() == QDate(2026, 11, 29));
    CHECK(loaded->prices() == mine.prices());

    // A second service over the same folder (the app started again) reads the same table.
    CostService again(f.store, f.clock, CostSources{});
    again.setDataDir(f.service.dataDir());
    REQUIRE(again.priceTable().ok());
    CHECK(again.priceTable()->prices() == mine.prices());

    REQUIRE(f.service.resetPriceTable().ok());
    CHECK_FALSE(QFileInfo::exists(f.overridePath()));
    const auto reset = f.service.priceTable();
    REQUIRE(reset.ok());
    CHECK_FALSE(reset->isUserTable());
    CHECK(reset->prices() == PriceTable::builtIn().prices());
    CHECK(f.service.resetPriceTable().ok());  // nothing left to remove is not an error
}

TEST_CASE("an invalid table is not saved and the saved one stays")
{
    Fixture f;
    REQUIRE(f.service.savePriceTable(edited()).ok());
    PriceTable negative = edited();
    QList<ModelPrice> prices = negative.prices();
    prices.first().outputUsd = -1;
    negative.setPrices(prices);
    const Status refused = f.service.savePriceTable(negative);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains(QStringLiteral("negative")));
    REQUIRE(f.service.priceTable().ok());
    CHECK(f.service.priceTable()->prices() == edited().prices());
}

TEST_CASE("a broken price table file is an error that names the file, and a reset recovers")
{
    Fixture f;
    SECTION("not JSON")
    {
        writeFile(f.overridePath(), "{\"version\": 1, \"models\": [");
    }
    SECTION("a negative price")
    {
        writeFile(f.overridePath(), "{\"version\": 1, \"asOf\": \"2026-11-29\", \"models\": [{\"provider\": \"openai\", "
                                    "\"model\": \"x\", \"input\": -1, \"output\": 2}]}");
    }
    const auto broken = f.service.priceTable();
    REQUIRE_FALSE(broken.ok());
    INFO(broken.error().toString().toStdString());
    CHECK(broken.error().message.contains(QStringLiteral("price table")));
    CHECK(broken.error().message.contains(QDir::toNativeSeparators(f.overridePath())));

    REQUIRE(f.service.resetPriceTable().ok());
    const auto recovered = f.service.priceTable();
    REQUIRE(recovered.ok());
    CHECK_FALSE(recovered->isUserTable());
}

TEST_CASE("without a data folder only the built-in table exists and saving says why it cannot")
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("opsdeck.db")));
    REQUIRE(store.open().ok());
    ManualClock clock;
    CostService service(store, clock, CostSources{});
    REQUIRE(service.priceTable().ok());
    CHECK_FALSE(service.priceTable()->isUserTable());
    const Status saved = service.savePriceTable(edited());
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.error().kind == ErrorKind::Config);
    CHECK(saved.error().message.contains(QStringLiteral("data folder")));
    CHECK(service.resetPriceTable().ok());
}

TEST_CASE("the app's cost service keeps the price table in the session's data folder")
{
    QTemporaryDir dir;
    AppOptions o;
    o.settingsPath = dir.filePath(QStringLiteral("settings.ini"));
    o.dataDir = dir.filePath(QStringLiteral("data"));
    o.demo = true;
    auto created = AppContext::create(o);
    INFO((created ? QString() : created.error().toString()).toStdString());
    REQUIRE(created.ok());
    std::unique_ptr<AppContext> ctx = std::move(created).value();

    QObject owner;
    CostService *service = ctx->costs().makeService(&owner);
    REQUIRE(service->savePriceTable(edited()).ok());
    CHECK(QFileInfo::exists(PriceTable::overridePath(ctx->session().dataDir())));
    // Another service of the app (the CLI, or the page opened again) reads it.
    CostService *other = ctx->costs().makeService(&owner);
    REQUIRE(other->priceTable().ok());
    CHECK(other->priceTable()->isUserTable());
    CHECK(other->priceTable()->prices() == edited().prices());
}
