#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include <optional>

namespace opsdeck {

class Store;
struct LogAnalysis;

// The headline figures of one analysis, kept to compare with next week's.
struct LogSnapshot {
    QDateTime at;  // UTC
    double requests = 0;
    double errorRatePercent = 0;
    double status401 = 0;
    double status403 = 0;
    std::optional<double> p50Ms, p95Ms, p99Ms;

    static LogSnapshot of(const LogAnalysis &analysis, const QDateTime &at);
};

// Stores snapshots in the Store's metric_samples table (metric "logs.<figure>", subject = what was
// analysed), so no schema change is needed. Use it on the Store's thread.
class LogHistory
{
    Q_DECLARE_TR_FUNCTIONS(LogHistory)

public:
    static constexpr qint64 kWeekMinAgeMs = 6 * 86'400'000LL;

    explicit LogHistory(Store &store);

    Status record(const QString &subject, const LogSnapshot &snapshot);
    // The newest snapshot taken at least minAgeMs before now: last week's analysis.
    Result<std::optional<LogSnapshot>> previous(const QString &subject, const QDateTime &now,
                                                qint64 minAgeMs = kWeekMinAgeMs) const;
    // A stable name for a set of files or a folder.
    static QString subjectFor(const QStringList &sources);

private:
    Store &m_store;
};

} // namespace opsdeck
