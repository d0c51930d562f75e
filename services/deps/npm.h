#pragma once

#include "core/job.h"
#include "deps/semver.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace opsdeck {

// One row of `npm outdated --json --long`.
struct OutdatedPackage {
    QString name;
    QString current;         // empty when not installed
    QString wanted;          // the newest the package.json range allows
    QString latest;          // the registry's "latest" dist-tag
    QString dependencyType;  // dependencies, devDependencies, ...
    QString location;
    QString updateType;      // semverDiff(current, latest)
    UpdateRisk risk = UpdateRisk::High;
};

// `npm outdated --json [--long]` output: an object by package name, each an object or (workspaces)
// an array of objects. Anything else is a BadResponse error naming what was wrong.
Result<QList<OutdatedPackage>> parseNpmOutdated(const QByteArray &json);

// The version a package goes to when updates up to level are taken: the newest published release
// (never a prerelease) above current, not above latest, whose risk from current is at most level:
// low keeps major.minor, medium keeps the major (and, below 1.0.0, the minor), high is latest.
// nullopt when nothing qualifies.
std::optional<QString> targetVersion(const QString &current, const QString &latest, const QStringList &published,
                                     UpdateRisk level);

// What a tool run left.
struct ToolRun {
    int exitCode = -1;
    QByteArray stdoutData;  // only with captureStdout
    QStringList tail;       // the output's last lines (stdout and stderr as they came)
};

// Runs program with args in dir, never through a shell: each output line goes to onLine as it comes
// (on the caller's thread), the last 40 are kept. With captureStdout, stdout is kept whole (for JSON)
// and only stderr is streamed. A program that is not there is a Config error saying what to install;
// the job's cancel() kills the process; timeoutMs (0: none) kills it too, with a Timeout error. A
// non-zero exit is not an error here: the caller decides.
Job<ToolRun> *runTool(const QString &program, const QStringList &args, const QString &dir, const QProcessEnvironment &env,
                      bool captureStdout, std::function<void(const QString &line)> onLine, qint64 timeoutMs,
                      QObject *owner);

// The project's package.json, or an error saying it is missing or not JSON.
Result<QJsonObject> readPackageJson(const QString &dir);

} // namespace opsdeck
