#pragma once

#include "core/job.h"
#include "secrets/secretstore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>

namespace opsdeck {

// The key that signs the audit trail (see AuditLog): OPSDECK_AUDIT_KEY when set (cron without a
// Secret Service), else the keychain's "audit-key", made on first use. Loading never fails: without
// a key the trail is still written, each entry marked as unsigned, and `problem` says why.
struct AuditKey {
    Q_DECLARE_TR_FUNCTIONS(AuditKey)

public:
    static constexpr const char *kEnvironmentVariable = "OPSDECK_AUDIT_KEY";
    static SecretRef keychainRef();

    QByteArray key;   // raw bytes; empty when there is none
    QString source;   // "environment" or "keychain"; empty when there is no key
    QString problem;  // for people: why entries are not signed

    // From the environment variable's value: at least 32 characters (base64 of 32 random bytes, as
    // `openssl rand -base64 32` makes); an error naming the variable otherwise.
    static Result<QByteArray> fromText(const QString &text);
    static QByteArray generate();  // base64 of 32 random bytes
};

Job<AuditKey> *loadAuditKey(SecretStore &secrets, const QProcessEnvironment &env, QObject *parent = nullptr);

} // namespace opsdeck
