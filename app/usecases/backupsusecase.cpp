#include "usecases/backupsusecase.h"

#include "core/clock.h"
#include "secrets/secretstore.h"
#include "usecases/credentialresolver.h"
#include "usecases/credentialsusecase.h"
#include "usecases/session.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("BackupsUseCase", s); }
const QString kKeyName = QStringLiteral("backup-encryption-key");
} // namespace

BackupsUseCase::BackupsUseCase(Session &session, CredentialResolver &resolver, CredentialsUseCase &credentials)
    : m_session(session), m_resolver(resolver), m_credentials(credentials)
{
}

BackupConfig BackupsUseCase::config(const BackupOverrides &overrides) const
{
    const Profile &p = m_session.profile();
    BackupConfig config;
    config.destination = overrides.destination.isEmpty() ? p.backupDest : overrides.destination;
    config.s3Endpoint = p.s3Endpoint;
    config.awsRegion = p.awsRegion;
    config.stagingFolder = m_session.dataDir() + QStringLiteral("/backup-staging");
    if (!overrides.format.isEmpty())
        config.format = overrides.format;
    config.policy = overrides.policy.value_or(RetentionPolicy::fromProfile(p.retention));
    config.encrypt = p.encryptBackups || overrides.encrypt;
    return config;
}

Job<ResolvedBackup> *BackupsUseCase::resolve(const BackupConfig &config, bool readKey, QObject *owner)
{
    auto *job = new Job<ResolvedBackup>(owner);
    const auto done = [job](Result<ResolvedBackup> r) { job->finish(std::move(r)); };
    CredentialResolver &resolver = m_resolver;
    auto withKey = [&resolver, readKey, job, done](const BackupConfig &c0) {
        if (!readKey)
            return done(ResolvedBackup{c0, {}, std::nullopt});
        resolver.credential(kKeyName, job)->onFinished(job, [c0, done](const Result<QByteArray> &secret) {
            ResolvedBackup resolved{c0, {}, std::nullopt};
            if (secret) {
                if (auto key = BackupKey::fromSecret(secret.value()))
                    resolved.config.key = key.value();
                else
                    resolved.keyProblem = key.error();
            } else if (secret.error().kind == ErrorKind::Config) {
                // Not set: the backup service names the missing key on the action that needs it.
            } else if (c0.encrypt) {
                resolved.keyProblem = secret.error();
            } else {
                resolved.warnings << tr("The backup key could not be read: %1").arg(secret.error().message);
            }
            done(resolved);
        });
    };
    if (!config.isS3()) {
        withKey(config);
        return job;
    }
    auto *keys = whenAll(job, resolver.credential(QStringLiteral("aws-access-key-id"), job),
                         resolver.credential(QStringLiteral("aws-secret-access-key"), job));
    keys->onFinished(job, [config, withKey, done](const Result<std::tuple<Result<QByteArray>, Result<QByteArray>>> &r) {
        const auto &[id, secret] = r.value();
        if (!id)
            return done(id.error());
        if (!secret)
            return done(secret.error());
        BackupConfig c = config;
        c.awsAccessKeyId = id.value();
        c.awsSecretAccessKey = secret.value();
        withKey(c);
    });
    return job;
}

std::unique_ptr<BackupService> BackupsUseCase::makeService(const BackupConfig &config, QObject *parent) const
{
    return std::make_unique<BackupService>(config, m_session.audit(), m_session.clock(), parent);
}

Job<PgConnectionInfo> *BackupsUseCase::database(const QString &url, QObject *owner)
{
    return m_resolver.database(url, owner);
}

DrillStatus BackupsUseCase::drillStatus() const
{
    return DrillRecords(m_session.store(), m_session.profile().name).status(m_session.clock().nowUtc());
}

std::optional<DrillReport> BackupsUseCase::lastDrill() const
{
    return DrillRecords(m_session.store(), m_session.profile().name).last();
}

Status BackupsUseCase::saveDrill(const DrillReport &report)
{
    return DrillRecords(m_session.store(), m_session.profile().name).save(report);
}

Job<BackupKeyInfo> *BackupsUseCase::backupKey(QObject *owner)
{
    return then<BackupKeyInfo>(
        m_resolver.credential(kKeyName, owner),
        [](const Result<QByteArray> &secret) -> Result<BackupKeyInfo> {
            if (!secret) {
                if (secret.error().kind == ErrorKind::Config)
                    return makeError(ErrorKind::NotFound, tr("No backup key is set"),
                                     tr("Make one with \"opsdeck-cli backup key --generate\"."));
                return secret.error();
            }
            auto key = BackupKey::fromSecret(secret.value());
            if (!key)
                return key.error();
            return BackupKeyInfo{key->id(),
                                 qEnvironmentVariableIsSet("OPSDECK_BACKUP_KEY") ? QStringLiteral("environment")
                                                                                 : QStringLiteral("keychain"),
                                 secret.value().trimmed(), false};
        },
        owner);
}

Job<BackupKeyInfo> *BackupsUseCase::generateKey(bool replace, const QString &via, QObject *owner)
{
    auto *job = new Job<BackupKeyInfo>(owner);
    const auto done = [job](Result<BackupKeyInfo> r) { job->finish(std::move(r)); };
    if (qEnvironmentVariableIsSet("OPSDECK_BACKUP_KEY")) {
        done(makeError(ErrorKind::Config, tr("OPSDECK_BACKUP_KEY is set and takes precedence over the keychain: a "
                                                    "key made now would not be used. Unset it first")));
        return job;
    }
    const SecretRef ref{m_session.profileKey(), kKeyName};
    CredentialsUseCase &credentials = m_credentials;
    m_session.secrets().read(ref, job, [&credentials, replace, via, job, done](const Result<QByteArray> &existing) {
        if (!existing.ok() && existing.error().kind != ErrorKind::NotFound)
            return done(existing.error());
        QString oldId;
        if (existing.ok())
            if (auto old = BackupKey::fromSecret(existing.value()))
                oldId = old->id();
        if (existing.ok() && !replace)
            return done(makeError(ErrorKind::Conflict,
                                  tr("A backup key is already set (%1); backups encrypted with it cannot be read without "
                                     "it. Keep a copy first")
                                      .arg(oldId.isEmpty() ? tr("unreadable") : oldId)));
        const QByteArray secret = BackupKey::generateSecret();
        if (secret.isEmpty())
            return done(makeError(ErrorKind::Internal, tr("Cannot generate a key (libsodium)")));
        const QString newId = BackupKey::fromSecret(secret)->id();
        const QJsonObject detail{{QStringLiteral("keyId"), newId},
                                 {QStringLiteral("replacedKeyId"), oldId.isEmpty() ? QJsonValue() : QJsonValue(oldId)}};
        credentials.set(kKeyName, secret, replace, via, detail, job)->onFinished(job, [secret, newId, done](const Result<bool> &r) {
            if (!r)
                return done(r.error());
            done(BackupKeyInfo{newId, QStringLiteral("keychain"), secret, true});
        });
    });
    return job;
}

} // namespace opsdeck
