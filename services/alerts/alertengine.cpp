#include "alerts/alertengine.h"

#include "core/text.h"

#include <QCoreApplication>

#include <cmath>
#include <tuple>

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

QList<AlertRule> alertRules(const Thresholds &t, const QJsonObject &metrics)
{
    const std::tuple<const char *, const char *, double> all[] = {
        {"error-rate", "errorRatePercent", t.errorRatePercent},
        {"p95", "p95Ms", t.p95Ms},
        {"api-cost", "costPerDayUsd", t.costPerDayUsd},
        {"failed-workflows", "failedWorkflows24h", double(t.failedWorkflows24h)},
        {"db-connections", "dbConnectionsPercent", t.dbConnectionsPercent}};
    QList<AlertRule> rules;
    for (const auto &[id, metric, threshold] : all) {
        const QJsonValue v = metrics.value(QLatin1String(metric));
        rules.append(AlertRule{QString::fromLatin1(id), v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt,
                               threshold});
    }
    return rules;
}

QStringList unevaluatedAlerts(const QJsonObject &metrics)
{
    QStringList out;
    for (const AlertRule &rule : alertRules(Thresholds{}, metrics))
        if (!rule.value)
            out << rule.id;
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

namespace {
// Every alert OpsDeck raises: its id, its name for people and the page that shows what it measures.
struct AlertKind {
    const char *id;
    const char *name;
    const char *page;
};
constexpr AlertKind kAlertKinds[] = {
    {"error-rate", QT_TRANSLATE_NOOP("Alerts", "Error rate"), "errors"},
    {"p95", QT_TRANSLATE_NOOP("Alerts", "P95 response time"), "health"},
    {"api-cost", QT_TRANSLATE_NOOP("Alerts", "API cost per day"), "costs"},
    {"failed-workflows", QT_TRANSLATE_NOOP("Alerts", "Failed workflow runs"), "ci"},
    {"db-connections", QT_TRANSLATE_NOOP("Alerts", "Database connections"), "database"},
    {"restore-test", QT_TRANSLATE_NOOP("Alerts", "Restore test"), "backups"},
};

const AlertKind *alertKind(const QString &id)
{
    for (const AlertKind &k : kAlertKinds)
        if (id == QLatin1String(k.id))
            return &k;
    return nullptr;
}
} // namespace

QString alertName(const QString &id)
{
    const AlertKind *kind = alertKind(id);
    return kind ? tr(kind->name) : sanitizeForDisplay(id);
}

QString alertPageId(const QString &id)
{
    const AlertKind *kind = alertKind(id);
    return kind ? QString::fromLatin1(kind->page) : QString();
}

} // namespace opsdeck
