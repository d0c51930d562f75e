#include "usecases/costsusecase.h"

#include "costs/activeusersquery.h"
#include "costs/costservice.h"
#include "database/pgsession.h"
#include "usecases/credentialresolver.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QPointer>

namespace opsdeck {

CostsUseCase::CostsUseCase(Session &session, ProviderClients &providers, CredentialResolver &resolver)
    : m_session(session), m_providers(providers), m_resolver(resolver)
{
}

CostService *CostsUseCase::makeService(QObject *parent)
{
    // The clients outlive no one: the sources hold a non-owning handle to the root's ProviderClients.
    std::shared_ptr<ProviderSource> source(&m_providers, [](ProviderSource *) {});
    auto *service = new CostService(m_session.store(), m_session.clock(), costSourcesFrom(std::move(source)), parent);
    service->setDataDir(m_session.dataDir());  // the user's price table
    return service;
}

bool CostsUseCase::hasActiveUsersQuery() const { return !m_session.profile().activeUsersQuery.trimmed().isEmpty(); }

Job<qint64> *CostsUseCase::countActiveUsers(CostService &service, QDate month, QObject *owner)
{
    auto *job = new Job<qint64>(owner);
    const auto done = [job](Result<qint64> r) { job->finish(std::move(r)); };
    const QString sql = m_session.profile().activeUsersQuery;
    if (sql.trimmed().isEmpty()) {
        done(makeError(ErrorKind::Config, QCoreApplication::translate(
                                              "CostsUseCase", "The profile has no active-users query (Profiles page, \"Active users SQL\")")));
        return job;
    }
    QPointer<CostService> target(&service);
    m_resolver.database(QString(), job)->onFinished(job, [job, sql, month, target, done](const Result<PgConnectionInfo> &info) {
        if (!info)
            return done(info.error());
        auto *session = new PgSession(info.value(), job);
        session->run<qint64>([sql, month](QSqlDatabase &db) { return activeusers::count(db, sql, month); })
            ->onFinished(job, [session, month, target, done](const Result<qint64> &n) {
                session->deleteLater();
                if (!n)
                    return done(n.error());
                if (!target)
                    return done(makeError(ErrorKind::Cancelled, QStringLiteral("cancelled")));
                if (Status s = target->setActiveUsers(month, n.value()); !s)
                    return done(s.error());
                done(n.value());
            });
    });
    return job;
}

} // namespace opsdeck
