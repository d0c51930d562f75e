#pragma once

#include "core/job.h"
#include "page.h"
#include "pages/health/healthchart.h"

#include <QDateTime>
#include <QPointer>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace opsdeck {

class Session;
class ChecklistStore;
class HealthHistoryModel;
class HealthChart;
class HealthModel;
class ProviderSource;
class StatusChip;

// Every health URL of the profile with status, latency and last check; probed on demand
// and every 60 s while the page is visible. Each probe is stored as a "health.latencyMs"
// sample (as the checklist does), which feeds the sparkline, the history table and the P95.
class HealthPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthPage)
public:
    static constexpr int kAutoProbeMs = 60'000;

    HealthPage(Session &context, ProviderSource &providers, QWidget *parent = nullptr);
    ~HealthPage() override;

    void refresh() override;  // probes every URL now
    bool isProbing() const { return m_probing; }

    HealthModel *model() const { return m_model; }
    HealthHistoryModel *historyModel() const { return m_history; }
    QTimer *autoProbeTimer() const { return m_timer; }
    double overallP95() const { return m_overallP95; }  // nearest rank over 24 h, -1 without samples
    HealthChart *chart() const { return m_chart; }
    // The chart's window: the last 24 h (false) or 7 days (true).
    void setChartWeek(bool week);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void profileChanged();
    void roundFinished();
    void loadHistory();
    void updateSummary();
    void drawChart();

    Session &m_context;
    ProviderSource &m_providers;
    std::unique_ptr<ChecklistStore> m_records;
    HealthModel *m_model;
    HealthHistoryModel *m_history;
    QTimer *m_timer;
    JobScope m_cycle;  // owns the probes of the current round; clearing it cancels them
    bool m_probing = false;
    QDateTime m_lastRound;
    double m_overallP95 = -1;

    StatusChip *m_chip = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_probeNow = nullptr;
    QTableView *m_view = nullptr;
    QTableView *m_historyView = nullptr;
    HealthChart *m_chart = nullptr;
    QComboBox *m_chartRange = nullptr;
    QList<HealthChartSeries> m_chartSeries;  // the stored probes of the last 7 days, per URL
};

} // namespace opsdeck
