#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace opsdeck {

// Where a PostgreSQL database is, parsed from DATABASE_URL (postgres[ql]://user@host:port/db?sslmode=...).
// The password is never part of the URL OpsDeck keeps: it comes from the keychain or the environment
// and is handed to libpq in-process (QPSQL) or to pg_dump/psql through a temporary 0600 PGPASSFILE.
struct PgConnectionInfo {
    Q_DECLARE_TR_FUNCTIONS(PgConnectionInfo)

public:
    QString host = QStringLiteral("localhost");  // a host name, an IP address or a socket folder (/...)
    int port = 5432;
    QString user;
    QString database;
    QString sslMode;    // empty: libpq's default
    // The URL's sslrootcert, sslcert, sslkey and sslcrl (file paths), empty when not given.
    QString sslRootCert;
    QString sslCert;
    QString sslKey;
    QString sslCrl;
    QByteArray password;  // secret: never logged, never in argv

    static Result<PgConnectionInfo> fromUrl(const QString &url);
    Status validate() const;  // every field is safe to pass to libpq and the pg_* tools
    QString displayUrl() const;  // without the password
    PgConnectionInfo withDatabase(const QString &name) const;
    static QString withoutSecret(const QString &url);

    // "--host=H --port=P --username=U --dbname=D" as separate arguments (never a connection string).
    QStringList toolArguments() const;
    // libpq connect options for QPSQL ("sslmode=...;connect_timeout=10;application_name=OpsDeck").
    QString qsqlConnectOptions() const;
    // The same TLS settings for pg_dump, pg_restore and psql (PGSSLMODE, PGSSLROOTCERT, ...): a child
    // connects exactly as the in-process connection does, never with libpq's "prefer" fallback.
    void applyTls(QProcessEnvironment &env) const;
};

// A PostgreSQL database, role or table name OpsDeck accepts on a command line: a plain identifier
// (letters, digits, _, $ and inner -), at most 63 bytes. Rejects "-h evil", "host=evil dbname=prod",
// "db; rm -rf ~" and anything else a tool could read as an option or a connection string.
bool isSafeIdentifier(const QString &name);
// A table name, optionally schema-qualified ("public.orders"), each part a safe identifier.
bool isSafeTableName(const QString &name);
// The identifier double-quoted for SQL ("Orders" -> "\"Orders\""), schema-qualified names part by part.
QString quoteIdentifier(const QString &name);

// A temporary PGPASSFILE (mode 0600, removed with this object) and the child environment that uses it:
// PGPASSFILE set, PGPASSWORD and any other PG* connection variables removed.
class PgPassFile
{
    Q_DECLARE_TR_FUNCTIONS(PgPassFile)

public:
    PgPassFile() = default;
    ~PgPassFile();
    Q_DISABLE_COPY_MOVE(PgPassFile)

    Status create(const PgConnectionInfo &info);
    QString path() const { return m_path; }
    QProcessEnvironment environment(const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment()) const;

private:
    QString m_dir;
    QString m_path;
};

} // namespace opsdeck
