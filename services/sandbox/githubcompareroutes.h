#pragma once

namespace opsdeck {

class SandboxRouter;
class SandboxWorld;

// GitHub's "compare two commits" (GET /repos/{o}/{r}/compare/{base}...{head}) over the commits the
// deployments were built from: production deployments are the main line, each preview deployment
// a branch commit on top of the main commit before it. Part of GithubRoutes.
class GithubCompareRoutes
{
public:
    static void install(SandboxRouter &router, SandboxWorld &world);
};

} // namespace opsdeck
