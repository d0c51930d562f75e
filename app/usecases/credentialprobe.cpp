#include "usecases/credentialprobe.h"

#include "config/profile.h"
#include "database/pgconnectioninfo.h"
#include "database/pgsession.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/openai/openaiclient.h"
#include "providers/vercel/vercelclient.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QThreadPool>
#include <QUuid>

namespace opsdeck {

namespace {
QString tr(const char *s, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("CredentialProbe", s, disambiguation, n);
}

// Finishes job with what(r)'s text when r holds a value, else with r's error.
template <typename T, typename What>
auto settle(Job<QString> *job, What what)
{
    return [job, what](const Result<T> &r) {
        if (!r)
            return job->finish(r.error());
        if constexpr (std::is_void_v<T>)
            job->finish(what());
        else
            job->finish(what(r.value()));
    };
}
} // namespace

bool isProbeable(const QString &credential)
{
    static const QStringList probeable{QStringLiteral("vercel-token"),        QStringLiteral("github-token"),
                                       QStringLiteral("openai-admin-key"),    QStringLiteral("openai-api-key"),
                                       QStringLiteral("anthropic-admin-key"), QStringLiteral("anthropic-api-key"),
                                       QStringLiteral("database-password")};
    return probeable.contains(credential);
}

CredentialProbeSubject probeSubject(const QString &credential)
{
    if (credential == QLatin1String("github-token"))
        return {QStringLiteral("GitHub"), tr("token")};
    if (credential == QLatin1String("vercel-token"))
        return {QStringLiteral("Vercel"), tr("token")};
    if (credential == QLatin1String("openai-admin-key"))
        return {QStringLiteral("OpenAI"), tr("admin key")};
    if (credential == QLatin1String("openai-api-key"))
        return {QStringLiteral("OpenAI"), tr("API key")};
    if (credential == QLatin1String("anthropic-admin-key"))
        return {QStringLiteral("Anthropic"), tr("admin key")};
    if (credential == QLatin1String("anthropic-api-key"))
        return {QStringLiteral("Anthropic"), tr("API key")};
    if (credential == QLatin1String("database-password"))
        return {QStringLiteral("PostgreSQL"), tr("password")};
    return {credential, tr("value")};
}

Job<QString> *probeCredential(Session &session, const Profile &profile, const QString &credential,
                              const QString &value, QObject *owner)
{
    auto *job = new Job<QString>(owner);
    if (credential == QLatin1String("github-token")) {
        auto *client = new GithubClient(session.http(), GithubConfig{profile.githubApi, value, {}, {}}, job);
        client->currentUser()->onFinished(job, settle<QString>(job, [](const QString &login) { return tr("user %1").arg(login); }));
    } else if (credential == QLatin1String("vercel-token")) {
        VercelConfig c;
        c.baseUrl = profile.vercelApi;
        c.token = value;
        auto *client = new VercelClient(session.http(), c, session.clock(), job);
        client->currentUser()->onFinished(job, settle<QString>(job, [](const QString &user) { return tr("user %1").arg(user); }));
    } else if (credential == QLatin1String("openai-admin-key")) {
        auto *client = new OpenAiClient(session.http(), OpenAiConfig{profile.openaiApi, value}, job);
        client->listAdminKeys()->onFinished(job, settle<QList<OpenAiKey>>(job, [](const QList<OpenAiKey> &keys) {
            return tr("it lists the admin keys: %n key(s)", nullptr, int(keys.size()));
        }));
    } else if (credential == QLatin1String("openai-api-key")) {
        auto *client = new OpenAiClient(session.http(), OpenAiConfig{profile.openaiApi, value}, job);
        client->listModels()->onFinished(job, settle<int>(job, [](int models) {
            return tr("GET /v1/models: %n model(s)", nullptr, models);
        }));
    } else if (credential == QLatin1String("anthropic-admin-key")) {
        auto *client = new AnthropicClient(session.http(), AnthropicConfig{profile.anthropicApi, value}, job);
        client->listApiKeys()->onFinished(job, settle<QList<AnthropicApiKey>>(job, [](const QList<AnthropicApiKey> &keys) {
            return tr("it lists the API keys: %n key(s)", nullptr, int(keys.size()));
        }));
    } else if (credential == QLatin1String("anthropic-api-key")) {
        auto *client = new AnthropicClient(session.http(), AnthropicConfig{profile.anthropicApi, value}, job);
        client->checkModelsAccess()->onFinished(job, settle<void>(job, [] { return tr("GET /v1/models"); }));
    } else {
        job->finish(makeError(ErrorKind::Config, tr("%1 cannot be checked with a live call; a backup proves it").arg(credential)));
    }
    return job;
}

Job<QString> *probeDatabase(const PgConnectionInfo &info, QObject *owner)
{
    return Job<QString>::run(
        QThreadPool::globalInstance(),
        [info](JobChannel &) -> Result<QString> {
            const QString name = QStringLiteral("opsdeck-probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
            Result<QString> out = QString();
            {
                auto db = PgSession::open(info, name);
                if (!db)
                    return db.error();
                QSqlQuery q(db.value());
                if (!q.exec(QStringLiteral("SELECT current_user, current_setting('server_version')")) || !q.next())
                    out = PgSession::sqlError(tr("Connected, but a first query failed"), q.lastError());
                else
                    out = tr("role %1 on PostgreSQL %2 at %3")
                              .arg(q.value(0).toString(), q.value(1).toString().section(QLatin1Char(' '), 0, 0),
                                   info.displayUrl());
                q = QSqlQuery();
                db.value().close();
            }
            QSqlDatabase::removeDatabase(name);
            return out;
        },
        owner);
}

} // namespace opsdeck
