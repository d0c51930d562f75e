#pragma once

#include <QStringList>

namespace opsdeck::cli {

// Parses global options, finds the command, builds the AppContext and runs the event loop
// until the command finishes. Returns the process exit code.
int runCli(const QStringList &arguments);

} // namespace opsdeck::cli
