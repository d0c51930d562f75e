#pragma once

#include "sandbox/sandboxtypes.h"

#include <QList>

namespace opsdeck {

// Builds the seeded records of the simulated production, 30 days ending at nowMs. Each kind
// draws from its own random stream, so adding one kind never changes another.
class SandboxSeeder
{
public:
    SandboxSeeder(quint64 seed, qint64 nowMs) : m_seed(seed), m_nowMs(nowMs) {}

    QList<SandboxDeployment> deployments() const;  // newest first
    QList<SandboxLogLine> runtimeLogs() const;     // oldest first, the last 24 h
    QList<SandboxRun> runs() const;                // newest first
    QList<SandboxSecret> secrets() const;
    QList<SandboxPullRequest> pullRequests() const;
    QList<SandboxAlert> alerts() const;            // by number
    QList<SandboxApiKey> apiKeys() const;          // newest first
    QList<SandboxEnvVar> envVars() const;          // the project's, one missing in production

    static constexpr int kProductionDeployments = 25;
    static constexpr int kPreviewDeployments = 15;
    static constexpr int kRuns = 60;
    static constexpr int kRequestLines = 2400;  // the day's successful (or 304/404) requests in the runtime logs

private:
    quint64 m_seed;
    qint64 m_nowMs;
};

} // namespace opsdeck
