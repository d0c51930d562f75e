#include "usecases/rollbackusecase.h"

#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QCoreApplication>

namespace opsdeck {

RollbackUseCase::RollbackUseCase(Session &session, ProviderClients &providers) : m_session(session), m_providers(providers) {}

RollbackServiceOptions RollbackUseCase::options() const { return RollbackServiceOptions::forProfile(m_session.profile()); }

Job<RollbackService *> *RollbackUseCase::service(const RollbackServiceOptions &options, QObject *owner)
{
    auto *job = new Job<RollbackService *>(owner);
    const auto done = [job](Result<RollbackService *> r) { job->finish(std::move(r)); };
    Session &session = m_session;
    ProviderClients &providers = m_providers;
    providers.vercel(owner)->onFinished(job, [&session, &providers, options, owner, job, done](const Result<VercelClient *> &vercel) {
        if (!vercel)
            return done(vercel.error());
        providers.github(owner)->onFinished(job, [&session, &providers, vercel, options, owner, done](const Result<GithubClient *> &github) {
            RollbackServiceOptions o = options;
            if (!github)
                o.githubNote = QCoreApplication::translate("RollbackUseCase", "Commits between not shown: %1")
                                   .arg(github.error().message);
            HealthProbe *health = providers.health(owner);
            auto *service = new RollbackService(*vercel.value(), github ? github.value() : nullptr, health,
                                                session.audit(), session.clock(), o, owner);
            // The clients live as long as the service: deleting it deletes them, after its own destructor.
            vercel.value()->setParent(service);
            health->setParent(service);
            if (github)
                github.value()->setParent(service);
            done(service);
        });
    });
    return job;
}

} // namespace opsdeck
