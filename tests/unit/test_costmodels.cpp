// The costs table and the editable price table models.
#include "costpricemodel.h"
#include "costtablemodel.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {
const QDate kDay(2026, 11, 20);
const QDateTime kAt(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

CostSeries series()
{
    return CostSeries(kDay.addDays(-2), kDay,
                      {CostFigure{kDay, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 30.004, kAt},
                       CostFigure{kDay, QStringLiteral("anthropic"), QStringLiteral("claude-opus-4-6"), 40.004, kAt},
                       CostFigure{kDay.addDays(-1), QStringLiteral("openai"), QStringLiteral("=cmd|x"), 1234.5, kAt}});
}
} // namespace

TEST_CASE("the costs table: days newest first, a column per provider, total and spike note")
{
    CostTableModel m;
    test::checkModel(&m);
    Spike spike;
    spike.day = kDay;
    spike.amountUsd = 70.008;
    spike.overThreshold = true;
    m.setSeries(series(), CostGrouping::ByProvider, {spike}, 50);
    REQUIRE(m.rowCount() == 3);
    REQUIRE(m.columnCount() == 5);
    CHECK(m.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString() == QStringLiteral("OpenAI"));
    CHECK(m.headerData(2, Qt::Horizontal, Qt::DisplayRole).toString() == QStringLiteral("Anthropic"));
    CHECK(m.dayOfRow(0) == kDay);
    CHECK(m.rowOfDay(kDay.addDays(-2)) == 2);
    CHECK(m.index(0, 1).data().toString() == QStringLiteral("$30.00"));
    CHECK(m.index(0, m.totalColumn()).data().toString() == QStringLiteral("$70.01"));  // 70.008, rounded once
    CHECK(m.index(0, m.totalColumn()).data(CostTableModel::CentsRole).toLongLong() == 7001);
    CHECK(m.index(0, m.noteColumn()).data().toString().contains(QStringLiteral("$50.00/day")));
    CHECK(m.index(0, 0).data(CostTableModel::SpikeRole).toBool());
    CHECK_FALSE(m.index(1, 0).data(CostTableModel::SpikeRole).toBool());
    CHECK(m.index(1, 1).data().toString() == QStringLiteral("$1,234.50"));
    CHECK(m.index(2, m.totalColumn()).data().toString() == QStringLiteral("$0.00"));
    CHECK(m.index(0, 1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("fetched 2026-11-29 07:00")));

    m.setSeries(series(), CostGrouping::ByModel, {}, 50);
    CHECK(m.columnCount() == 6);
    CHECK(m.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString() == QStringLiteral("=cmd|x"));
    CHECK(m.index(1, 1).data(CostTableModel::CentsRole).toLongLong() == 123450);
}

TEST_CASE("money is formatted with the dollar sign, separators and a minus in front")
{
    CHECK(CostTableModel::formatUsd(qint64(123456789)) == QStringLiteral("$1,234,567.89"));
    CHECK(CostTableModel::formatUsd(qint64(-1250)) == QStringLiteral("-$12.50"));
    CHECK(CostTableModel::formatUsd(0.005) == QStringLiteral("$0.01"));
    CHECK(CostTableModel::formatUsd(qint64(7)) == QStringLiteral("$0.07"));
}

TEST_CASE("the price table model edits prices, dates the edit and refuses nonsense")
{
    CostPriceModel m;
    test::checkModel(&m);
    m.setTable(PriceTable::builtIn());
    m.setEditDate(QDate(2026, 11, 29));
    CHECK_FALSE(m.isModified());
    const int row = 0;
    const QString model = m.index(row, CostPriceModel::Model).data().toString();
    CHECK(m.flags(m.index(row, CostPriceModel::Input)) & Qt::ItemIsEditable);
    CHECK_FALSE(m.flags(m.index(row, CostPriceModel::AsOf)) & Qt::ItemIsEditable);

    CHECK_FALSE(m.setData(m.index(row, CostPriceModel::Input), -1.0, Qt::EditRole));
    CHECK_FALSE(m.setData(m.index(row, CostPriceModel::Input), QStringLiteral("cheap"), Qt::EditRole));
    CHECK_FALSE(m.isModified());
    REQUIRE(m.setData(m.index(row, CostPriceModel::Input), 4.5, Qt::EditRole));
    CHECK(m.isModified());
    CHECK(m.index(row, CostPriceModel::AsOf).data().toString() == QStringLiteral("2026-11-29"));

    const PriceTable edited = m.table();
    CHECK(edited.find(model)->inputUsd == 4.5);
    CHECK(edited.find(model)->asOf == QDate(2026, 11, 29));
    CHECK(edited.asOf() == QDate(2026, 11, 29));

    const int added = m.addModel(QStringLiteral("openai"), QStringLiteral("gpt-6"));
    CHECK(m.rowCount() == PriceTable::builtIn().prices().size() + 1);
    REQUIRE(m.setData(m.index(added, CostPriceModel::Output), 40.0, Qt::EditRole));
    CHECK(m.table().find(QStringLiteral("gpt-6"))->outputUsd == 40.0);
    m.removeModel(added);
    CHECK(m.table().find(QStringLiteral("gpt-6")) == nullptr);
}
