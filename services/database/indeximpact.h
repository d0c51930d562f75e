#pragma once

#include "core/result.h"
#include "database/maintenance.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace opsdeck {

struct AuditEntry;

// An index built through OpsDeck, as its audit entry recorded it: with the "before" of the statements
// it was built for.
struct BuiltIndex {
    QString index;
    QString target;  // "<database>.<table>"
    QDateTime at;
    QList<StatementTiming> before;
    QString database() const { return target.section(QLatin1Char('.'), 0, 0); }
};

// Before and since for every index built on one database (db index-impact, "Indexes built here").
class IndexImpact
{
    Q_DECLARE_TR_FUNCTIONS(IndexImpact)

public:
    // The successful db.create_index outcomes among `entries`, newest first; `onlyIndex` filters by name.
    static QList<BuiltIndex> fromAudit(const QList<AuditEntry> &entries, const QString &onlyIndex = {});
    // Keeps those of the connected database and compares their statements now with before. Run it in
    // PgSession::run(); the result lists, per kept index, one effect per statement.
    static Result<QList<std::pair<BuiltIndex, QList<IndexEffect>>>> measure(QSqlDatabase &db, const QList<BuiltIndex> &built);
};

} // namespace opsdeck
