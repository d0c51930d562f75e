#pragma once

#include "config/profile.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace opsdeck {

// One of the five alert thresholds of the runbook crossed.
struct Alert {
    QString id;         // error-rate | p95 | api-cost | failed-workflows | db-connections
    QString message;
    double value = 0;
    double threshold = 0;
};

// Metrics the checks measured; a metric that is absent is not evaluated (e.g. no database).
// Keys: errorRatePercent, p95Ms, costPerDayUsd, failedWorkflows24h, dbConnectionsPercent.
QList<Alert> evaluateAlerts(const Thresholds &thresholds, const QJsonObject &metrics);

// The alert's name for people ("Error rate", "Restore test", ...); an unknown id as plain text.
QString alertName(const QString &id);

// Which thresholds could not be evaluated for lack of data.
QStringList unevaluatedAlerts(const QJsonObject &metrics);

// Every one of the five rules, firing or not: what was measured (nullopt: no data) against its
// threshold, in the runbook's order.
struct AlertRule {
    QString id;
    std::optional<double> value;
    double threshold = 0;
};
QList<AlertRule> alertRules(const Thresholds &thresholds, const QJsonObject &metrics);

// The page that shows what an alert measures: errors, health, costs, ci, database, backups.
QString alertPageId(const QString &id);

// Silences: an alert id muted until a time.
struct AlertSilence {
    QString alertId;
    QDateTime until;
};
QList<Alert> withoutSilenced(const QList<Alert> &alerts, const QList<AlertSilence> &silences, const QDateTime &now);

} // namespace opsdeck
