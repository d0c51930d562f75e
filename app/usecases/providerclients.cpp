#include "usecases/providerclients.h"

#include "database/pgconnectioninfo.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/openai/openaiclient.h"
#include "providers/vercel/vercelclient.h"
#include "usecases/credentialresolver.h"
#include "usecases/session.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ProviderClients", s); }
} // namespace

ProviderClients::ProviderClients(Session &session, CredentialResolver &credentials)
    : m_session(session), m_credentials(credentials)
{
}

Job<VercelClient *> *ProviderClients::vercel(QObject *owner)
{
    const Profile p = m_session.profile();
    if (p.vercelProject.isEmpty())
        return Job<VercelClient *>::done(
            makeError(ErrorKind::Config, tr("No Vercel project configured: set it in the profile or OPSDECK_VERCEL_PROJECT")),
            owner);
    return then<VercelClient *>(
        m_credentials.credential(QStringLiteral("vercel-token"), owner),
        [&session = m_session, owner, p](const Result<QByteArray> &token) -> Result<VercelClient *> {
            if (!token)
                return token.error();
            VercelConfig c;
            c.baseUrl = p.vercelApi;
            c.token = QString::fromUtf8(token.value());
            c.teamId = p.vercelTeam;
            c.projectId = p.vercelProject;
            return new VercelClient(session.http(), c, session.clock(), owner);
        },
        owner);
}

Job<GithubClient *> *ProviderClients::github(QObject *owner)
{
    return githubFor(m_session.profile().githubRepo, owner);
}

Job<GithubClient *> *ProviderClients::githubFor(const QString &repo, QObject *owner)
{
    Profile p = m_session.profile();
    p.githubRepo = repo;
    if (p.githubRepo.count(QLatin1Char('/')) != 1)
        return Job<GithubClient *>::done(
            makeError(ErrorKind::Config,
                      tr("No GitHub repository configured: set owner/name in the profile or OPSDECK_GITHUB_REPO")),
            owner);
    return then<GithubClient *>(
        m_credentials.credential(QStringLiteral("github-token"), owner),
        [&session = m_session, owner, p](const Result<QByteArray> &token) -> Result<GithubClient *> {
            if (!token)
                return token.error();
            GithubConfig c;
            c.baseUrl = p.githubApi;
            c.token = QString::fromUtf8(token.value());
            c.owner = p.githubOwner();
            c.repo = p.githubRepoName();
            return new GithubClient(session.http(), c, owner);
        },
        owner);
}

Job<OpenAiClient *> *ProviderClients::openai(QObject *owner)
{
    const Profile p = m_session.profile();
    return then<OpenAiClient *>(
        m_credentials.credential(QStringLiteral("openai-admin-key"), owner),
        [&session = m_session, owner, p](const Result<QByteArray> &key) -> Result<OpenAiClient *> {
            if (!key)
                return key.error();
            OpenAiConfig c;
            c.baseUrl = p.openaiApi;
            c.adminKey = QString::fromUtf8(key.value());
            return new OpenAiClient(session.http(), c, owner);
        },
        owner);
}

Job<AnthropicClient *> *ProviderClients::anthropic(QObject *owner)
{
    const Profile p = m_session.profile();
    return then<AnthropicClient *>(
        m_credentials.credential(QStringLiteral("anthropic-admin-key"), owner),
        [&session = m_session, owner, p](const Result<QByteArray> &key) -> Result<AnthropicClient *> {
            if (!key)
                return key.error();
            AnthropicConfig c;
            c.baseUrl = p.anthropicApi;
            c.adminKey = QString::fromUtf8(key.value());
            return new AnthropicClient(session.http(), c, owner);
        },
        owner);
}

HealthProbe *ProviderClients::health(QObject *owner)
{
    return new HealthProbe(m_session.http(), owner);
}

Job<PgConnectionInfo> *ProviderClients::database(QObject *owner)
{
    return m_credentials.database(QString(), owner);
}

} // namespace opsdeck
