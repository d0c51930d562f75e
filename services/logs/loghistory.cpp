#include "logs/loghistory.h"

#include "logs/loganalysis.h"
#include "store/auditlog.h"
#include "store/sqltransaction.h"
#include "store/store.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck {

namespace {

const QString kPrefix = QStringLiteral("logs.");

} // namespace

LogSnapshot LogSnapshot::of(const LogAnalysis &a, const QDateTime &at)
{
    LogSnapshot s;
    s.at = at.toUTC();
    s.requests = double(a.requests);
    s.errorRatePercent = a.errorRate * 100.0;
    s.status401 = double(a.status401);
    s.status403 = double(a.status403);
    if (a.latency) {
        s.p50Ms = a.latency->p50Ms;
        s.p95Ms = a.latency->p95Ms;
        s.p99Ms = a.latency->p99Ms;
    }
    return s;
}

LogHistory::LogHistory(Store &store) : m_store(store) {}

QString LogHistory::subjectFor(const QStringList &sources)
{
    QStringList paths;
    for (const QString &s : sources) {
        const QString canonical = QFileInfo(s).canonicalFilePath();
        paths << (canonical.isEmpty() ? QDir::cleanPath(s) : canonical);
    }
    paths.sort();
    paths.removeDuplicates();
    return paths.join(QLatin1Char(':'));
}

Status LogHistory::record(const QString &subject, const LogSnapshot &s)
{
    QList<std::pair<QString, double>> values{{QStringLiteral("requests"), s.requests},
                                             {QStringLiteral("errorRatePercent"), s.errorRatePercent},
                                             {QStringLiteral("status401"), s.status401},
                                             {QStringLiteral("status403"), s.status403}};
    if (s.p50Ms)
        values << std::pair{QStringLiteral("p50Ms"), *s.p50Ms} << std::pair{QStringLiteral("p95Ms"), *s.p95Ms}
               << std::pair{QStringLiteral("p99Ms"), *s.p99Ms};
    SqlTransaction transaction(m_store.db());
    if (Status begun = transaction.begin(); !begun)
        return begun;
    const QString at = AuditLog::formatTime(s.at);
    for (const auto &[name, value] : values) {
        QSqlQuery q(m_store.db());
        q.prepare(QStringLiteral("INSERT INTO metric_samples (metric, subject, at, value) VALUES (?, ?, ?, ?)"));
        q.addBindValue(QString(kPrefix + name));
        q.addBindValue(subject);
        q.addBindValue(at);
        q.addBindValue(value);
        if (!q.exec())
            return sqlError(tr("Could not save the log analysis for next week's comparison."), q.lastError());
    }
    return transaction.commit();
}

Result<std::optional<LogSnapshot>> LogHistory::previous(const QString &subject, const QDateTime &now, qint64 minAgeMs) const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT at, metric, value FROM metric_samples WHERE subject = ? AND metric LIKE 'logs.%' "
                             "AND at = (SELECT max(at) FROM metric_samples WHERE subject = ? AND metric = 'logs.requests' "
                             "AND at <= ?)"));
    q.addBindValue(subject);
    q.addBindValue(subject);
    q.addBindValue(AuditLog::formatTime(now.toUTC().addMSecs(-minAgeMs)));
    if (!q.exec())
        return sqlError(tr("Could not read last week's log analysis."), q.lastError());
    std::optional<LogSnapshot> found;
    while (q.next()) {
        if (!found) {
            found = LogSnapshot{};
            found->at = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs).toUTC();
        }
        const QString metric = q.value(1).toString().mid(kPrefix.size());
        const double v = q.value(2).toDouble();
        if (metric == QLatin1String("requests"))
            found->requests = v;
        else if (metric == QLatin1String("errorRatePercent"))
            found->errorRatePercent = v;
        else if (metric == QLatin1String("status401"))
            found->status401 = v;
        else if (metric == QLatin1String("status403"))
            found->status403 = v;
        else if (metric == QLatin1String("p50Ms"))
            found->p50Ms = v;
        else if (metric == QLatin1String("p95Ms"))
            found->p95Ms = v;
        else if (metric == QLatin1String("p99Ms"))
            found->p99Ms = v;
    }
    return found;
}

} // namespace opsdeck
