#pragma once

#include "core/job.h"
#include "secrets/credentials.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>
#include <optional>

namespace opsdeck {

class CredentialResolver;
class ProviderClients;
class Session;

enum class CredentialLocation { Demo, Environment, Keychain, MissingFromKeychain, NotSet, KeychainUnavailable };

// Where one credential of the active profile is, how old it is and when it is due for rotation.
struct CredentialStatus {
    CredentialKind kind;
    CredentialLocation location = CredentialLocation::NotSet;
    QDateTime storedAt;  // keychain values only
    QDate due;           // storedAt + the kind's rotation period; invalid when not known
    // Whether a value is there to use (the demo's, the environment's or the keychain's).
    bool isSet() const
    {
        return location == CredentialLocation::Demo || location == CredentialLocation::Environment
               || location == CredentialLocation::Keychain;
    }
    int ageDays(const QDateTime &now) const { return storedAt.isValid() ? int(storedAt.daysTo(now)) : -1; }
};

struct CredentialList {
    QList<CredentialStatus> rows;
    std::optional<Error> keychainError;  // the keychain could not be read for at least one row
};

struct SecretPushOutcome {
    QString repo;
    QString secretName;
    bool created = false;
    QString keyId;
};

// The credentials of the active profile: list, set, delete and push to GitHub Actions, with one
// order for every front end: the audit entry is written first and nothing changes when it cannot
// be (fail closed); replacing a stored value needs the caller's explicit consent.
class CredentialsUseCase
{
public:
    CredentialsUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers);

    Job<CredentialList> *list(QObject *owner);

    // Whether the keychain holds a value for name (a keychain failure is an error, not "no").
    Job<bool> *isStored(const QString &name, QObject *owner);

    // Stores value under name. A stored value is replaced only when replace is true, otherwise a
    // Conflict error. Returns whether a value was replaced. `via` ("gui", "cli") and auditDetail go
    // into the audit entry (never the value).
    Job<bool> *set(const QString &name, const QByteArray &value, bool replace, const QString &via,
             const QJsonObject &auditDetail, QObject *owner);

    Job<void> *remove(const QString &name, const QString &via, QObject *owner);

    // Seals the credential's current value (keychain or environment) for GitHub Actions and sets it as
    // secretName in repo (owner/name); a failed push is audited as such.
    Job<SecretPushOutcome> *push(const QString &name, const QString &repo, const QString &secretName, QObject *owner);

    // Checks the credential's current value (demo, environment or keychain) with a live, read-only
    // call to its provider (credentialprobe.h); the database password by a fresh connection. The value
    // says what answered ("GitHub accepted the token (user octocat)"); a refusal keeps the provider's
    // error kind, with the provider named. Nothing is changed or audited.
    Job<QString> *test(const QString &name, QObject *owner);

    // The Actions secret a credential is pushed as by default (its first environment variable).
    static QString defaultSecretName(const QString &name);

private:
    Session &m_session;
    CredentialResolver &m_resolver;
    ProviderClients &m_providers;
};

} // namespace opsdeck
