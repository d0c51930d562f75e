#include "database/pgconnectioninfo.h"

#include "config/profile.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

namespace opsdeck {

namespace {

// libpq's .pgpass escapes ':' and '\' with a backslash.
QByteArray escapePassField(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size() + 4);
    for (char c : value) {
        if (c == ':' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

bool isSafeHost(const QString &host)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,252}$"));
    static const QRegularExpression socketDir(QStringLiteral("^/[A-Za-z0-9_./-]{0,250}$"));
    return name.match(host).hasMatch() || (socketDir.match(host).hasMatch() && !host.contains(QLatin1String("..")));
}

} // namespace

bool isSafeIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$-]{0,62}$"));
    return re.match(name).hasMatch();
}

bool isSafeTableName(const QString &name)
{
    const QStringList parts = name.split(QLatin1Char('.'));
    if (parts.size() > 2)
        return false;
    for (const QString &p : parts)
        if (!isSafeIdentifier(p))
            return false;
    return true;
}

QString quoteIdentifier(const QString &name)
{
    QStringList parts = name.split(QLatin1Char('.'));
    for (QString &p : parts)
        p = QLatin1Char('"') + QString(p).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return parts.join(QLatin1Char('.'));
}

Result<PgConnectionInfo> PgConnectionInfo::fromUrl(const QString &url)
{
    if (url.trimmed().isEmpty())
        return makeError(ErrorKind::Config, tr("No database configured: set DATABASE_URL or the profile's database URL"));
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    if (!u.isValid() || (u.scheme() != QLatin1String("postgres") && u.scheme() != QLatin1String("postgresql")))
        return makeError(ErrorKind::Config,
                         tr("The database URL must look like postgresql://user@host:5432/dbname"), withoutSecret(url));
    PgConnectionInfo info;
    if (!u.host().isEmpty())
        info.host = u.host();
    info.port = u.port(5432);
    info.user = u.userName();
    info.database = u.path().mid(1);
    info.password = u.password().toUtf8();
    const QUrlQuery query(u);
    if (query.hasQueryItem(QStringLiteral("host")))  // socket folder: postgresql:///db?host=/run/postgresql
        info.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    info.sslMode = query.queryItemValue(QStringLiteral("sslmode"));
    info.sslRootCert = query.queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded);
    info.sslCert = query.queryItemValue(QStringLiteral("sslcert"), QUrl::FullyDecoded);
    info.sslKey = query.queryItemValue(QStringLiteral("sslkey"), QUrl::FullyDecoded);
    info.sslCrl = query.queryItemValue(QStringLiteral("sslcrl"), QUrl::FullyDecoded);
    if (info.user.isEmpty())
        info.user = QStringLiteral("postgres");
    if (info.database.isEmpty())
        info.database = info.user;
    if (Status s = info.validate(); !s)
        return s.error();
    return info;
}

QString PgConnectionInfo::withoutSecret(const QString &url)
{
    return withoutPassword(url);  // by hand: also when QUrl cannot parse the URL
}

Status PgConnectionInfo::validate() const
{
    if (!isSafeHost(host))
        return makeError(ErrorKind::Config, tr("Invalid database host \"%1\"").arg(host));
    if (port <= 0 || port > 65535)
        return makeError(ErrorKind::Config, tr("Invalid database port %1").arg(port));
    if (!isSafeIdentifier(user))
        return makeError(ErrorKind::Config, tr("Invalid database user \"%1\": use letters, digits and _").arg(user));
    if (!isSafeIdentifier(database))
        return makeError(ErrorKind::Config,
                         tr("Invalid database name \"%1\": use letters, digits and _ (no spaces, '=' or leading '-')")
                             .arg(database));
    static const QStringList sslModes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                                      QStringLiteral("require"), QStringLiteral("verify-ca"),
                                      QStringLiteral("verify-full")};
    if (!sslMode.isEmpty() && !sslModes.contains(sslMode))
        return makeError(ErrorKind::Config, tr("Invalid sslmode \"%1\"").arg(sslMode));
    // File paths only: a ';' or a space would end the option in QPSQL's connect string.
    for (const QString &path : {sslRootCert, sslCert, sslKey, sslCrl})
        if (!path.isEmpty() && (path.contains(QLatin1Char(';')) || path.contains(QLatin1Char(' '))
                                || path.contains(QLatin1Char('\'')) || path.contains(QLatin1Char('\n'))))
            return makeError(ErrorKind::Config, tr("Invalid TLS file path \"%1\" in the database URL").arg(path));
    return {};
}

QString PgConnectionInfo::displayUrl() const
{
    QString hostPart = host.startsWith(QLatin1Char('/')) ? QString() : host + QLatin1Char(':') + QString::number(port);
    QString s = QStringLiteral("postgresql://") + user + QLatin1Char('@') + hostPart + QLatin1Char('/') + database;
    if (host.startsWith(QLatin1Char('/')))
        s += QStringLiteral("?host=") + host;
    return s;
}

PgConnectionInfo PgConnectionInfo::withDatabase(const QString &name) const
{
    PgConnectionInfo copy = *this;
    copy.database = name;
    return copy;
}

QStringList PgConnectionInfo::toolArguments() const
{
    // The --name=value form: a value can never be read as another option.
    return {QStringLiteral("--host=") + host, QStringLiteral("--port=") + QString::number(port),
            QStringLiteral("--username=") + user, QStringLiteral("--dbname=") + database};
}

QString PgConnectionInfo::qsqlConnectOptions() const
{
    QStringList o{QStringLiteral("connect_timeout=10"), QStringLiteral("application_name=OpsDeck")};
    if (!sslMode.isEmpty())
        o << QStringLiteral("sslmode=") + sslMode;
    if (!sslRootCert.isEmpty())
        o << QStringLiteral("sslrootcert=") + sslRootCert;
    if (!sslCert.isEmpty())
        o << QStringLiteral("sslcert=") + sslCert;
    if (!sslKey.isEmpty())
        o << QStringLiteral("sslkey=") + sslKey;
    if (!sslCrl.isEmpty())
        o << QStringLiteral("sslcrl=") + sslCrl;
    return o.join(QLatin1Char(';'));
}

void PgConnectionInfo::applyTls(QProcessEnvironment &env) const
{
    const std::pair<const char *, const QString *> settings[] = {
        {"PGSSLMODE", &sslMode}, {"PGSSLROOTCERT", &sslRootCert}, {"PGSSLCERT", &sslCert},
        {"PGSSLKEY", &sslKey}, {"PGSSLCRL", &sslCrl}};
    for (const auto &[name, value] : settings)
        if (!value->isEmpty())
            env.insert(QString::fromLatin1(name), *value);
}

PgPassFile::~PgPassFile()
{
    if (!m_path.isEmpty())
        QFile::remove(m_path);
    if (!m_dir.isEmpty())
        QDir(m_dir).removeRecursively();
}

Status PgPassFile::create(const PgConnectionInfo &info)
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/opsdeck-pgpass-XXXXXX"));  // 0700
    if (!dir.isValid())
        return makeError(ErrorKind::Io, tr("Cannot create a temporary folder for the database password"));
    dir.setAutoRemove(false);
    m_dir = dir.path();
    m_path = m_dir + QStringLiteral("/pgpass");
    QFile f(m_path);
    // Create with 0600 before any byte is written.
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(ErrorKind::Io, tr("Cannot create the temporary password file"), f.errorString());
    const QByteArray line = QByteArrayLiteral("*:*:*:*:") + escapePassField(info.password) + '\n';
    if (f.write(line) != line.size() || !f.flush())
        return makeError(ErrorKind::Io, tr("Cannot write the temporary password file"), f.errorString());
    return {};
}

QProcessEnvironment PgPassFile::environment(const QProcessEnvironment &base) const
{
    QProcessEnvironment env = base;
    // The arguments say where to connect; nothing in the environment may redirect the tool.
    for (const char *name : {"PGPASSWORD", "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE",
                             "PGSERVICEFILE", "PGOPTIONS"})
        env.remove(QString::fromLatin1(name));
    if (!m_path.isEmpty())  // without a password of ours, the user's own ~/.pgpass (or PGPASSFILE) still works
        env.insert(QStringLiteral("PGPASSFILE"), m_path);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    return env;
}

} // namespace opsdeck
