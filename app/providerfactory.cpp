#include "providerfactory.h"

#include "appcontext.h"
#include "database/demodatabase.h"
#include "database/pgconnectioninfo.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/openai/openaiclient.h"
#include "providers/vercel/vercelclient.h"
#include "secrets/credentials.h"
#include "secrets/secretstore.h"
#ifdef OPSDECK_HAVE_SANDBOX
#include "sandbox/sandbox.h"
#endif

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ProviderFactory", s); }

QByteArray demoCredential(const QString &kind)
{
#ifdef OPSDECK_HAVE_SANDBOX
    if (kind == QLatin1String("vercel-token"))
        return Sandbox::kVercelToken;
    if (kind == QLatin1String("github-token"))
        return Sandbox::kGithubToken;
    if (kind == QLatin1String("openai-admin-key"))
        return Sandbox::kOpenAiKey;
    if (kind == QLatin1String("anthropic-admin-key"))
        return Sandbox::kAnthropicKey;
#endif
    Q_UNUSED(kind);
    return {};
}
} // namespace

ProviderFactory::ProviderFactory(AppContext &context) : m_context(context) {}

void ProviderFactory::credential(const QString &kindName, QObject *owner,
                                 std::function<void(const Result<QByteArray> &)> done)
{
    const auto kind = findCredentialKind(kindName);
    if (!kind)
        return done(makeError(ErrorKind::Internal, tr("Unknown credential %1").arg(kindName)));
    if (m_context.isDemo()) {
        const QByteArray value = demoCredential(kindName);
        if (!value.isEmpty())
            return done(value);
    }
    if (auto env = credentialFromEnvironment(*kind, QProcessEnvironment::systemEnvironment()))
        return done(*env);
    const QString profile = m_context.profile().name.isEmpty() ? QStringLiteral("default") : m_context.profile().name;
    m_context.secrets().read({profile, kindName}, owner, [done, kind, profile](const Result<QByteArray> &r) {
        if (r.ok())
            return done(r.value());
        const QString missing = tr("Missing credential: %1. Set %2 or store it with `opsdeck-cli secrets set %3` "
                                   "(profile %4)")
                                    .arg(kind->label, kind->envVars.join(QStringLiteral(" or ")), kind->name, profile);
        if (r.error().kind == ErrorKind::NotFound)
            return done(makeError(ErrorKind::Config, missing));
        // The keychain itself failed (none, locked, denied): say both what is missing and why.
        done(makeError(r.error().kind, missing + QStringLiteral(". ") + r.error().message, r.error().detail));
    });
}

void ProviderFactory::vercel(QObject *owner, std::function<void(const Result<VercelClient *> &)> done)
{
    const Profile p = m_context.profile();
    if (p.vercelProject.isEmpty())
        return done(makeError(ErrorKind::Config,
                              tr("No Vercel project configured: set it in the profile or OPSDECK_VERCEL_PROJECT")));
    credential(QStringLiteral("vercel-token"), owner, [&context = m_context, owner, p, done](const Result<QByteArray> &token) {
        if (!token)
            return done(token.error());
        VercelConfig c;
        c.baseUrl = p.vercelApi;
        c.token = QString::fromUtf8(token.value());
        c.teamId = p.vercelTeam;
        c.projectId = p.vercelProject;
        done(new VercelClient(context.http(), c, context.clock(), owner));
    });
}

void ProviderFactory::github(QObject *owner, std::function<void(const Result<GithubClient *> &)> done)
{
    const Profile p = m_context.profile();
    if (p.githubRepo.count(QLatin1Char('/')) != 1)
        return done(makeError(ErrorKind::Config,
                              tr("No GitHub repository configured: set owner/name in the profile or OPSDECK_GITHUB_REPO")));
    credential(QStringLiteral("github-token"), owner, [&context = m_context, owner, p, done](const Result<QByteArray> &token) {
        if (!token)
            return done(token.error());
        GithubConfig c;
        c.baseUrl = p.githubApi;
        c.token = QString::fromUtf8(token.value());
        c.owner = p.githubOwner();
        c.repo = p.githubRepoName();
        done(new GithubClient(context.http(), c, owner));
    });
}

void ProviderFactory::openai(QObject *owner, std::function<void(const Result<OpenAiClient *> &)> done)
{
    const Profile p = m_context.profile();
    credential(QStringLiteral("openai-admin-key"), owner, [&context = m_context, owner, p, done](const Result<QByteArray> &key) {
        if (!key)
            return done(key.error());
        OpenAiConfig c;
        c.baseUrl = p.openaiApi;
        c.adminKey = QString::fromUtf8(key.value());
        done(new OpenAiClient(context.http(), c, owner));
    });
}

void ProviderFactory::anthropic(QObject *owner, std::function<void(const Result<AnthropicClient *> &)> done)
{
    const Profile p = m_context.profile();
    credential(QStringLiteral("anthropic-admin-key"), owner, [&context = m_context, owner, p, done](const Result<QByteArray> &key) {
        if (!key)
            return done(key.error());
        AnthropicConfig c;
        c.baseUrl = p.anthropicApi;
        c.adminKey = QString::fromUtf8(key.value());
        done(new AnthropicClient(context.http(), c, owner));
    });
}

HealthProbe *ProviderFactory::health(QObject *owner) { return new HealthProbe(m_context.http(), owner); }

void ProviderFactory::database(QObject *owner, std::function<void(const Result<PgConnectionInfo> &)> done)
{
    const QString url = m_context.profile().databaseUrl;
    if (url.isEmpty()) {
        if (DemoDatabase *demo = m_context.isDemo() ? DemoDatabase::existing(&m_context) : nullptr)
            return demo->whenReady(owner, std::move(done));
        return done(makeError(ErrorKind::Config, m_context.isDemo()
                                                     ? tr("The demo database has not been started (open the Database page)")
                                                     : tr("No database in the profile (DATABASE_URL)")));
    }
    auto info = PgConnectionInfo::fromUrl(url);
    if (!info)
        return done(info.error());
    if (!info.value().password.isEmpty())
        return done(info.value());
    credential(QStringLiteral("database-password"), owner,
               [info = info.value(), done = std::move(done)](const Result<QByteArray> &password) {
                   PgConnectionInfo withPassword = info;
                   if (password)
                       withPassword.password = password.value();
                   done(withPassword);
               });
}

} // namespace opsdeck
