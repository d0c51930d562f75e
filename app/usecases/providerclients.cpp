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

void ProviderClients::vercel(QObject *owner, std::function<void(const Result<VercelClient *> &)> done)
{
    const Profile p = m_session.profile();
    if (p.vercelProject.isEmpty())
        return done(makeError(ErrorKind::Config,
                              tr("No Vercel project configured: set it in the profile or OPSDECK_VERCEL_PROJECT")));
    m_credentials.credential(QStringLiteral("vercel-token"), owner,
                             [&session = m_session, owner, p, done](const Result<QByteArray> &token) {
        if (!token)
            return done(token.error());
        VercelConfig c;
        c.baseUrl = p.vercelApi;
        c.token = QString::fromUtf8(token.value());
        c.teamId = p.vercelTeam;
        c.projectId = p.vercelProject;
        done(new VercelClient(session.http(), c, session.clock(), owner));
    });
}

void ProviderClients::github(QObject *owner, std::function<void(const Result<GithubClient *> &)> done)
{
    githubFor(m_session.profile().githubRepo, owner, std::move(done));
}

void ProviderClients::githubFor(const QString &repo, QObject *owner, std::function<void(const Result<GithubClient *> &)> done)
{
    Profile p = m_session.profile();
    p.githubRepo = repo;
    if (p.githubRepo.count(QLatin1Char('/')) != 1)
        return done(makeError(ErrorKind::Config,
                              tr("No GitHub repository configured: set owner/name in the profile or OPSDECK_GITHUB_REPO")));
    m_credentials.credential(QStringLiteral("github-token"), owner,
                             [&session = m_session, owner, p, done](const Result<QByteArray> &token) {
        if (!token)
            return done(token.error());
        GithubConfig c;
        c.baseUrl = p.githubApi;
        c.token = QString::fromUtf8(token.value());
        c.owner = p.githubOwner();
        c.repo = p.githubRepoName();
        done(new GithubClient(session.http(), c, owner));
    });
}

void ProviderClients::openai(QObject *owner, std::function<void(const Result<OpenAiClient *> &)> done)
{
    const Profile p = m_session.profile();
    m_credentials.credential(QStringLiteral("openai-admin-key"), owner,
                             [&session = m_session, owner, p, done](const Result<QByteArray> &key) {
        if (!key)
            return done(key.error());
        OpenAiConfig c;
        c.baseUrl = p.openaiApi;
        c.adminKey = QString::fromUtf8(key.value());
        done(new OpenAiClient(session.http(), c, owner));
    });
}

void ProviderClients::anthropic(QObject *owner, std::function<void(const Result<AnthropicClient *> &)> done)
{
    const Profile p = m_session.profile();
    m_credentials.credential(QStringLiteral("anthropic-admin-key"), owner,
                             [&session = m_session, owner, p, done](const Result<QByteArray> &key) {
        if (!key)
            return done(key.error());
        AnthropicConfig c;
        c.baseUrl = p.anthropicApi;
        c.adminKey = QString::fromUtf8(key.value());
        done(new AnthropicClient(session.http(), c, owner));
    });
}

HealthProbe *ProviderClients::health(QObject *owner) { return new HealthProbe(m_session.http(), owner); }

void ProviderClients::database(QObject *owner, std::function<void(const Result<PgConnectionInfo> &)> done)
{
    m_credentials.database(QString(), owner, std::move(done));
}

} // namespace opsdeck
