#pragma once

#include "alerts/alertengine.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSet>

namespace opsdeck {

// One rule of the latest evaluation: firing (since when, why, until when it is silenced; invalid =
// not silenced), within its threshold, or without data.
enum class RuleState { Firing, Ok, NoData };
struct AlertRow {
    Alert alert;
    QDateTime since;
    QDateTime silencedUntil;
    RuleState state = RuleState::Firing;
};

// Every alert rule at the latest evaluation, the firing ones first: what an SRE sees at a glance is
// which of the five fire, which are fine and which were not measured. Decides which alerts deserve
// a notification: those that fire, are not silenced, and did not already fire unsilenced at the
// previous evaluation.
class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsModel)
public:
    enum Column { State, Name, Value, Threshold, Why, Since, Silenced, ColumnCount };
    enum Roles { AlertIdRole = Qt::UserRole + 1, SilencedRole };

    explicit AlertsModel(QObject *parent = nullptr);

    // Replaces the alerts with those evaluated at `at`, listing the rules that do not fire after them;
    // returns the alerts to notify about.
    QList<Alert> setAlerts(const QList<Alert> &alerts, const QDateTime &at, const QList<AlertSilence> &silences,
                           const QList<AlertRule> &rules = {});
    void setSilences(const QList<AlertSilence> &silences, const QDateTime &now);

    const AlertRow &row(int row) const { return m_rows.at(row); }
    int rowOf(const QString &alertId) const;
    bool isSilenced(int row) const;
    RuleState state(int row) const { return m_rows.at(row).state; }
    int unsilencedCount() const;  // firing and not silenced
    QDateTime evaluatedAt() const { return m_evaluatedAt; }

    static QString alertName(const QString &id);
    static QString formatValue(const QString &id, double value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const AlertRow &r, int column) const;

    QList<AlertRow> m_rows;
    QSet<QString> m_notified;  // firing and unsilenced at the previous evaluation
    QDateTime m_evaluatedAt;
};

} // namespace opsdeck
