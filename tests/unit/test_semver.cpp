// node-semver's diff() (the cases of its own test suite), the runbook's risk, and which version an
// update at a risk level takes.
#include "deps/npm.h"
#include "deps/semver.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("semverDiff answers as node-semver's diff")
{
    const struct {
        const char *a, *b, *diff;
    } cases[] = {
        {"1.2.3", "0.2.3", "major"},          {"0.2.3", "1.2.3", "major"},           {"1.4.5", "0.2.3", "major"},
        {"1.2.3", "2.0.0-pre", "premajor"},   {"1.2.3", "1.3.3", "minor"},           {"1.0.1", "1.1.0-pre", "preminor"},
        {"1.2.3", "1.2.4", "patch"},          {"1.2.3", "1.2.4-pre", "prepatch"},    {"0.0.1", "0.0.1-pre", "patch"},
        {"0.0.1", "0.0.1-pre-2", "patch"},    {"1.1.0", "1.1.0-pre", "minor"},       {"1.1.0-pre-1", "1.1.0-pre-2", "prerelease"},
        {"1.0.0", "1.0.0", "none"},           {"1.0.0-1", "1.0.0-1", "none"},        {"0.0.2-1", "0.0.2", "patch"},
        {"0.0.2-1", "0.0.3", "patch"},        {"0.0.2-1", "0.1.0", "minor"},         {"0.0.2-1", "1.0.0", "major"},
        {"0.1.0-1", "0.1.0", "minor"},        {"1.0.0-1", "1.0.0", "major"},         {"1.0.0-1", "1.1.1", "major"},
        {"1.0.0-1", "2.1.1", "major"},        {"1.0.1-1", "1.0.1", "patch"},         {"0.0.0-1", "0.0.0", "major"},
        {"1.0.0-1", "2.0.0", "major"},        {"1.0.0-1", "2.0.0-1", "premajor"},    {"1.0.0-1", "1.1.0-1", "preminor"},
        {"1.0.0-1", "1.0.1-1", "prepatch"},   {"v1.2.3", "=1.2.4", "patch"},         {"1.2.3+build.1", "1.2.3+build.2", "none"},
        {"1.2", "1.3.0", "unknown"},          {"", "1.0.0", "unknown"},              {"latest", "1.0.0", "unknown"},
    };
    for (const auto &c : cases) {
        INFO(c.a << " -> " << c.b);
        CHECK(semverDiff(QString::fromLatin1(c.a), QString::fromLatin1(c.b)).toStdString() == c.diff);
    }
}

TEST_CASE("prerelease precedence follows semver.org")
{
    const char *ordered[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                             "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"};
    for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
        INFO(ordered[i] << " < " << ordered[i + 1]);
        CHECK(SemVer::parse(QString::fromLatin1(ordered[i]))->compare(*SemVer::parse(QString::fromLatin1(ordered[i + 1]))) < 0);
    }
}

TEST_CASE("the runbook's risk: patch low, minor medium, major high, 0.x minor high")
{
    CHECK(updateRisk(QStringLiteral("1.2.3"), QStringLiteral("1.2.9")) == UpdateRisk::Low);
    CHECK(updateRisk(QStringLiteral("1.2.3"), QStringLiteral("1.4.0")) == UpdateRisk::Medium);
    CHECK(updateRisk(QStringLiteral("1.2.3"), QStringLiteral("2.0.0")) == UpdateRisk::High);
    CHECK(updateRisk(QStringLiteral("0.3.0"), QStringLiteral("0.4.0")) == UpdateRisk::High);
    CHECK(updateRisk(QStringLiteral("0.3.0"), QStringLiteral("0.3.2")) == UpdateRisk::Low);
    CHECK(updateRisk(QStringLiteral("1.2.3"), QStringLiteral("2.0.0-rc.1")) == UpdateRisk::High);
    CHECK(updateRisk(QStringLiteral("garbage"), QStringLiteral("1.0.0")) == UpdateRisk::High);
}

TEST_CASE("an update at a risk level takes the newest release it allows, never beyond latest or a prerelease")
{
    const QStringList published{QStringLiteral("1.0.0"), QStringLiteral("1.0.1"), QStringLiteral("1.0.2"), QStringLiteral("1.1.0"),
                                QStringLiteral("1.2.0-beta.1"), QStringLiteral("2.0.0"), QStringLiteral("3.0.0-rc.1"),
                                QStringLiteral("2.1.0")};
    const QString latest = QStringLiteral("2.0.0");  // 2.1.0 is out under another dist-tag
    CHECK(targetVersion(QStringLiteral("1.0.0"), latest, published, UpdateRisk::Low) == QStringLiteral("1.0.2"));
    CHECK(targetVersion(QStringLiteral("1.0.0"), latest, published, UpdateRisk::Medium) == QStringLiteral("1.1.0"));
    CHECK(targetVersion(QStringLiteral("1.0.0"), latest, published, UpdateRisk::High) == QStringLiteral("2.0.0"));
    CHECK_FALSE(targetVersion(QStringLiteral("1.1.0"), latest, published, UpdateRisk::Low).has_value());
    CHECK_FALSE(targetVersion(QStringLiteral("2.0.0"), latest, published, UpdateRisk::High).has_value());
    const QStringList zero{QStringLiteral("0.3.0"), QStringLiteral("0.3.2"), QStringLiteral("0.4.0")};
    CHECK(targetVersion(QStringLiteral("0.3.0"), QStringLiteral("0.4.0"), zero, UpdateRisk::Medium) == QStringLiteral("0.3.2"));
    CHECK(targetVersion(QStringLiteral("0.3.0"), QStringLiteral("0.4.0"), zero, UpdateRisk::High) == QStringLiteral("0.4.0"));
}

TEST_CASE("npm outdated output: empty, an error object, and what is not JSON")
{
    CHECK(parseNpmOutdated("").value().isEmpty());
    CHECK(parseNpmOutdated("{}").value().isEmpty());
    const auto err = parseNpmOutdated(R"({"error":{"code":"ENOLOCK","summary":"This command requires an existing lockfile."}})");
    REQUIRE_FALSE(err.ok());
    CHECK(err.error().message.contains(QStringLiteral("existing lockfile")));
    CHECK_FALSE(parseNpmOutdated("[1,2]").ok());
    CHECK_FALSE(parseNpmOutdated(R"({"x": 3})").ok());
    CHECK_FALSE(parseNpmOutdated(R"({"x": {"current": "1.0.0")").ok());  // cut short
}

TEST_CASE("runTool: a tool run dropped while the program runs (a page closed during npm) kills it quietly")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QString pid;
    auto owner = std::make_unique<QObject>();
    auto *job = runTool(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$; exec sleep 30")}, dir.path(),
                        QProcessEnvironment::systemEnvironment(), false, [&](const QString &line) { pid = line; }, 0,
                        owner.get());
    bool finished = false;
    QObject::connect(job, &JobBase::finished, [&] { finished = true; });
    REQUIRE(test::waitUntil([&] { return !pid.isEmpty(); }, 10'000));
    REQUIRE(QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
    owner.reset();  // the job goes with its owner: its abort kills the program while the job is still whole
    CHECK_FALSE(QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
    QCoreApplication::processEvents();
    CHECK_FALSE(finished);
}
