#include "database/rolepassword.h"

#include "database/pgsession.h"
#include "database/pgsinglestatement.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QSqlDatabase>
#include <QUuid>

#include <sodium.h>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("RolePassword", s); }

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// A connection of its own name, removed when this goes away (after the last QSqlDatabase copy).
class ScopedConnection
{
public:
    explicit ScopedConnection(const QString &purpose)
        : m_name(QStringLiteral("opsdeck-role-password-") + purpose + QLatin1Char('-')
                 + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
    }
    ~ScopedConnection()
    {
        m_db = QSqlDatabase();
        if (QSqlDatabase::contains(m_name))
            QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(ScopedConnection)

    Status open(const PgConnectionInfo &info)
    {
        Result<QSqlDatabase> db = PgSession::open(info, m_name);
        if (!db)
            return db.error();
        m_db = db.value();
        return {};
    }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

Status setVerifier(QSqlDatabase &db, const QByteArray &password)
{
    QByteArray salt(16, '\0');
    randombytes_buf(salt.data(), size_t(salt.size()));
    // The verifier is base64 and '$', ':' and digits only: nothing to escape in the literal.
    const QString sql = QStringLiteral("ALTER ROLE CURRENT_USER PASSWORD '%1'").arg(scramSha256Verifier(password, salt));
    Result<PgTextResult> r = PgSingleStatement::exec(db, sql);
    if (!r)
        return r.error();
    return {};
}
} // namespace

QString scramSha256Verifier(const QByteArray &password, const QByteArray &salt, int iterations)
{
    const QByteArray salted = QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, iterations, 32);
    const QByteArray clientKey = hmac(salted, QByteArrayLiteral("Client Key"));
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = hmac(salted, QByteArrayLiteral("Server Key"));
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

QByteArray generateDatabasePassword()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    QByteArray out;
    for (int i = 0; i < 32; ++i)
        out.append(alphabet[randombytes_uniform(sizeof alphabet - 1)]);
    return out;
}

Result<QString> changeRolePassword(const PgConnectionInfo &current, const QByteArray &newPassword)
{
    if (newPassword.size() < 12)
        return makeError(ErrorKind::Config, tr("A new database password has at least 12 characters."));
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    ScopedConnection session(QStringLiteral("alter"));
    if (Status s = session.open(current); !s)
        return makeError(s.error().kind, tr("Cannot connect with the current password: %1").arg(s.error().message));
    Result<PgTextResult> who = PgSingleStatement::exec(session.db(), QStringLiteral("SELECT current_user"));
    if (!who || who->rows.isEmpty() || who->rows.first().isEmpty())
        return makeError(ErrorKind::External, tr("Cannot tell which role the connection uses: %1")
                                                  .arg(who ? QString() : who.error().message));
    const QString role = who->rows.first().first();
    if (Status s = setVerifier(session.db(), newPassword); !s)
        return makeError(s.error().kind, tr("ALTER ROLE %1 was refused; the password is unchanged: %2").arg(role, s.error().message));

    PgConnectionInfo fresh = current;
    fresh.password = newPassword;
    ScopedConnection proof(QStringLiteral("proof"));
    const Status proved = proof.open(fresh);
    if (proved)
        return role;
    // The server took the new password but a new connection cannot use it (pg_hba.conf, a pooler...):
    // put the old one back so nothing that works today stops working.
    if (current.password.isEmpty())
        return makeError(ErrorKind::External,
                         tr("The new password of %1 was set, but a fresh connection with it failed (%2); the old password "
                            "was not known, so it could not be put back")
                             .arg(role, proved.error().message));
    if (Status back = setVerifier(session.db(), current.password); !back)
        return makeError(ErrorKind::External,
                         tr("A fresh connection with the new password of %1 failed (%2), and putting the old password back "
                            "failed too (%3): the role's password is now the new one")
                             .arg(role, proved.error().message, back.error().message));
    return makeError(ErrorKind::External, tr("A fresh connection with the new password of %1 failed (%2); the old password "
                                             "was put back, nothing changed")
                                              .arg(role, proved.error().message));
}

} // namespace opsdeck
