// opsdeck-cli profile show as a user runs it against a settings file written by hand or by an older
// version: it never prints a password, and a number it cannot read is an error naming the key, never 0.
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>

namespace {

// opsdeck-cli in a home of its own, with nothing configured through the environment.
class Cli : public opsdeck::test::CliRunner
{
public:
    Cli() { unsetEnv({"DATABASE_URL", "OPSDECK_LOG_DIRS", "OPSDECK_HEALTH_URL", "OPSDECK_BACKUP_DEST"}); }
    // The settings file as a text editor (or an older OpsDeck) left it.
    void writeSettings(const QByteArray &ini)
    {
        REQUIRE(QDir().mkpath(QFileInfo(settingsPath()).path()));
        QFile f(settingsPath());
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(f.write(ini) == ini.size());
    }
};

} // namespace

TEST_CASE("profile show never prints the password of a database URL Qt cannot parse")
{
    Cli cli;
    // '/' and '#' in the password: QUrl rejects this URL (or stops at the '#').
    cli.writeSettings("[general]\ndefaultProfile=ops\n\n"
                      "[profiles]\nops\\databaseUrl=\"postgresql://app:not/real#pw@db.example:5432/prod\"\n"
                      "ops\\healthUrls=https://monitor:hc-not-real@status.example.test/health\n");
    for (const QStringList &args : {QStringList{QStringLiteral("profile"), QStringLiteral("show")},
                                    QStringList{QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("show")}}) {
        const opsdeck::test::CliResult r = cli.run(args);
        INFO(r.err.toStdString());
        CHECK(r.exitCode == 0);
        CHECK(r.out.contains("postgresql://app@db.example:5432/prod"));
        CHECK_FALSE(r.out.contains("real#pw"));
        CHECK_FALSE(r.out.contains("not/real"));
        CHECK_FALSE(r.err.contains("real#pw"));
        CHECK(r.out.contains("status.example.test/health"));
        CHECK_FALSE(r.out.contains("hc-not-real"));
    }
}

TEST_CASE("a profile number the settings file spells wrong stops the CLI with the key, and deletes nothing")
{
    Cli cli;
    cli.writeSettings("[general]\ndefaultProfile=ops\n\n[profiles]\nops\\logRotation\\deleteAfterDays=90d\n");

    const opsdeck::test::CliResult shown = cli.run({QStringLiteral("profile"), QStringLiteral("show")});
    CHECK(shown.exitCode == 2);
    CHECK(shown.err.contains("logRotation/deleteAfterDays"));
    CHECK(shown.err.contains("90d"));

    // What cron runs: the archive is 30 days old, far from the 90 days meant. "90d" once read as 0 days
    // and every archive was planned for deletion.
    QTemporaryDir logs;
    REQUIRE(logs.isValid());
    const QString archive = logs.filePath(QStringLiteral("web.log.gz"));
    {
        QFile f(archive);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("gz");
    }
    struct timespec t[2];
    t[0].tv_sec = t[1].tv_sec = time_t(QDateTime::currentSecsSinceEpoch() - 30 * 86400);
    t[0].tv_nsec = t[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, QFile::encodeName(archive).constData(), t, 0) == 0);
    const opsdeck::test::CliResult plan = cli.run({QStringLiteral("--json"), QStringLiteral("logs"), QStringLiteral("rotate"), logs.path(),
                                 QStringLiteral("--dry-run")});
    INFO(plan.err.toStdString());
    bool plannedDelete = false;
    for (const QJsonValue &v : QJsonDocument::fromJson(plan.out).array())
        plannedDelete = plannedDelete || v.toObject().value(QStringLiteral("action")).toString() == QStringLiteral("delete");
    CHECK_FALSE(plannedDelete);
    // Every command stops on the bad value, naming it, rather than run on a default nobody chose.
    CHECK(plan.exitCode == 2);
    CHECK(plan.err.contains("logRotation/deleteAfterDays"));
    CHECK(QFile::exists(archive));
}
