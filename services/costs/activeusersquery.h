#pragma once

#include "core/result.h"

#include <QDate>
#include <QString>

class QSqlDatabase;

namespace opsdeck {

// Cost per 100 users needs the month's active users. Besides typing them in, a profile may hold a SQL
// query on the product database that counts them, e.g.
//   SELECT count(DISTINCT user_id) FROM sessions WHERE seen_at >= {month_start} AND seen_at < {month_end}
// {month_start} and {month_end} become the month's first day and the next month's first day as date
// literals. The query must be exactly one statement: it is sent with the extended protocol (see
// database/pgsinglestatement.h), which refuses "SELECT 1; COMMIT; DELETE ...", and runs in a READ ONLY
// transaction with a statement timeout. It must return one row whose first column is a whole number >= 0.
namespace activeusers {

QString expand(const QString &sql, QDate month);

// Blocking: run it on the connection's worker thread (PgSession::run).
Result<qint64> count(QSqlDatabase &db, const QString &sql, QDate month, int timeoutMs = 30'000);

} // namespace activeusers
} // namespace opsdeck
