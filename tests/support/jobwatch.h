#pragma once

#include "core/job.h"
#include "testsupport.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace opsdeck::test {

// Watches a Job from the moment it is made: the result is kept even though the job deletes itself
// right after finishing, so a test can poll done() and read the result later. The event loop must
// run (wait(), waitUntil()) for the job to finish.
template <typename T>
class JobWatch
{
public:
    explicit JobWatch(Job<T> *job) : m_job(job)
    {
        job->onFinished(&m_context, [this](const Result<T> &r) { m_result.emplace(r); });
    }

    bool done() const { return m_result.has_value(); }
    // The job while it runs; null once it has finished and gone.
    Job<T> *job() const { return m_job.data(); }
    Result<T> wait(int timeoutMs = 240'000)
    {
        if (!waitUntil([this] { return done(); }, timeoutMs))
            return makeError(ErrorKind::Timeout, QStringLiteral("the job did not finish within %1 ms").arg(timeoutMs));
        return *m_result;
    }

private:
    QObject m_context;
    QPointer<Job<T>> m_job;
    std::optional<Result<T>> m_result;
};

template <typename T>
Result<T> wait(Job<T> *job, int timeoutMs = 240'000)
{
    JobWatch<T> watch(job);
    return watch.wait(timeoutMs);
}

} // namespace opsdeck::test
