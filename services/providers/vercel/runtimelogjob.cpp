#include "providers/vercel/runtimelogjob.h"

namespace opsdeck {

RuntimeLogJob::~RuntimeLogJob() = default;

} // namespace opsdeck
