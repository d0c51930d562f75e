#include "usecases/credentialsusecase.h"

#include "core/clock.h"
#include "providers/github/githubclient.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"
#include "database/pgconnectioninfo.h"
#include "usecases/credentialprobe.h"
#include "usecases/credentialresolver.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("CredentialsUseCase", s); }

Error notAudited(const Error &e, const QString &what)
{
    return makeError(e.kind, what + QStringLiteral(": ") + e.message, e.detail);
}
} // namespace

CredentialsUseCase::CredentialsUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers)
    : m_session(session), m_resolver(resolver), m_providers(providers)
{
}

Job<CredentialList> *CredentialsUseCase::list(QObject *owner)
{
    auto *job = new Job<CredentialList>(owner);
    const auto done = [job](CredentialList r) { job->finish(std::move(r)); };
    struct State {
        CredentialList list;
        int pending = 0;
    };
    auto state = std::make_shared<State>();
    const QList<CredentialKind> &kinds = credentialKinds();
    state->pending = int(kinds.size());
    for (const CredentialKind &kind : kinds)
        state->list.rows.append(CredentialStatus{kind, CredentialLocation::NotSet, {}, {}});
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString profile = m_session.profileKey();
    for (int i = 0; i < kinds.size(); ++i) {
        const CredentialKind kind = kinds[i];
        auto fill = [state, i, done](CredentialLocation where, const QDateTime &storedAt) {
            CredentialStatus &row = state->list.rows[i];
            row.location = where;
            row.storedAt = storedAt;
            if (storedAt.isValid() && row.kind.rotateEveryDays > 0)
                row.due = storedAt.addDays(row.kind.rotateEveryDays).date();
            if (--state->pending == 0)
                done(state->list);
        };
        if (!m_session.demoCredential(kind.name).isEmpty()) {
            fill(CredentialLocation::Demo, {});
            continue;
        }
        if (credentialFromEnvironment(kind, env)) {
            fill(CredentialLocation::Environment, {});
            continue;
        }
        SecretIndex &index = m_session.secretIndex();
        m_session.secrets().read({profile, kind.name}, job,
                                 [state, fill, &index, profile, name = kind.name](const Result<QByteArray> &r) {
            if (r.ok())
                fill(CredentialLocation::Keychain, index.storedAt(profile, name));
            else if (r.error().kind == ErrorKind::NotFound)
                fill(index.isRecorded(profile, name) ? CredentialLocation::MissingFromKeychain : CredentialLocation::NotSet, {});
            else {
                state->list.keychainError = r.error();
                fill(CredentialLocation::KeychainUnavailable, {});
            }
        });
    }
    return job;
}

Job<bool> *CredentialsUseCase::isStored(const QString &name, QObject *owner)
{
    auto *job = new Job<bool>(owner);
    const auto done = [job](Result<bool> r) { job->finish(std::move(r)); };
    m_session.secrets().read({m_session.profileKey(), name}, job, [done](const Result<QByteArray> &r) {
        if (r.ok())
            return done(true);
        if (r.error().kind == ErrorKind::NotFound)
            return done(false);
        done(r.error());
    });
    return job;
}

Job<bool> *CredentialsUseCase::set(const QString &name, const QByteArray &value, bool replace, const QString &via,
                                   const QJsonObject &auditDetail, QObject *owner)
{
    auto *job = new Job<bool>(owner);
    const auto done = [job](Result<bool> r) { job->finish(std::move(r)); };
    const auto kind = findCredentialKind(name);
    if (!kind) {
        done(makeError(ErrorKind::Config, tr("Unknown credential \"%1\"").arg(name)));
        return job;
    }
    if (value.isEmpty()) {
        done(makeError(ErrorKind::Config, tr("No value for %1").arg(name)));
        return job;
    }
    const SecretRef ref{m_session.profileKey(), name};
    Session &session = m_session;
    const QString label = kind->label;
    isStored(name, job)->onFinished(job, [&session, ref, value, replace, via, auditDetail, label, job, done](const Result<bool> &stored) {
        if (!stored)
            return done(stored.error());
        const bool replacing = stored.value();
        if (replacing && !replace)
            return done(makeError(ErrorKind::Conflict,
                                  tr("%1 is already stored for profile %2; replacing it needs confirmation").arg(ref.name, ref.profile)));
        QJsonObject details = auditDetail;
        details.insert(QStringLiteral("credential"), label);
        if (!via.isEmpty())
            details.insert(QStringLiteral("via"), via);
        // Fail closed: no audit entry, no change.
        auto audit = session.audit().append(replacing ? QStringLiteral("secret.replace") : QStringLiteral("secret.set"),
                                            ref.key(), details);
        if (!audit)
            return done(notAudited(audit.error(), tr("%1 not stored").arg(ref.name)));
        session.secrets().write(ref, value, job, [&session, ref, replacing, done](const Status &s) {
            if (!s)
                return done(s.error());
            session.secretIndex().recordStored(ref.profile, ref.name, session.clock().nowUtc(), QStringLiteral("secret-service"));
            done(replacing);
        });
    });
    return job;
}

Job<void> *CredentialsUseCase::remove(const QString &name, const QString &via, QObject *owner)
{
    auto *job = new Job<void>(owner);
    const auto done = [job](Result<void> r) { job->finish(std::move(r)); };
    if (!findCredentialKind(name)) {
        done(makeError(ErrorKind::Config, tr("Unknown credential \"%1\"").arg(name)));
        return job;
    }
    const SecretRef ref{m_session.profileKey(), name};
    auto audit = m_session.audit().append(QStringLiteral("secret.delete"), ref.key(), QJsonObject{{QStringLiteral("via"), via}});
    if (!audit) {
        done(notAudited(audit.error(), tr("%1 not deleted").arg(ref.name)));
        return job;
    }
    Session &session = m_session;
    m_session.secrets().remove(ref, job, [&session, ref, done](const Status &s) {
        if (!s)
            return done(s);
        session.secretIndex().recordRemoved(ref.profile, ref.name);
        done({});
    });
    return job;
}

Job<SecretPushOutcome> *CredentialsUseCase::push(const QString &name, const QString &repo, const QString &secretName, QObject *owner)
{
    auto *job = new Job<SecretPushOutcome>(owner);
    const auto done = [job](Result<SecretPushOutcome> r) { job->finish(std::move(r)); };
    if (!findCredentialKind(name)) {
        done(makeError(ErrorKind::Config, tr("Unknown credential \"%1\"").arg(name)));
        return job;
    }
    Session &session = m_session;
    ProviderClients &providers = m_providers;
    m_resolver.credential(name, job)->onFinished(job, [&session, &providers, name, repo, secretName, job, done](const Result<QByteArray> &value) {
        if (!value)
            return done(value.error());
        providers.githubFor(repo, job)->onFinished(job, [&session, value, name, repo, secretName, job, done](const Result<GithubClient *> &client) {
            if (!client)
                return done(client.error());
            const QString target = repo + QLatin1Char('/') + secretName;
            auto audit = session.audit().append(QStringLiteral("secret.push"), target, QJsonObject{{QStringLiteral("credential"), name}});
            if (!audit)
                return done(notAudited(audit.error(), tr("%1 not pushed").arg(secretName)));
            client.value()->putSecret(secretName, value.value())
                ->onFinished(job, [&session, target, repo, secretName, done](const Result<SecretWriteResult> &r) {
                    if (!r) {
                        (void)session.audit().append(QStringLiteral("secret.push.failed"), target,
                                                     QJsonObject{{QStringLiteral("error"), r.error().message}});
                        return done(r.error());
                    }
                    done(SecretPushOutcome{repo, secretName, r->created, r->keyId});
                });
        });
    });
    return job;
}

QString CredentialsUseCase::defaultSecretName(const QString &name)
{
    const auto kind = findCredentialKind(name);
    if (kind && !kind->envVars.isEmpty() && kind->envVars.first() != QLatin1String("DATABASE_URL"))
        return kind->envVars.first();
    return name.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

Job<QString> *CredentialsUseCase::test(const QString &name, QObject *owner)
{
    const CredentialProbeSubject who = probeSubject(name);
    const auto said = [who](const Result<QString> &r) -> Result<QString> {
        if (!r)
            return makeError(r.error().kind, tr("%1 refused the %2: %3").arg(who.provider, who.noun, r.error().message),
                             r.error().detail);
        return tr("%1 accepted the %2 (%3)").arg(who.provider, who.noun, r.value());
    };
    if (!isProbeable(name))
        return Job<QString>::done(makeError(ErrorKind::Config, tr("%1 cannot be checked with a live call: a backup "
                                                                  "to S3 or a restore test proves it")
                                                                   .arg(findCredentialKind(name) ? findCredentialKind(name)->label : name)),
                                  owner);
    if (name == QLatin1String("database-password")) {
        return then<QString>(m_resolver.database({}, owner), [said](const Result<PgConnectionInfo> &info) -> Job<QString> * {
            if (!info)
                return Job<QString>::done(info.error());
            return then<QString>(probeDatabase(info.value(), nullptr), said);
        }, owner);
    }
    Session &session = m_session;
    const Profile profile = m_session.profile();
    return then<QString>(m_resolver.credential(name, owner), [&session, profile, name, said](const Result<QByteArray> &value) -> Job<QString> * {
        if (!value)
            return Job<QString>::done(value.error());
        return then<QString>(probeCredential(session, profile, name, QString::fromUtf8(value.value()), nullptr), said);
    }, owner);
}

} // namespace opsdeck
