// The costs page offscreen in demo mode: chart and table agree to the cent and with the sandbox's
// ground truth, the spike is flagged, the gauge and what-if work; screenshot saved.
#include "core/clock.h"
#include "appcontext.h"
#include "usecases/session.h"
#include "usecases/costsusecase.h"
#include "costpricemodel.h"
#include "costs/costanalysis.h"
#include "costtablemodel.h"
#include "messagebar.h"
#include "pages/costspage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "pgcluster.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>

#include <cmath>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {
void waitLoaded(CostsPage &page)
{
    REQUIRE(test::waitUntil([&] { return page.isReady() && !page.isRefreshing() && page.hasUsage(); }, 60000));
}

// Every bar of the chart against the table cell of the same day and series.
void checkChartMatchesTable(CostsPage &page)
{
    const CostTableModel *table = page.tableModel();
    const QList<QBarSet *> sets = page.barSeries()->barSets();
    REQUIRE(sets.size() == table->breakdown().keys.size());
    for (int k = 0; k < sets.size(); ++k) {
        CHECK(sets[k]->label() == table->headerData(k + 1, Qt::Horizontal, Qt::DisplayRole).toString());
        REQUIRE(sets[k]->count() == table->rowCount());
        for (int d = 0; d < sets[k]->count(); ++d) {
            const int row = table->rowOfDay(table->breakdown().days[d]);
            CHECK(toCents(sets[k]->at(d)) == table->index(row, k + 1).data(CostTableModel::CentsRole).toLongLong());
        }
    }
}
} // namespace

TEST_CASE("the costs page in demo mode")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const SandboxWorld &world = ctx->sandbox()->world();
    CostsPage page(ctx->session(), ctx->costs());
    page.resize(1360, 900);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    waitLoaded(page);
    INFO(page.messageBar()->text().toStdString());
    CHECK(page.messageBar()->text().isEmpty());

    // 30 days, one column per provider; every cell is the sandbox's figure to the cent.
    const CostTableModel *table = page.tableModel();
    REQUIRE(table->rowCount() == 30);
    for (int row = 0; row < table->rowCount(); ++row) {
        const QDate day = table->dayOfRow(row);
        CHECK(table->index(row, 1).data(CostTableModel::CentsRole).toLongLong() == toCents(world.costUsd(QStringLiteral("openai"), day)));
        CHECK(table->index(row, 2).data(CostTableModel::CentsRole).toLongLong() == toCents(world.costUsd(QStringLiteral("anthropic"), day)));
        CHECK(table->index(row, table->totalColumn()).data(CostTableModel::CentsRole).toLongLong() == toCents(world.totalCostUsd(day)));
        CHECK(table->index(row, 0).data(CostTableModel::SpikeRole).toBool() == (day == world.spikeDay()));
    }
    checkChartMatchesTable(page);

    // The spike's bar says so, and the tooltip repeats the table's figures.
    const CostBreakdown &b = table->breakdown();
    const int spikeIndex = int(b.days.indexOf(world.spikeDay()));
    REQUIRE(spikeIndex >= 0);
    auto *x = qobject_cast<QBarCategoryAxis *>(page.chartView()->chart()->axes(Qt::Horizontal).first());
    REQUIRE(x);
    CHECK(x->categories().at(spikeIndex).contains(QStringLiteral("▲")));
    const int spikeRow = table->rowOfDay(world.spikeDay());
    const QString tip = page.barTip(spikeIndex, 1);
    CHECK(tip.contains(QStringLiteral("Anthropic: ") + table->index(spikeRow, 2).data().toString()));
    CHECK(tip.contains(table->index(spikeRow, table->totalColumn()).data().toString()));
    CHECK(tip.contains(QStringLiteral("spike")));
    Q_EMIT page.barSeries()->hovered(true, spikeIndex, page.barSeries()->barSets().at(1));
    CHECK(page.hoverText() == tip);

    // The $50/day line.
    bool thresholdLine = false;
    for (QAbstractSeries *s : page.chartView()->chart()->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(s))
            thresholdLine = line->count() == 2 && line->at(0).y() == 50.0 && line->at(1).y() == 50.0;
    }
    CHECK(thresholdLine);
    CHECK(page.chartView()->chart()->legend()->isVisible());
    CHECK(page.chartView()->chart()->legend()->markers().size() == 4);  // OpenAI, Anthropic, $50/day, Spike

    // The spike keeps its provider colours (Anthropic caused it): no bar is recoloured; a marker sits on top.
    for (QBarSet *set : page.barSeries()->barSets())
        CHECK_FALSE(set->isBarSelected(spikeIndex));
    QScatterSeries *marker = nullptr;
    for (QAbstractSeries *s : page.chartView()->chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s))
            marker = scatter;
    REQUIRE(marker);
    REQUIRE(marker->count() == 1);
    CHECK(int(marker->at(0).x()) == spikeIndex);
    CHECK(marker->at(0).y() > world.totalCostUsd(world.spikeDay()));

    // The period's change against the 30 days before, from the sandbox's own figures.
    double previous = 0;
    const QDate today = ctx->clock().nowUtc().date();
    for (int d = 30; d < 60; ++d)
        previous += world.totalCostUsd(today.addDays(-d));
    double current = 0;
    for (int d = 0; d < 30; ++d)
        current += world.totalCostUsd(today.addDays(-d));
    const int percent = int(std::lround(std::abs(current - previous) / previous * 100.0));
    const QString change = page.findChild<QLabel *>(QStringLiteral("cardPeriodChange"))->text();
    INFO(change.toStdString());
    CHECK(change.contains(QStringLiteral(" %1 % vs previous 30 days").arg(percent)));
    CHECK(change.startsWith(current >= previous ? QStringLiteral("▲") : QStringLiteral("▼")));
    CHECK(page.findChild<QLabel *>(QStringLiteral("costAge"))->text().contains(QStringLiteral("fetched just now")));

    // Active users typed in: cost per 100 users against the month-end forecast.
    auto *users = page.findChild<QSpinBox *>(QStringLiteral("activeUsers"));
    users->selectAll();
    QTest::keyClicks(users, QStringLiteral("1500"));
    QTest::keyClick(users, Qt::Key_Enter);
    REQUIRE(page.report().per100UsersUsd.has_value());
    CHECK(*page.report().per100UsersUsd == Approx(page.report().month.forecastUsd / 1500 * 100));

    // What-if from real usage.
    CHECK((page.whatIfText().contains(QStringLiteral("saves")) || page.whatIfText().contains(QStringLiteral("more"))));
    // The usage was stored: a page opened later shows the what-if at once, before any network answer.
    {
        CostsPage again(ctx->session(), ctx->costs());
        CHECK(again.hasUsage());
        CHECK(again.whatIfText() == page.whatIfText());
    }

    // Screenshot for the reviewers, once the chart's scene has laid out its legend.
    QTest::qWait(200);
    const QImage shot = page.grab().toImage();
    CHECK(shot.width() >= 1200);
    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    CHECK(shot.save(dir.filePath(QStringLiteral("costs.png"))));
    CHECK(shot.save(QStringLiteral("/tmp/opsdeck-shots/costs.png")));

    SECTION("per model, over 7 days")
    {
        page.setGroupedByModel(true);
        page.setPeriodDays(7);
        waitLoaded(page);
        CHECK(table->rowCount() == 7);
        CHECK(table->breakdown().keys.contains(QStringLiteral("claude-sonnet-4-6")));
        CHECK(table->breakdown().keys.contains(QStringLiteral("gpt-5.4-mini")));
        checkChartMatchesTable(page);
        for (int row = 0; row < table->rowCount(); ++row)
            CHECK(table->index(row, table->totalColumn()).data(CostTableModel::CentsRole).toLongLong()
                  == toCents(world.totalCostUsd(table->dayOfRow(row))));
    }
    SECTION("export, then import of a hostile file shows the name as plain text")
    {
        const QString csv = dir.filePath(QStringLiteral("export.csv"));
        REQUIRE(page.exportCsv(csv).ok());
        QFile f(csv);
        REQUIRE(f.open(QIODevice::ReadWrite | QIODevice::Append));
        f.write(world.costs().days().last().toString(Qt::ISODate).toUtf8() + ",openai,'@SUM(1),-12.50,\r\n");
        f.close();
        REQUIRE(page.importCsv(csv).ok());
        page.setGroupedByModel(true);
        CHECK(table->breakdown().keys.contains(QStringLiteral("@SUM(1)")));
        CHECK(table->index(0, table->totalColumn()).data(CostTableModel::CentsRole).toLongLong()
              == toCents(world.totalCostUsd(table->dayOfRow(0))) - 1250);
    }
    SECTION("providers down: a warning, the stored figures stay")
    {
        Profile offline = ctx->profile();
        offline.openaiApi = QUrl(QStringLiteral("http://127.0.0.1:9/"));
        offline.anthropicApi = QUrl(QStringLiteral("http://127.0.0.1:9/"));
        ctx->setProfile(offline);  // the page refreshes on a profile change
        REQUIRE(test::waitUntil([&] { return page.isRefreshing(); }, 5000));
        REQUIRE(test::waitUntil([&] { return !page.isRefreshing(); }, 60000));
        CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
        CHECK(page.messageBar()->text().contains(QStringLiteral("stored")));
        CHECK(table->rowCount() == 30);
        CHECK(table->index(0, table->totalColumn()).data(CostTableModel::CentsRole).toLongLong()
              == toCents(world.totalCostUsd(table->dayOfRow(0))));
    }
}

TEST_CASE("active users counted on the product database from the costs page")
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("product"),
         QStringLiteral("CREATE TABLE users (id int PRIMARY KEY, active boolean NOT NULL);"
                        "INSERT INTO users SELECT g, g % 4 <> 0 FROM generate_series(1, 4000) g;")},
    };
    const auto owned = test::startCluster(seed);
    test::PgCluster &cluster = *owned;
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    CostsPage page(ctx->session(), ctx->costs());
    auto *button = page.findChild<QPushButton *>(QStringLiteral("activeUsersFromDb"));
    REQUIRE(button);
    CHECK_FALSE(button->isEnabled());  // no query in the profile yet

    Profile profile = ctx->profile();
    profile.databaseUrl = cluster.urlWithPassword(QStringLiteral("product"));
    profile.activeUsersQuery = QStringLiteral("SELECT count(*) FROM users WHERE active");
    ctx->setProfile(profile);
    REQUIRE(button->isEnabled());
    waitLoaded(page);
    QTest::mouseClick(button, Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return page.messageBar()->severity() != MessageBar::Severity::Info; }, 30000));
    INFO(page.messageBar()->text().toStdString());
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
    CHECK(page.findChild<QSpinBox *>(QStringLiteral("activeUsers"))->value() == 3000);
    REQUIRE(page.report().activeUsers.has_value());
    CHECK(page.report().activeUsers->users == 3000);
    REQUIRE(page.report().per100UsersUsd.has_value());
    CHECK(*page.report().per100UsersUsd == Approx(page.report().month.forecastUsd / 3000 * 100));
}
