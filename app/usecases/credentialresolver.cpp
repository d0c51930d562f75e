#include "usecases/credentialresolver.h"

#include "database/demodatabase.h"
#include "database/pgconnectioninfo.h"
#include "secrets/credentials.h"
#include "secrets/secretstore.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("CredentialResolver", s); }
} // namespace

CredentialResolver::CredentialResolver(Session &session) : m_session(session) {}

void CredentialResolver::credential(const QString &name, QObject *owner,
                                    std::function<void(const Result<QByteArray> &)> done)
{
    const auto kind = findCredentialKind(name);
    if (!kind)
        return done(makeError(ErrorKind::Internal, tr("Unknown credential %1").arg(name)));
    if (const QByteArray demo = m_session.demoCredential(name); !demo.isEmpty())
        return done(demo);
    if (auto env = credentialFromEnvironment(*kind, QProcessEnvironment::systemEnvironment()))
        return done(*env);
    const QString profile = m_session.profileKey();
    m_session.secrets().read({profile, name}, owner, [done, kind, profile](const Result<QByteArray> &r) {
        if (r.ok())
            return done(r.value());
        const QString missing = tr("Missing credential: %1. Set %2 or store it with `opsdeck-cli secrets set %3` "
                                   "(profile %4)")
                                    .arg(kind->label, kind->envVars.join(QStringLiteral(" or ")), kind->name, profile);
        if (r.error().kind == ErrorKind::NotFound)
            return done(makeError(ErrorKind::Config, missing));
        done(makeError(r.error().kind, missing + QStringLiteral(". ") + r.error().message, r.error().detail));
    });
}

void CredentialResolver::database(const QString &url, QObject *owner,
                                  std::function<void(const Result<PgConnectionInfo> &)> done)
{
    const QString target = url.isEmpty() ? m_session.profile().databaseUrl : url;
    if (target.isEmpty()) {
        if (DemoDatabase *demo = m_session.demoDatabase(false))
            return demo->whenReady(owner, std::move(done));
        return done(makeError(ErrorKind::Config, m_session.isDemo()
                                                     ? tr("The demo database has not been started (open the Database page)")
                                                     : tr("No database in the profile (DATABASE_URL)")));
    }
    auto info = PgConnectionInfo::fromUrl(target);
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
