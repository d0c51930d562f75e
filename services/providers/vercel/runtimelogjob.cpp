#include "providers/vercel/runtimelogjob.h"

namespace opsdeck {

// The stream is stopped while the job is still a RuntimeLogJob: lines the abort flushes find it whole.
RuntimeLogJob::~RuntimeLogJob()
{
    abortBeforeDestruction();
}

} // namespace opsdeck
