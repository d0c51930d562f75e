#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace opsdeck {

// A semantic version as node-semver reads it (loosely: a leading "v" or "=" and spaces are allowed).
struct SemVer {
    qint64 major = 0;
    qint64 minor = 0;
    qint64 patch = 0;
    QStringList prerelease;  // "rc.1" -> {"rc", "1"}
    QString build;

    static std::optional<SemVer> parse(const QString &text);
    // Precedence (semver.org 11): build metadata ignored, a prerelease below its release,
    // numeric identifiers numerically and below alphanumeric ones.
    int compare(const SemVer &other) const;
    int compareMain(const SemVer &other) const;
    bool isPrerelease() const { return !prerelease.isEmpty(); }
    QString toString() const;
};

// node-semver's diff(a, b): "major", "premajor", "minor", "preminor", "patch", "prepatch",
// "prerelease", "none" (equal) or "unknown" (one of them is not a version).
QString semverDiff(const QString &from, const QString &to);

// The runbook's risk of taking a package from current to latest: patch = low, minor = medium,
// major = high; below 1.0.0 a change of the minor is high. A version that cannot be read is high.
enum class UpdateRisk { Low, Medium, High };
UpdateRisk updateRisk(const QString &current, const QString &latest);
QString riskName(UpdateRisk risk);  // "low", "medium", "high"
std::optional<UpdateRisk> parseRisk(const QString &name);

} // namespace opsdeck
