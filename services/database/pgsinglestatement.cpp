#include "database/pgsinglestatement.h"

#include <QLibrary>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

extern "C" {
struct pg_conn;
struct pg_result;
}

namespace opsdeck {

namespace {

// libpq's stable C ABI (soname libpq.so.5, the library the QPSQL driver itself is linked with), resolved
// at run time so that building OpsDeck needs no libpq headers.
constexpr int kCommandOk = 1;   // PGRES_COMMAND_OK
constexpr int kTuplesOk = 2;    // PGRES_TUPLES_OK
constexpr int kDiagSqlState = 'C';         // PG_DIAG_SQLSTATE
constexpr int kDiagMessagePrimary = 'M';   // PG_DIAG_MESSAGE_PRIMARY

struct LibPq {
    using ExecParams = pg_result *(*)(pg_conn *, const char *, int, const unsigned int *, const char *const *,
                                      const int *, const int *, int);
    using ResultStatus = int (*)(const pg_result *);
    using ResultErrorField = char *(*)(const pg_result *, int);
    using Count = int (*)(const pg_result *);
    using GetValue = char *(*)(const pg_result *, int, int);
    using GetIsNull = int (*)(const pg_result *, int, int);
    using Clear = void (*)(pg_result *);
    using ErrorMessage = char *(*)(const pg_conn *);

    ExecParams execParams = nullptr;
    ResultStatus resultStatus = nullptr;
    ResultErrorField resultErrorField = nullptr;
    Count ntuples = nullptr;
    Count nfields = nullptr;
    GetValue getvalue = nullptr;
    GetIsNull getisnull = nullptr;
    Clear clear = nullptr;
    ErrorMessage errorMessage = nullptr;

    bool ok() const
    {
        return execParams && resultStatus && resultErrorField && ntuples && nfields && getvalue && getisnull && clear
            && errorMessage;
    }

    static const LibPq &instance()
    {
        static const LibPq pq = [] {
            LibPq p;
            QLibrary lib(QStringLiteral("pq"), 5);
            if (!lib.load())
                return p;
            // QFunctionPointer is void (*)(), which converts to any function pointer type.
            p.execParams = reinterpret_cast<ExecParams>(lib.resolve("PQexecParams"));
            p.resultStatus = reinterpret_cast<ResultStatus>(lib.resolve("PQresultStatus"));
            p.resultErrorField = reinterpret_cast<ResultErrorField>(lib.resolve("PQresultErrorField"));
            p.ntuples = reinterpret_cast<Count>(lib.resolve("PQntuples"));
            p.nfields = reinterpret_cast<Count>(lib.resolve("PQnfields"));
            p.getvalue = reinterpret_cast<GetValue>(lib.resolve("PQgetvalue"));
            p.getisnull = reinterpret_cast<GetIsNull>(lib.resolve("PQgetisnull"));
            p.clear = reinterpret_cast<Clear>(lib.resolve("PQclear"));
            p.errorMessage = reinterpret_cast<ErrorMessage>(lib.resolve("PQerrorMessage"));
            return p;  // the library stays loaded: QLibrary does not unload on destruction
        }();
        return pq;
    }
};

pg_conn *connectionOf(QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    // QPSQL hands out its PGconn pointer; Qt names the type after the struct ("pg_conn*").
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<pg_conn *const *>(handle.constData());
}

} // namespace

Result<PgTextResult> PgSingleStatement::exec(QSqlDatabase &db, const QString &sql, QString *sqlState)
{
    const LibPq &pq = LibPq::instance();
    if (!pq.ok())
        return makeError(ErrorKind::Config, tr("The PostgreSQL client library (libpq.so.5) could not be loaded"));
    pg_conn *conn = connectionOf(db);
    if (!conn)
        return makeError(ErrorKind::Internal, tr("Not an open PostgreSQL (QPSQL) connection"));
    const QByteArray text = sql.toUtf8();
    pg_result *result = pq.execParams(conn, text.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    if (!result)
        return makeError(ErrorKind::Network, tr("The database connection failed"),
                         QString::fromUtf8(pq.errorMessage(conn)).trimmed());
    const int status = pq.resultStatus(result);
    if (status != kCommandOk && status != kTuplesOk) {
        const char *state = pq.resultErrorField(result, kDiagSqlState);
        const char *primary = pq.resultErrorField(result, kDiagMessagePrimary);
        if (sqlState)
            *sqlState = state ? QString::fromLatin1(state) : QString();
        const QString message = primary ? QString::fromUtf8(primary) : QString::fromUtf8(pq.errorMessage(conn)).trimmed();
        pq.clear(result);
        return makeError(ErrorKind::External, tr("The database refused the statement"), message);
    }
    PgTextResult out;
    const int rows = pq.ntuples(result);
    const int columns = pq.nfields(result);
    for (int r = 0; r < rows; ++r) {
        QStringList row;
        for (int c = 0; c < columns; ++c)
            row << (pq.getisnull(result, r, c) ? QString() : QString::fromUtf8(pq.getvalue(result, r, c)));
        out.rows << row;
    }
    pq.clear(result);
    return out;
}

bool PgSingleStatement::isMultipleStatementsError(const Error &error, const QString &sqlState)
{
    // "cannot insert multiple commands into a prepared statement" (syntax_error); the text is the
    // server's, in English unless lc_messages says otherwise.
    return sqlState == QLatin1String("42601") && error.detail.contains(QLatin1String("multiple commands"));
}

} // namespace opsdeck
