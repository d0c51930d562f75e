#pragma once

namespace opsdeck {

class SandboxRouter;
class SandboxWorld;

// GitHub Dependabot alerts with before/after cursor pagination (no page numbers). Part of
// GithubRoutes, split out to keep files small.
class GithubAlertRoutes
{
public:
    static void install(SandboxRouter &router, SandboxWorld &world);
};

} // namespace opsdeck
