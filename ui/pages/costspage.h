#pragma once

#include "costs/costreport.h"
#include "page.h"
#include "core/job.h"

#include <QPointer>

class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedBarSeries;
class QTableView;

namespace opsdeck {

class CostsChart;
class CostsUseCase;
class Session;
class CostPriceModel;
class CostService;
class CostTableModel;
class PriceTablePanel;
class WhatIfPanel;

// Daily OpenAI and Anthropic spend as stacked bars (per provider or model) with the daily
// threshold line, the same figures in a table, month-to-date, forecast, cost per 100 users
// against the target, CSV export/import, the price table and a what-if. Shows the stored
// figures at once (with their age), then refreshes in the background. The chart, the what-if
// and the price table are widgets of their own (pages/costs/); the page wires them.
class CostsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostsPage)
public:
    CostsPage(Session &context, CostsUseCase &costs, QWidget *parent = nullptr);
    ~CostsPage() override;

    void refresh() override;
    void setPeriodDays(int days);          // 7, 30 or 90
    void setGroupedByModel(bool byModel);
    Status exportCsv(const QString &path); // the period's figures
    Status importCsv(const QString &path);
    void setActiveUsers(qint64 users);     // this month's
    // This month's active users from the profile's active-users query (off the GUI thread).
    void countUsersFromDatabase();

    const CostReport &report() const { return m_report; }
    CostTableModel *tableModel() const { return m_table; }
    CostPriceModel *priceModel() const { return m_prices; }
    QStackedBarSeries *barSeries() const;
    QChartView *chartView() const;
    bool isRefreshing() const { return m_job != nullptr; }
    bool hasUsage() const;
    QString hoverText() const;
    // The tooltip for one bar (day index in the period, oldest first; key index).
    QString barTip(int dayIndex, int key) const;
    QString whatIfText() const;

private:
    QWidget *buildToolbar();
    QWidget *buildSummary();
    void showStored();
    void showReport(const CostSeries &history);
    void updateGauge();
    void updateAge();
    void fetchUsage();
    CostReportOptions reportOptions() const;

    Session &m_context;
    CostsUseCase &m_costs;
    CostService *m_service;
    CostTableModel *m_table;
    CostPriceModel *m_prices;
    CostReport m_report;
    int m_days = 30;
    bool m_byModel = false;
    QPointer<JobBase> m_job;
    QPointer<JobBase> m_usageJob;

    QComboBox *m_period = nullptr;
    QComboBox *m_grouping = nullptr;
    QPushButton *m_refresh = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_age = nullptr;
    QLabel *m_cardPeriod = nullptr;
    QLabel *m_cardMtd = nullptr;
    QLabel *m_cardForecast = nullptr;
    QLabel *m_cardSpikes = nullptr;
    QLabel *m_gaugeLabel = nullptr;
    QSpinBox *m_users = nullptr;
    QPushButton *m_usersFromDb = nullptr;
    CostsChart *m_chart = nullptr;
    QChartView *m_gaugeView = nullptr;
    QTableView *m_view = nullptr;
    WhatIfPanel *m_whatIf = nullptr;
    PriceTablePanel *m_priceTable = nullptr;
};

} // namespace opsdeck
