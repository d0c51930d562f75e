#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <initializer_list>
#include <memory>
#include <optional>

namespace opsdeck::test {

// What one run of opsdeck-cli left behind.
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    QJsonObject object() const { return json().object(); }
    QJsonArray array() const { return json().array(); }
};

// Runs the built opsdeck-cli (test::cliPath()) as a child process, the way a user or cron does:
// HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME point into an isolated home, the rest of the
// environment is the test process's at the time of each run, plus the overrides set here.
// Each run closes stdin after writing the given input.
//
// The caller's event loop runs while the CLI does: run() waits with test::waitUntil, never with
// QProcess::waitForFinished. That is required whenever the CLI talks to something this process
// serves: an in-process Sandbox (its HTTP server answers only while the loop turns), or the keyring
// and the store shared with an in-process AppContext (their pending jobs and replies are delivered
// by the loop). Everything else only pays a few milliseconds for it.
class CliRunner
{
public:
    CliRunner();                               // a fresh temporary home, removed with the runner
    explicit CliRunner(const QString &home);   // an existing home, e.g. a test::IsolatedHome's path()

    QString home() const { return m_home; }
    QString homePath(const QString &relative) const { return m_home + QLatin1Char('/') + relative; }
    // The files the CLI uses in that home (its organisation and application names).
    QString settingsPath() const { return homePath(QStringLiteral("config/OpsDeck/opsdeck.ini")); }
    QString dataDir() const { return homePath(QStringLiteral("data/OpsDeck/opsdeck")); }

    void setEnv(const QString &name, const QString &value);
    void unsetEnv(const QString &name);
    void unsetEnv(std::initializer_list<const char *> names);

    // Fails the test when the CLI does not exit normally within the timeout (60 s unless set).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    CliResult run(const QStringList &args, const QByteArray &stdinData = {}) const;
    // Starts the CLI and returns at once (stdin closed, output discarded): for tests that kill it midway.
    std::unique_ptr<QProcess> start(const QStringList &args) const;

private:
    QProcessEnvironment environment() const;

    std::optional<QTemporaryDir> m_ownHome;
    QString m_home;
    QHash<QString, QString> m_set;
    QSet<QString> m_unset;
    int m_timeoutMs = 60'000;
};

} // namespace opsdeck::test
