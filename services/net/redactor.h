#pragma once

#include <QByteArray>
#include <QList>
#include <QReadWriteLock>
#include <QString>

namespace opsdeck {

// Masks credentials in text bound for logs, errors and exports: values of credential
// headers, token-like query parameters, URL user info passwords (user:pass@), JWTs, AWS access key
// ids (AKIA/ASIA...), known token prefixes and every registered secret.
// Thread-safe; one process-wide instance collects the secrets the app knows about.
class Redactor
{
public:
    Redactor() = default;
    Q_DISABLE_COPY_MOVE(Redactor)

    static Redactor &global();
    static QString mask() { return QStringLiteral("***"); }

    // Values shorter than 4 characters are ignored (they would mask ordinary words).
    // A value like "Bearer x" also registers "x"; the percent-encoded form is registered too.
    void addSecret(const QByteArray &secret);
    void clearSecrets();
    int secretCount() const;

    QString redact(const QString &text) const;
    QByteArray redact(const QByteArray &text) const;

    // Authorization, Proxy-Authorization, x-api-key, Cookie, Set-Cookie...
    static bool isSensitiveHeader(QByteArrayView name);

private:
    mutable QReadWriteLock m_lock;
    QList<QString> m_secrets;  // longest first
};

} // namespace opsdeck
