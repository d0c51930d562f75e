#include "alerts/alertengine.h"

#include "core/text.h"

#include <QCoreApplication>

#include <cmath>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("Alerts", s); }

} // namespace

QList<Alert> evaluateAlerts(const Thresholds &t, const QJsonObject &metrics)
{
    QList<Alert> alerts;
    auto check = [&](const char *id, const char *metric, double threshold, const QString &message) {
        const QJsonValue v = metrics.value(QLatin1String(metric));
        if (!v.isDouble())
            return;
        const double value = v.toDouble();
        if (value > threshold) {
            // Counts read as counts ("5 failed runs"), measurements with two decimals.
            const bool whole = value == std::floor(value) && threshold == std::floor(threshold);
            const int decimals = whole ? 0 : 2;
            alerts.append(Alert{QString::fromLatin1(id), message.arg(value, 0, 'f', decimals).arg(threshold, 0, 'f', decimals),
                                value, threshold});
        }
    };
    check("error-rate", "errorRatePercent", t.errorRatePercent, tr("Error rate %1 % is above %2 %"));
    check("p95", "p95Ms", t.p95Ms, tr("P95 response time %1 ms is above %2 ms"));
    check("api-cost", "costPerDayUsd", t.costPerDayUsd, tr("API cost $%1 in a day is above $%2"));
    check("failed-workflows", "failedWorkflows24h", double(t.failedWorkflows24h),
          tr("%1 failed workflow runs in 24 h, more than %2"));
    check("db-connections", "dbConnectionsPercent", t.dbConnectionsPercent,
          tr("Database connections at %1 % of the pool, above %2 %"));
    return alerts;
}

QStringList unevaluatedAlerts(const QJsonObject &metrics)
{
    QStringList out;
    const std::pair<const char *, const char *> all[] = {{"error-rate", "errorRatePercent"}, {"p95", "p95Ms"},
                                                         {"api-cost", "costPerDayUsd"},
                                                         {"failed-workflows", "failedWorkflows24h"},
                                                         {"db-connections", "dbConnectionsPercent"}};
    for (const auto &[id, metric] : all)
        if (!metrics.value(QLatin1String(metric)).isDouble())
            out << QString::fromLatin1(id);
    return out;
}

QList<Alert> withoutSilenced(const QList<Alert> &alerts, const QList<AlertSilence> &silences, const QDateTime &now)
{
    QList<Alert> out;
    for (const Alert &a : alerts) {
        const bool muted = std::any_of(silences.begin(), silences.end(), [&](const AlertSilence &s) {
            return s.alertId == a.id && s.until > now;
        });
        if (!muted)
            out.append(a);
    }
    return out;
}

QString alertName(const QString &id)
{
    if (id == QLatin1String("error-rate"))
        return tr("Error rate");
    if (id == QLatin1String("p95"))
        return tr("P95 response time");
    if (id == QLatin1String("api-cost"))
        return tr("API cost per day");
    if (id == QLatin1String("failed-workflows"))
        return tr("Failed workflow runs");
    if (id == QLatin1String("db-connections"))
        return tr("Database connections");
    if (id == QLatin1String("restore-test"))
        return tr("Restore test");
    return sanitizeForDisplay(id);
}

} // namespace opsdeck
