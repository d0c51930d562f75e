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

// A git checkout of a small npm project, "shop", with a local bare remote ("origin", branch main):
// alpha-odt ^1.0.0 and gamma-odt ~3.2.0, beta-odt ^0.3.0 (dev), locked at 1.0.0, 3.2.0 and 0.3.0 and
// installed; scripts test (fails when alpha-odt 1.1.0 is installed) and build. The packages are
// published into registry first (alpha-odt up to 2.0.0 and a 2.1.0 prerelease, beta-odt up to 0.4.0,
// gamma-odt 3.2.1). Fails the test when any step does.
struct ShopProject {
    QString remote;
    QString checkout;
};
ShopProject makeShopProject(NpmRegistry &registry, const QString &parentDir);

// Runs git (the command-line tool: an independent check of what libgit2 did) in dir; {exit, stdout}.
std::pair<int, QByteArray> gitCli(const QStringList &args, const QString &dir);

} // namespace opsdeck::test
