#pragma once

namespace opsdeck {

class SandboxRouter;
class SandboxWorld;

// GitHub Actions secrets (sealed with the repository's public key) and pull requests. Part of
// GithubRoutes, split out to keep files small.
class GithubSecretRoutes
{
public:
    static void install(SandboxRouter &router, SandboxWorld &world);
};

} // namespace opsdeck
