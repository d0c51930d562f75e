#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace opsdeck {

// NoData: the check ran but had nothing to judge (e.g. the alerts item without any measurement):
// never a pass.
enum class CheckStatus { Pending, Running, Pass, Warn, Fail, Error, Skipped, NoData };

// What an automated checklist item found: a status, the evidence a person reads, the measured
// value, and metrics the alert engine evaluates.
struct CheckResult {
    QString itemId;
    CheckStatus status = CheckStatus::Pending;
    QString evidence;     // "200 in 143 ms", "7 errors in 24 h, 3 distinct"
    QString value;        // the measured value, short
    QJsonObject metrics;  // e.g. {"p95Ms": 180, "failedWorkflows24h": 4}
    QDateTime at;
    qint64 durationMs = 0;
};

QString checkStatusName(CheckStatus status);
CheckStatus checkStatusFromName(const QString &name);
bool isFinal(CheckStatus status);

} // namespace opsdeck
