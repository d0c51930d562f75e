#pragma once

#include "alerts/alertengine.h"
#include "page.h"

#include <QDateTime>
#include <QJsonObject>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace opsdeck {

class AlertSilenceStore;
class AlertsModel;
class AppContext;
class CheckRunner;
class ProviderFactory;
class StatusChip;

// D6: the profile's five thresholds (editable, saved with the profile), the alerts of the
// latest evaluation with when and why, silences for 1 / 4 / 24 h (kept in the store), and
// alertFired() for every alert that starts to fire unsilenced (the tray shows it).
// Evaluates by running the default runbook's daily checks: when first shown, a few seconds
// after start-up, every 15 minutes and on refresh.
class AlertsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPage)
public:
    static constexpr int kStartupDelayMs = 5'000;
    static constexpr int kReevaluateMs = 15 * 60'000;

    explicit AlertsPage(AppContext &context, QWidget *parent = nullptr);
    ~AlertsPage() override;

    void refresh() override;
    bool isEvaluating() const { return m_evaluating; }
    QJsonObject metrics() const { return m_metrics; }  // what the last evaluation measured

    Thresholds editedThresholds() const;
    void setEditedThresholds(const Thresholds &thresholds);
    void saveThresholds();  // into the profile, then re-evaluates
    void silence(const QString &alertId, int hours);
    void unsilence(const QString &alertId);
    void silenceSelected();  // with the duration chosen in the combo box

    AlertsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

public Q_SLOTS:
    void showAlerts(const QList<opsdeck::Alert> &alerts, const QDateTime &at);

Q_SIGNALS:
    void alertFired(const QString &title, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildThresholds();
    QWidget *buildAlertList();
    void checksFinished();
    void profileChanged();
    void updateSummary();
    void reloadSilences();
    QString selectedAlertId() const;

    AppContext &m_context;
    std::unique_ptr<ProviderFactory> m_providers;
    std::unique_ptr<AlertSilenceStore> m_silences;
    AlertsModel *m_model;
    CheckRunner *m_runner;
    QTimer *m_startup;
    QTimer *m_periodic;
    QJsonObject m_metrics;
    QStringList m_checkProblems;
    bool m_evaluating = false;
    bool m_evaluated = false;
    bool m_hasAlertsItem = false;

    StatusChip *m_chip = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_noData = nullptr;
    QPushButton *m_reload = nullptr;
    QDoubleSpinBox *m_errorRate = nullptr;
    QDoubleSpinBox *m_p95 = nullptr;
    QDoubleSpinBox *m_cost = nullptr;
    QSpinBox *m_failedWorkflows = nullptr;
    QDoubleSpinBox *m_dbConnections = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_silenceFor = nullptr;
    QPushButton *m_silence = nullptr;
    QPushButton *m_unsilence = nullptr;
};

} // namespace opsdeck
