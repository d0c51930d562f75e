#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

class QTemporaryDir;

namespace opsdeck {
class AppContext;
}

namespace opsdeck::test {

class CliRunner;

struct ContextOptions {
    bool demo = true;           // start the in-process sandbox and use the Demo profile
    quint64 sandboxSeed = 42;   // the sandbox's world (AppOptions' default)
    bool demoHistory = false;   // the GUI demo's week of stored health probes
    QString storeLocation = {}; // a shared store's URL (password: OPSDECK_STORE_PASSWORD), empty: the file
};

// The composition root as the app builds it, with its settings file and data folder in dir
// (dir/settings.ini, dir/data), so nothing touches the user's files. Fails the test, with the
// reason, when it cannot be built.
std::unique_ptr<AppContext> makeContext(const QTemporaryDir &dir, ContextOptions options = {});
// The same on the files the CLI uses in cli's home: the in-process app and the CLI runs share the
// settings, the store and the audit log.
std::unique_ptr<AppContext> makeContext(const CliRunner &cli, ContextOptions options = {});

} // namespace opsdeck::test
