#include "usecases/rotationusecase.h"

#include "core/clock.h"
#include "database/pgconnectioninfo.h"
#include "database/rolepassword.h"
#include "net/redactor.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/github/githubrequests.h"
#include "providers/openai/openaiclient.h"
#include "secrets/credentials.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"
#include "usecases/credentialprobe.h"
#include "usecases/credentialresolver.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QThreadPool>
#include <QUrl>

#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("RotationUseCase", s); }

const QString kValidate = QStringLiteral("validate");
const QString kStore = QStringLiteral("store");
const QString kPush = QStringLiteral("push");
const QString kRetire = QStringLiteral("retire");
const QString kAudit = QStringLiteral("audit");

QString openaiProjectOf(const Profile &p)
{
    const QString env = qEnvironmentVariable("OPSDECK_OPENAI_PROJECT");
    return env.isEmpty() ? p.openaiProject : env;
}

QString validationText(const QString &credential, const Profile &p)
{
    if (credential == QLatin1String("github-token"))
        return tr("GET /user on %1 with the new token").arg(p.githubApi.toString());
    if (credential == QLatin1String("vercel-token"))
        return tr("GET /v2/user on %1 with the new token").arg(p.vercelApi.toString());
    if (credential == QLatin1String("openai-admin-key"))
        return tr("list the admin keys on %1 with the new key").arg(p.openaiApi.toString());
    if (credential == QLatin1String("openai-api-key"))
        return tr("GET /v1/models on %1 with the new key").arg(p.openaiApi.toString());
    if (credential == QLatin1String("anthropic-admin-key"))
        return tr("list the API keys on %1 with the new key").arg(p.anthropicApi.toString());
    if (credential == QLatin1String("anthropic-api-key"))
        return tr("GET /v1/models on %1 with the new key").arg(p.anthropicApi.toString());
    return tr("ALTER ROLE CURRENT_USER with a SCRAM verifier over the current connection, then a fresh connection "
              "with the new password (the old one is put back if that fails)");
}

QString retireText(const QString &credential, const Profile &p)
{
    if (credential == QLatin1String("anthropic-api-key"))
        return tr("set the Anthropic API key whose hint matches the old value (first 16 and last 4 characters) to "
                  "inactive, with the admin key");
    if (credential == QLatin1String("openai-api-key")) {
        const QString project = openaiProjectOf(p);
        return project.isEmpty() ? tr("nothing: no OpenAI project is configured (profile or OPSDECK_OPENAI_PROJECT)")
                                 : tr("delete the key of OpenAI project %1 whose redacted value matches the old key")
                                       .arg(project);
    }
    if (credential == QLatin1String("openai-admin-key"))
        return tr("delete the OpenAI admin key whose redacted value matches the old key, with the new key");
    if (credential == QLatin1String("anthropic-admin-key"))
        return tr("nothing over the API: Anthropic's Admin API does not list admin keys (delete the old one in the "
                  "Console)");
    if (credential == QLatin1String("database-password"))
        return tr("done by ALTER ROLE: the old password stops working at once");
    if (credential == QLatin1String("github-token"))
        return tr("nothing over the API: revoke the old token in GitHub's settings (Developer settings, tokens)");
    return tr("nothing over the API: delete the old token in Vercel's account settings (Tokens)");
}

// The database URL with the new password, for a DATABASE_URL secret.
QString urlWithPassword(const Profile &p, const PgConnectionInfo &info, const QByteArray &password)
{
    QUrl url(p.databaseUrl, QUrl::StrictMode);
    if (p.databaseUrl.isEmpty() || !url.isValid() || url.host().isEmpty()) {
        url = QUrl();
        url.setScheme(QStringLiteral("postgresql"));
        url.setHost(info.host);
        url.setPort(info.port);
        url.setPath(QLatin1Char('/') + info.database);
        if (!info.sslMode.isEmpty())
            url.setQuery(QStringLiteral("sslmode=") + info.sslMode);
    }
    url.setUserName(info.user);
    url.setPassword(QString::fromUtf8(password));
    return url.toString(QUrl::FullyEncoded);
}

class RotationRun : public std::enable_shared_from_this<RotationRun>
{
public:
    RotationRun(Session &session, CredentialResolver &resolver, ProviderClients &providers, SecretRotationRequest request,
                SecretRotationPlan plan, Job<SecretRotationReport> *job)
        : m_session(session), m_resolver(resolver), m_providers(providers), m_request(std::move(request)),
          m_plan(std::move(plan)), m_job(job), m_profile(session.profile()), m_name(m_request.credential),
          m_ref{session.profileKey(), m_request.credential}
    {
        m_report.credential = m_name;
        if (m_request.generate)
            m_request.newValue = generateDatabasePassword();
        // Known to the redactor at once: an error text that quotes it is masked everywhere.
        Redactor::global().addSecret(m_request.newValue);
    }

    void start()
    {
        auto self = shared_from_this();
        if (m_name == QLatin1String("database-password")) {
            m_resolver.database({}, m_job)->onFinished(m_job, [self](const Result<PgConnectionInfo> &info) {
                if (!info)
                    return self->fail(kValidate, tr("Cannot reach the database with the current password: %1")
                                                     .arg(info.error().message));
                self->m_db = info.value();
                self->m_old = info.value().password;
                self->validateDatabase();
            });
            return;
        }
        m_resolver.credential(m_name, m_job)->onFinished(m_job, [self](const Result<QByteArray> &old) {
            if (old)
                self->m_old = old.value();  // else none yet: nothing to retire
            if (!self->m_old.isEmpty() && self->m_old == self->m_request.newValue)
                return self->fail(kValidate, tr("The new value is the one already in use."));
            self->validate();
        });
    }

private:
    // --- 1. validate -------------------------------------------------------------------------
    void validate()
    {
        auto self = shared_from_this();
        const CredentialProbeSubject who = probeSubject(m_name);
        probeCredential(m_session, m_profile, m_name, QString::fromUtf8(m_request.newValue), m_job)
            ->onFinished(m_job, [self, who](const Result<QString> &answer) {
                if (!answer)
                    return self->fail(kValidate, tr("%1 refused the new %2, nothing was changed: %3")
                                                     .arg(who.provider, who.noun, answer.error().message));
                self->ok(kValidate, tr("%1 accepted the new %2 (%3)").arg(who.provider, who.noun, answer.value()));
                self->beginAudit();
            });
    }

    // The database's validation changes the password: the audit entry that says a rotation began
    // comes first, as for every change.
    void validateDatabase()
    {
        if (!writeBeginAudit())
            return;
        auto self = shared_from_this();
        const PgConnectionInfo info = m_db;
        const QByteArray password = m_request.newValue;
        Job<QString>::run(
            QThreadPool::globalInstance(),
            [info, password](JobChannel &) { return changeRolePassword(info, password); }, m_job)
            ->onFinished(m_job, [self](const Result<QString> &role) {
                if (!role)
                    return self->fail(kValidate, role.error().message);
                self->ok(kValidate, tr("ALTER ROLE set the new password of %1; a fresh connection with it works").arg(role.value()));
                self->m_changed << tr("the password of role %1 on the server").arg(role.value());
                self->store();
            });
    }

    // --- 2. store ----------------------------------------------------------------------------
    bool writeBeginAudit()
    {
        QJsonObject detail{{QStringLiteral("credential"), m_plan.label}, {QStringLiteral("via"), m_request.via}};
        if (!m_plan.repo.isEmpty())
            detail.insert(QStringLiteral("push"), QString(m_plan.repo + QLatin1Char(' ') + m_plan.secretNames.join(QLatin1Char(','))));
        auto entry = m_session.audit().append(QStringLiteral("secret.rotate.start"), m_ref.key(), detail);
        m_began = entry.ok();
        if (!entry) {
            fail(m_name == QLatin1String("database-password") ? kValidate : kStore,
                 tr("The audit trail cannot be written, nothing was changed: %1").arg(entry.error().message));
            return false;
        }
        return true;
    }

    void beginAudit()
    {
        if (writeBeginAudit())
            store();
    }

    void store()
    {
        auto self = shared_from_this();
        QString note;
        if (const auto kind = findCredentialKind(m_name)) {
            if (credentialFromEnvironment(*kind, QProcessEnvironment::systemEnvironment()))
                note = tr("; the environment variable %1 still holds the old value: update it where it is set")
                           .arg(kind->envVars.join(QStringLiteral(" / ")));
        }
        if (m_session.isDemo()) {
            // The demo's credentials are the sandbox's: kept for this session, never written to the keychain.
            m_session.setDemoCredential(m_name, m_request.newValue);
            ok(kStore, tr("kept for this demo session (demo mode does not write the keychain)"));
            m_changed << tr("the demo's value");
            return push(0);
        }
        m_session.secrets().write(m_ref, m_request.newValue, m_job, [self, note](const Status &s) {
            if (!s)
                return self->fail(kStore, tr("The keychain did not take the new value: %1").arg(s.error().message));
            self->m_session.secretIndex().recordStored(self->m_ref.profile, self->m_ref.name, self->m_session.clock().nowUtc(),
                                                       QStringLiteral("secret-service"));
            self->ok(kStore, tr("stored in the system keychain (profile %1)").arg(self->m_ref.profile) + note);
            self->m_changed << tr("the keychain's value");
            self->push(0);
        });
    }

    // --- 3. push -----------------------------------------------------------------------------
    void push(int index)
    {
        if (m_plan.repo.isEmpty() || m_plan.secretNames.isEmpty()) {
            ok(kPush, tr("no GitHub Actions secret is configured for %1 (pass --github-repo and --as, or set them in "
                         "the profile)")
                          .arg(m_name));
            return retire();
        }
        if (index >= m_plan.secretNames.size()) {
            ok(kPush, tr("%1 updated in %2 (sealed box)").arg(m_pushed.join(QStringLiteral(", ")), m_plan.repo));
            return retire();
        }
        auto self = shared_from_this();
        const QString secret = m_plan.secretNames.at(index);
        const QByteArray value = secret == QLatin1String("DATABASE_URL") && m_name == QLatin1String("database-password")
                                     ? urlWithPassword(m_profile, m_db, m_request.newValue).toUtf8()
                                     : m_request.newValue;
        if (value != m_request.newValue)
            Redactor::global().addSecret(value);
        m_providers.githubFor(m_plan.repo, m_job)->onFinished(m_job, [self, secret, value, index](const Result<GithubClient *> &client) {
            if (!client)
                return self->failPush(secret, client.error().message);
            client.value()->putSecret(secret, value)->onFinished(self->m_job, [self, secret, index](const Result<SecretWriteResult> &r) {
                if (!r)
                    return self->failPush(secret, r.error().message);
                self->m_pushed << secret;
                self->m_changed << tr("%1 in %2").arg(secret, self->m_plan.repo);
                self->push(index + 1);
            });
        });
    }

    void failPush(const QString &secret, const QString &why)
    {
        QString detail = tr("%1 in %2 was not updated: %3").arg(secret, m_plan.repo, why);
        if (!m_pushed.isEmpty())
            detail += tr(" (%1 were updated)").arg(m_pushed.join(QStringLiteral(", ")));
        fail(kPush, detail);
    }

    // --- 4. retire ---------------------------------------------------------------------------
    void retire()
    {
        auto self = shared_from_this();
        const bool needsOld = m_name == QLatin1String("anthropic-api-key") || m_name == QLatin1String("openai-api-key")
                              || m_name == QLatin1String("openai-admin-key");
        if (needsOld && m_old.isEmpty()) {
            warn(kRetire, tr("the old value was not known (none was stored), so no old key was looked for"));
            return finishAudit();
        }
        if (m_name == QLatin1String("anthropic-api-key")) {
            m_providers.anthropic(m_job)->onFinished(m_job, [self](const Result<AnthropicClient *> &client) {
                if (!client)
                    return self->fail(kRetire, tr("The old key was left active: %1").arg(client.error().message));
                AnthropicClient *admin = client.value();
                admin->listApiKeys()->onFinished(self->m_job, [self, admin](const Result<QList<AnthropicApiKey>> &keys) {
                    if (!keys)
                        return self->fail(kRetire, tr("The old key was left active: the API key list failed: %1").arg(keys.error().message));
                    QList<AnthropicApiKey> matches;
                    for (const AnthropicApiKey &k : keys.value())
                        if (k.status != QLatin1String("archived") && keyHintMatches(k.partialKeyHint, self->m_old)
                            && !keyHintMatches(k.partialKeyHint, self->m_request.newValue))
                            matches << k;
                    QStringList names;
                    for (const AnthropicApiKey &k : matches)
                        names << QStringLiteral("\"%1\" (%2, %3)").arg(k.name, k.id, k.status);
                    if (matches.size() != 1)
                        return self->ambiguous(tr("Anthropic API key"), names);
                    const AnthropicApiKey old = matches.first();
                    if (old.status == QLatin1String("inactive")) {
                        self->ok(kRetire, tr("the old key %1 is already inactive").arg(names.first()));
                        return self->finishAudit();
                    }
                    admin->updateApiKey(old.id, QStringLiteral("inactive"))
                        ->onFinished(self->m_job, [self, old](const Result<AnthropicApiKey> &r) {
                            if (!r)
                                return self->fail(kRetire, tr("The old key \"%1\" (%2) is still active: %3").arg(old.name, old.id, r.error().message));
                            self->ok(kRetire, tr("the old key \"%1\" (%2) is now inactive").arg(old.name, old.id));
                            self->m_changed << tr("the old Anthropic key set inactive");
                            self->finishAudit();
                        });
                });
            });
            return;
        }
        if (m_name == QLatin1String("openai-api-key")) {
            const QString project = openaiProjectOf(m_profile);
            if (project.isEmpty()) {
                warn(kRetire, tr("no OpenAI project is configured (profile or OPSDECK_OPENAI_PROJECT): delete the old key "
                                 "in the dashboard"));
                return finishAudit();
            }
            m_providers.openai(m_job)->onFinished(m_job, [self, project](const Result<OpenAiClient *> &client) {
                if (!client)
                    return self->fail(kRetire, tr("The old key was left active: %1").arg(client.error().message));
                self->retireOpenAi(client.value(), project);
            });
            return;
        }
        if (m_name == QLatin1String("openai-admin-key")) {
            // Listed and deleted with the new admin key: the old one is on its way out.
            auto *client = new OpenAiClient(m_session.http(), OpenAiConfig{m_profile.openaiApi, QString::fromUtf8(m_request.newValue)}, m_job);
            return retireOpenAi(client, {});
        }
        ok(kRetire, retireText(m_name, m_profile));
        finishAudit();
    }

    void retireOpenAi(OpenAiClient *client, const QString &project)
    {
        auto self = shared_from_this();
        auto *listed = project.isEmpty() ? client->listAdminKeys() : client->listProjectKeys(project);
        listed->onFinished(m_job, [self, client, project](const Result<QList<OpenAiKey>> &keys) {
            if (!keys)
                return self->fail(kRetire, tr("The old key was left active: the key list failed: %1").arg(keys.error().message));
            QList<OpenAiKey> matches;
            for (const OpenAiKey &k : keys.value())
                if (keyHintMatches(k.redactedValue, self->m_old) && !keyHintMatches(k.redactedValue, self->m_request.newValue))
                    matches << k;
            QStringList names;
            for (const OpenAiKey &k : matches)
                names << QStringLiteral("\"%1\" (%2)").arg(k.name, k.id);
            if (matches.size() != 1)
                return self->ambiguous(project.isEmpty() ? tr("OpenAI admin key") : tr("OpenAI key of project %1").arg(project), names);
            const OpenAiKey old = matches.first();
            auto *deleted = project.isEmpty() ? client->deleteAdminKey(old.id) : client->deleteProjectKey(project, old.id);
            deleted->onFinished(self->m_job, [self, old](const Result<void> &r) {
                if (!r)
                    return self->fail(kRetire, tr("The old key \"%1\" (%2) was not deleted: %3").arg(old.name, old.id, r.error().message));
                self->ok(kRetire, tr("the old key \"%1\" (%2) was deleted").arg(old.name, old.id));
                self->m_changed << tr("the old OpenAI key deleted");
                self->finishAudit();
            });
        });
    }

    void ambiguous(const QString &what, const QStringList &names)
    {
        if (names.isEmpty())
            warn(kRetire, tr("no %1 matches both ends of the old value: nothing was retired; retire the old key by hand")
                              .arg(what));
        else
            warn(kRetire, tr("%1 %2 match the old value: nothing was retired; retire the right one by hand: %3")
                              .arg(names.size())
                              .arg(what, names.join(QStringLiteral(", "))));
        finishAudit();
    }

    // --- 5. audit ----------------------------------------------------------------------------
    QJsonObject auditDetail() const
    {
        QJsonArray steps;
        for (const SecretRotationStep &s : m_report.steps)
            steps.append(QJsonObject{{QStringLiteral("step"), s.step}, {QStringLiteral("ok"), s.ok},
                                     {QStringLiteral("detail"), Redactor::global().redact(s.detail)}});
        return QJsonObject{{QStringLiteral("credential"), m_plan.label},
                           {QStringLiteral("via"), m_request.via},
                           {QStringLiteral("steps"), steps}};
    }

    void finishAudit()
    {
        auto entry = m_session.audit().append(QStringLiteral("secret.rotate"), m_ref.key(), auditDetail());
        if (!entry)
            fail(kAudit, tr("The rotation's audit entry could not be written: %1").arg(entry.error().message), false);
        else
            ok(kAudit, tr("audit entry #%1").arg(entry->seq));
        end();
    }

    // --- the report --------------------------------------------------------------------------
    void record(const QString &step, bool ok, const QString &detail, bool warning)
    {
        SecretRotationStep s{step, ok, Redactor::global().redact(detail), warning};
        m_report.steps.append(s);
        if (m_request.onStep)
            m_request.onStep(s);
    }
    void ok(const QString &step, const QString &detail) { record(step, true, detail, false); }
    void warn(const QString &step, const QString &detail) { record(step, true, detail, true); }

    void fail(const QString &step, const QString &detail, bool auditFailure = true)
    {
        record(step, false, detail, false);
        QStringList unchanged;
        if (step == kValidate || (step == kStore && m_changed.isEmpty()))
            unchanged << tr("everything");
        else {
            if (step == kStore)
                unchanged << tr("the keychain's value");
            if (step == kStore || step == kPush)
                unchanged << (m_plan.repo.isEmpty() ? QString() : tr("the GitHub secrets not listed as updated"));
            if (step != kAudit)
                unchanged << tr("the old key (not retired)");
        }
        unchanged.removeAll(QString());
        m_report.unchanged = unchanged.join(QStringLiteral(", "));
        // A rotation that began (or changed something) is audited even though the loop stopped.
        if (auditFailure && (m_began || !m_changed.isEmpty())) {
            auto entry = m_session.audit().append(QStringLiteral("secret.rotate"), m_ref.key(), auditDetail());
            if (!entry)
                record(kAudit, false, tr("The rotation's audit entry could not be written: %1").arg(entry.error().message), false);
            else
                record(kAudit, true, tr("audit entry #%1 (the rotation stopped at %2)").arg(entry->seq).arg(step), false);
        }
        end();
    }

    void end()
    {
        m_report.changed = m_changed.join(QStringLiteral(", "));
        m_job->finish(m_report);
    }

    Session &m_session;
    CredentialResolver &m_resolver;
    ProviderClients &m_providers;
    SecretRotationRequest m_request;
    SecretRotationPlan m_plan;
    Job<SecretRotationReport> *m_job;
    Profile m_profile;
    QString m_name;
    SecretRef m_ref;
    QByteArray m_old;
    PgConnectionInfo m_db;
    QStringList m_pushed;
    QStringList m_changed;
    bool m_began = false;
    SecretRotationReport m_report;
};
} // namespace

RotationUseCase::RotationUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers)
    : m_session(session), m_resolver(resolver), m_providers(providers)
{
}

Result<SecretRotationPlan> RotationUseCase::plan(const SecretRotationRequest &request) const
{
    const auto kind = findCredentialKind(request.credential);
    if (!kind)
        return makeError(ErrorKind::Config, tr("Unknown credential \"%1\"").arg(request.credential));
    if (!kind->rotatable)
        return makeError(ErrorKind::Config, tr("%1 is not rotated by OpsDeck (it cannot be validated or retired here): "
                                               "replace it with secrets set")
                                                .arg(request.credential));
    const bool database = request.credential == QLatin1String("database-password");
    if (database && !request.generate && request.newValue.isEmpty())
        return makeError(ErrorKind::Config, tr("The database password is generated (--generate), never typed"));
    if (!database && request.newValue.isEmpty())
        return makeError(ErrorKind::Config, tr("No new value for %1").arg(request.credential));
    if (!database && request.generate)
        return makeError(ErrorKind::Config, tr("Only the database password is generated; %1 comes from its provider")
                                                .arg(request.credential));
    const Profile p = m_session.profile();
    SecretRotationPlan plan;
    plan.credential = kind->name;
    plan.label = kind->label;
    plan.profile = m_session.profileKey();
    if (!request.noPush) {
        plan.repo = request.githubRepo.isEmpty() ? p.githubRepo : request.githubRepo;
        plan.secretNames = request.secretNames.isEmpty() ? p.githubSecretsFor(kind->name, kind->githubSecrets)
                                                         : request.secretNames;
        if (plan.secretNames.isEmpty())
            plan.repo.clear();
        if (!plan.repo.isEmpty() && plan.repo.count(QLatin1Char('/')) != 1)
            return makeError(ErrorKind::Config, tr("The GitHub repository is written owner/name, not \"%1\"").arg(plan.repo));
        if (plan.repo.isEmpty())
            plan.secretNames.clear();
        for (const QString &name : plan.secretNames)
            if (Status s = github::validateSecretName(name); !s)
                return s.error();
    }
    plan.steps.append({kValidate, validationText(kind->name, p)});
    plan.steps.append({kStore, m_session.isDemo() ? tr("keep the new value for this demo session")
                                                  : tr("replace the value in the system keychain (profile %1)").arg(plan.profile)});
    plan.steps.append({kPush, plan.repo.isEmpty()
                                  ? tr("nothing: no GitHub Actions secret is configured for this credential")
                                  : tr("%1 in %2, sealed with the repository's public key")
                                        .arg(plan.secretNames.join(QStringLiteral(", ")), plan.repo)});
    plan.steps.append({kRetire, retireText(kind->name, p)});
    plan.steps.append({kAudit, tr("one audit entry with each step's outcome (never a value)")});
    return plan;
}

Job<SecretRotationReport> *RotationUseCase::rotate(SecretRotationRequest request, QObject *owner)
{
    Result<SecretRotationPlan> planned = plan(request);
    if (!planned)
        return Job<SecretRotationReport>::done(planned.error(), owner);
    auto *job = new Job<SecretRotationReport>(owner);
    auto run = std::make_shared<RotationRun>(m_session, m_resolver, m_providers, std::move(request), planned.value(), job);
    run->start();
    return job;
}

} // namespace opsdeck
