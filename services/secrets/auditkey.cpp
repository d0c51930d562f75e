#include "secrets/auditkey.h"

#include <sodium.h>

namespace opsdeck {

SecretRef AuditKey::keychainRef()
{
    // Not a profile's credential: one trail per data file, signed by one key per user.
    return SecretRef{QStringLiteral("opsdeck"), QStringLiteral("audit-key")};
}

Result<QByteArray> AuditKey::fromText(const QString &text)
{
    const QByteArray value = text.trimmed().toUtf8();
    if (value.size() < 32)
        return makeError(ErrorKind::Config,
                         tr("%1 is too short to sign the audit trail: use at least 32 characters, for example the "
                            "output of `openssl rand -base64 32`.")
                             .arg(QLatin1String(kEnvironmentVariable)));
    return value;
}

QByteArray AuditKey::generate()
{
    QByteArray raw(32, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QByteArray text = raw.toBase64();
    sodium_memzero(raw.data(), size_t(raw.size()));
    return text;
}

Job<AuditKey> *loadAuditKey(SecretStore &secrets, const QProcessEnvironment &env, QObject *parent)
{
    auto *job = new Job<AuditKey>(parent);
    const QString fromEnvironment = env.value(QLatin1String(AuditKey::kEnvironmentVariable));
    if (!fromEnvironment.isEmpty()) {
        AuditKey found;
        auto key = AuditKey::fromText(fromEnvironment);
        if (key) {
            found.key = key.value();
            found.source = QStringLiteral("environment");
        } else {
            found.problem = key.error().message;
        }
        job->finish(found);
        return job;
    }
    secrets.read(AuditKey::keychainRef(), job, [job, &secrets](const Result<QByteArray> &read) {
        if (read) {
            AuditKey found;
            auto key = AuditKey::fromText(QString::fromUtf8(read.value()));
            if (key) {
                found.key = key.value();
                found.source = QStringLiteral("keychain");
            } else {
                found.problem = AuditKey::tr("The audit key in the keychain is damaged: %1").arg(key.error().message);
            }
            job->finish(found);
            return;
        }
        if (read.error().kind != ErrorKind::NotFound) {
            AuditKey none;
            none.problem = AuditKey::tr("The keychain could not give the audit key (%1); new entries are not signed.")
                               .arg(read.error().message);
            job->finish(none);
            return;
        }
        // First use: a new key, kept in the keychain. Entries written before it stay unsigned.
        const QByteArray made = AuditKey::generate();
        secrets.write(AuditKey::keychainRef(), made, job, [job, made](const Status &written) {
            AuditKey result;
            if (written) {
                result.key = made;
                result.source = QStringLiteral("keychain");
            } else {
                result.problem = AuditKey::tr("The audit key could not be stored in the keychain (%1); new entries "
                                              "are not signed.")
                                     .arg(written.error().message);
            }
            job->finish(result);
        });
    });
    return job;
}

} // namespace opsdeck
