#pragma once

#include "backups/backupservice.h"
#include "backups/restoredrill.h"
#include "core/job.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace opsdeck {

class CredentialResolver;
class CredentialsUseCase;
class Session;

// What a front end may change of the profile's backup settings for one action.
struct BackupOverrides {
    QString destination;  // empty: the profile's
    QString format;       // empty: plain
    bool encrypt = false; // on top of the profile's setting
    std::optional<RetentionPolicy> policy;
};

struct ResolvedBackup {
    BackupConfig config;  // with the AWS keys (S3) and the backup key when one is set
    QStringList warnings; // e.g. a keychain that could not be read while nothing needs the key
    // The key is unusable (malformed, or unreadable while the profile encrypts): the CLI refuses work
    // that needs it; the GUI shows it and lets the service name it on the action that needs it.
    std::optional<Error> keyProblem;
};

struct BackupKeyInfo {
    QString keyId;
    QString storedIn;  // "environment" | "keychain"
    QByteArray secret; // the key itself, for `backup key --show` only
    bool created = false;
};

// The profile's backups for the GUI and the CLI alike: the configuration from the profile and
// the overrides, the credentials it needs (AWS keys, the backup key), the database to dump, the
// restore test's records and the backup key's management.
class BackupsUseCase
{
public:
    BackupsUseCase(Session &session, CredentialResolver &resolver, CredentialsUseCase &credentials);

    BackupConfig config(const BackupOverrides &overrides = {}) const;

    // Resolves the credentials of config: an S3 destination without AWS keys is an error. With readKey,
    // the backup key too: a malformed key, or a keychain that cannot be read while config encrypts, is
    // the keyProblem; the keychain failing while nothing encrypts is a warning. A key that is simply not
    // set is no problem here: the backup service names it on the action that needs it.
    Job<ResolvedBackup> *resolve(const BackupConfig &config, bool readKey, QObject *owner);
    std::unique_ptr<BackupService> makeService(const BackupConfig &config, QObject *parent = nullptr) const;

    // The database to dump or restore into: url (empty: the profile's), password resolved.
    Job<PgConnectionInfo> *database(const QString &url, QObject *owner);

    DrillStatus drillStatus() const;
    std::optional<DrillReport> lastDrill() const;
    Status saveDrill(const DrillReport &report);

    // The backup key in use (environment first, then the keychain); NotFound when none is set.
    Job<BackupKeyInfo> *backupKey(QObject *owner);
    // A new random key in the keychain. Replacing one needs replace = true (backups encrypted with the
    // old key cannot be read without it); refused while OPSDECK_BACKUP_KEY overrides the keychain.
    Job<BackupKeyInfo> *generateKey(bool replace, const QString &via, QObject *owner);

private:
    Session &m_session;
    CredentialResolver &m_resolver;
    CredentialsUseCase &m_credentials;
};

} // namespace opsdeck
