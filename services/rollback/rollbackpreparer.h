#pragma once

#include "core/clock.h"
#include "core/job.h"
#include "rollback/rollbackplan.h"

namespace opsdeck {

class GithubClient;
class VercelClient;
struct RollbackRequest;

// Phase one of a rollback (prepare the plan; RollbackService executes it): reads the project
// (production now), the current and the target deployment and, when github is set and both carry a
// commit, the commits between them; then buildRollbackPlan(). Only GETs. A failed compare
// leaves a note in the plan instead of failing it.
class RollbackPreparer
{
public:
    static Job<RollbackPlan> *prepare(VercelClient &vercel, GithubClient *github, Clock &clock,
                                      const RollbackRequest &request, const QString &teamSlug,
                                      const QString &noGithubNote, QObject *parent);
};

} // namespace opsdeck
