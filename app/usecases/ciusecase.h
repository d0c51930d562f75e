#pragma once

#include "core/job.h"
#include "providers/github/types.h"
#include "providers/providererror.h"

#include <QObject>
#include <QString>

namespace opsdeck {

class ProviderClients;
class Session;

// GitHub Actions for the GUI and the CLI: re-running a workflow run (all its jobs or the failed
// ones), with the request and its answer written to the audit trail (action "ci.rerun").
class CiUseCase
{
public:
    CiUseCase(Session &session, ProviderClients &providers);

    struct Rerun {
        ActionReceipt receipt;
        QString auditProblem;  // accepted by GitHub, but the audit entry could not be written
    };
    // run: at least the id; its number, workflow name and attempt go into the audit entry when known.
    Job<Rerun> *rerun(const WorkflowRun &run, bool failedJobsOnly, QObject *parent);

private:
    Session &m_session;
    ProviderClients &m_providers;
};

} // namespace opsdeck
