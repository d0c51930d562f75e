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

Job<QByteArray> *CredentialResolver::credential(const QString &name, QObject *owner)
{
    const auto kind = findCredentialKind(name);
    if (!kind)
        return Job<QByteArray>::done(makeError(ErrorKind::Internal, tr("Unknown credential %1").arg(name)), owner);
    if (const QByteArray demo = m_session.demoCredential(name); !demo.isEmpty())
        return Job<QByteArray>::done(demo, owner);
    if (auto env = credentialFromEnvironment(*kind, QProcessEnvironment::systemEnvironment()))
        return Job<QByteArray>::done(*env, owner);
    const QString profile = m_session.profileKey();
    auto *job = new Job<QByteArray>(owner);
    m_session.secrets().read({profile, name}, job, [job, kind, profile](const Result<QByteArray> &r) {
        if (r.ok())
            return job->finish(r.value());
        const QString missing = tr("Missing credential: %1. Set %2 or store it with `opsdeck-cli secrets set %3` "
                                   "(profile %4)")
                                    .arg(kind->label, kind->envVars.join(QStringLiteral(" or ")), kind->name, profile);
        if (r.error().kind == ErrorKind::NotFound)
            return job->finish(makeError(ErrorKind::Config, missing));
        job->finish(makeError(r.error().kind, missing + QStringLiteral(". ") + r.error().message, r.error().detail));
    });
    return job;
}

Job<PgConnectionInfo> *CredentialResolver::database(const QString &url, QObject *owner)
{
    const QString target = url.isEmpty() ? m_session.profile().databaseUrl : url;
    if (target.isEmpty()) {
        if (DemoDatabase *demo = m_session.demoDatabase(false))
            return demo->ready(owner);
        return Job<PgConnectionInfo>::done(
            makeError(ErrorKind::Config, m_session.isDemo() ? tr("The demo database has not been started (open the Database page)")
                                                            : tr("No database in the profile (DATABASE_URL)")),
            owner);
    }
    auto info = PgConnectionInfo::fromUrl(target);
    if (!info)
        return Job<PgConnectionInfo>::done(info.error(), owner);
    if (!info.value().password.isEmpty())
        return Job<PgConnectionInfo>::done(info.value(), owner);
    return then<PgConnectionInfo>(
        credential(QStringLiteral("database-password"), owner),
        [info = info.value()](const Result<QByteArray> &password) -> Result<PgConnectionInfo> {
            PgConnectionInfo withPassword = info;
            if (password)
                withPassword.password = password.value();
            return withPassword;
        },
        owner);
}

} // namespace opsdeck
