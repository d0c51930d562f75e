#pragma once

#include "alerts/alertengine.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSet>

namespace opsdeck {

// One firing alert: since when, why, and until when it is silenced (invalid = not silenced).
struct AlertRow {
    Alert alert;
    QDateTime since;
    QDateTime silencedUntil;
};

// The alerts of the latest evaluation. Decides which alerts deserve a notification: those
// that fire, are not silenced, and did not already fire unsilenced at the previous evaluation.
class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsModel)
public:
    enum Column { Since, Name, Why, Value, Threshold, Silenced, ColumnCount };
    enum Roles { AlertIdRole = Qt::UserRole + 1, SilencedRole };

    explicit AlertsModel(QObject *parent = nullptr);

    // Replaces the alerts with those evaluated at `at`; returns the ones to notify about.
    QList<Alert> setAlerts(const QList<Alert> &alerts, const QDateTime &at, const QList<AlertSilence> &silences);
    void setSilences(const QList<AlertSilence> &silences, const QDateTime &now);

    const AlertRow &row(int row) const { return m_rows.at(row); }
    int rowOf(const QString &alertId) const;
    bool isSilenced(int row) const;
    int unsilencedCount() const;
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
