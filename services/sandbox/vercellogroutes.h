#pragma once

namespace opsdeck {

class SandboxRouter;
class SandboxWorld;

// Vercel's log endpoints: runtime logs (NDJSON tail), the CLI's historical request logs and
// build events. Part of VercelRoutes, split out to keep files small.
class VercelLogRoutes
{
public:
    static void install(SandboxRouter &router, SandboxWorld &world);
};

} // namespace opsdeck
