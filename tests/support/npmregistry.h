#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace opsdeck::test {

// A private npm registry for one test: Verdaccio 6.8.0 (installed from npm once per build folder),
// no uplinks (never the public registry), a user made over its API, and an npmrc that points npm at
// it with that user's token. env() is what an npm (or opsdeck-cli) child needs to use it.
class NpmRegistry
{
public:
    NpmRegistry();
    ~NpmRegistry();
    NpmRegistry(const NpmRegistry &) = delete;
    NpmRegistry &operator=(const NpmRegistry &) = delete;

    bool start();               // false with error() set
    QString error() const { return m_error; }
    QString url() const;        // http://127.0.0.1:PORT/
    QString npmrc() const;      // the userconfig file
    QString cacheDir() const;   // npm's cache, private to the test
    QProcessEnvironment env() const;

    // Publishes name@version (package.json fields merged with extra; index.js exports the version).
    bool publish(const QString &name, const QString &version, const QString &extraPackageJson = {});

    // Runs npm with args in dir with env(); returns {exit code, output}.
    std::pair<int, QByteArray> npm(const QStringList &args, const QString &dir) const;

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    int m_port = 0;
    QString m_error;
};

// Runs git (the command-line tool: an independent check of what libgit2 did) in dir; {exit, stdout}.
std::pair<int, QByteArray> gitCli(const QStringList &args, const QString &dir);

} // namespace opsdeck::test
