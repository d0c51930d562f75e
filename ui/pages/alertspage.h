#pragma once

#include "alerts/alertengine.h"
#include "page.h"

#include <QJsonObject>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace opsdeck {

class AlertMonitor;
class AlertsModel;
class Session;
class StatusChip;

// The profile's five thresholds (editable, saved with the profile), the alerts of the latest
// evaluation with when and why, and silences for 1 / 4 / 24 h. The AlertMonitor evaluates and
// notifies; this page shows its state, asks it to evaluate when first shown and on refresh.
class AlertsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPage)
public:
    AlertsPage(Session &context, AlertMonitor &monitor, QWidget *parent = nullptr);
    ~AlertsPage() override;

    void refresh() override;
    bool isEvaluating() const;
    QJsonObject metrics() const;  // what the last evaluation measured

    Thresholds editedThresholds() const;
    void setEditedThresholds(const Thresholds &thresholds);
    void saveThresholds();  // into the profile, then re-evaluates
    void silence(const QString &alertId, int hours);
    void unsilence(const QString &alertId);
    void silenceSelected();  // with the duration chosen in the combo box

    void quickFixSelected();
    void openSelectedPage();
    // The quick fix behind an alert: error-rate -> "error-rate", p95 -> "slow-responses"; else empty.
    static QString quickFixFor(const QString &alertId);

    AlertsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void quickFixRequested(const QString &quickFix);
    void openPageRequested(const QString &pageId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildThresholds();
    QWidget *buildAlertList();
    void showAlerts();
    void profileChanged();
    void updateSummary();
    void reloadSilences();
    QString selectedAlertId() const;

    Session &m_context;
    AlertMonitor &m_monitor;
    AlertsModel *m_model;
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
    QPushButton *m_quickFix = nullptr;
    QPushButton *m_openPage = nullptr;
};

} // namespace opsdeck
