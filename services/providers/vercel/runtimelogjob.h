#pragma once

#include "core/job.h"
#include "providers/vercel/types.h"

namespace opsdeck {

// The runtime-logs tail: a Job whose result is everything collected, plus linesArrived for
// showing lines live while the stream is open.
class RuntimeLogJob : public Job<RuntimeLogResult>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuntimeLogJob)
public:
    using Job<RuntimeLogResult>::Job;
    ~RuntimeLogJob() override;

Q_SIGNALS:
    void linesArrived(const QList<opsdeck::RuntimeLogLine> &lines);
};

} // namespace opsdeck
