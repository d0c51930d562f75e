#include "config/profile.h"
#include "config/settings.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>

using namespace opsdeck;

TEST_CASE("typed keys return their default until set, and persist")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.ini"));
    {
        auto s = Settings::atPath(path);
        CHECK(s->value(keys::theme) == QStringLiteral("system"));
        CHECK_FALSE(s->value(keys::firstStartDone));
        s->setValue(keys::theme, QStringLiteral("dark"));
        s->setValue(keys::firstStartDone, true);
    }
    auto again = Settings::atPath(path);
    CHECK(again->value(keys::theme) == QStringLiteral("dark"));
    CHECK(again->value(keys::firstStartDone));
}

TEST_CASE("a profile round-trips through settings, without the database password")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.ini"));
    auto settings = Settings::atPath(path);
    ProfileStore store(*settings);
    Profile p;
    p.name = QStringLiteral("production");
    p.vercelProject = QStringLiteral("prj_1");
    p.githubRepo = QStringLiteral("acme/web");
    p.githubApi = QUrl(QStringLiteral("https://ghe.example.com/api/v3"));
    p.healthUrls = {QStringLiteral("https://a.example/api/health"), QStringLiteral("https://b.example/api/health")};
    p.databaseUrl = QStringLiteral("postgresql://app:hunter2-not-real@db.example:5432/prod");
    p.thresholds.costPerDayUsd = 75.5;
    p.thresholds.failedWorkflows24h = 5;
    p.logRotation.pattern = QStringLiteral("access-*.log");
    p.logRotation.compressAfterDays = 3;
    p.appLogPattern = QStringLiteral("FATAL (?<type>\\w+)");
    p.retention.keepDaily = 14;
    p.retention.keepYearly = 0;
    store.save(p);
    settings->sync();

    const Profile back = store.load(QStringLiteral("production"));
    CHECK(back.vercelProject == QStringLiteral("prj_1"));
    CHECK(back.githubOwner() == QStringLiteral("acme"));
    CHECK(back.githubRepoName() == QStringLiteral("web"));
    CHECK(back.githubApi.toString() == QStringLiteral("https://ghe.example.com/api/v3"));
    CHECK(back.healthUrls.size() == 2);
    CHECK(back.thresholds.costPerDayUsd == Approx(75.5));
    CHECK(back.thresholds.failedWorkflows24h == 5);
    CHECK(back.thresholds.errorRatePercent == Approx(1.0));  // default kept
    CHECK(back.databaseUrl == QStringLiteral("postgresql://app@db.example:5432/prod"));
    CHECK(back.logRotation.pattern == QStringLiteral("access-*.log"));
    CHECK(back.logRotation.compressAfterDays == 3);
    CHECK(back.logRotation.deleteAfterDays == 90);  // default kept
    CHECK(back.appLogPattern == QStringLiteral("FATAL (?<type>\\w+)"));
    CHECK(back.retention.keepDaily == 14);
    CHECK(back.retention.keepWeekly == 4);  // default kept
    CHECK(back.retention.keepYearly == 0);

    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK_FALSE(f.readAll().contains("hunter2-not-real"));
    CHECK(store.names() == QStringList{QStringLiteral("production")});
    CHECK(store.defaultProfileName() == QStringLiteral("production"));
}

TEST_CASE("environment variables override the profile as cli.md says")
{
    Profile p;
    p.name = QStringLiteral("x");
    p.vercelProject = QStringLiteral("from-profile");
    QProcessEnvironment env;
    env.insert(QStringLiteral("OPSDECK_VERCEL_API"), QStringLiteral("http://127.0.0.1:9/vercel"));
    env.insert(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QStringLiteral("prj_env"));
    env.insert(QStringLiteral("OPSDECK_GITHUB_REPO"), QStringLiteral("o/r"));
    env.insert(QStringLiteral("OPSDECK_LOG_DIRS"), QStringLiteral("/a:/b"));
    env.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("postgresql://u:pw-not-real@h/db"));
    const Profile o = applyEnvironment(p, env);
    CHECK(o.vercelApi.toString() == QStringLiteral("http://127.0.0.1:9/vercel"));
    CHECK(o.vercelProject == QStringLiteral("prj_env"));
    CHECK(o.githubRepo == QStringLiteral("o/r"));
    CHECK(o.logDirs == QStringList{QStringLiteral("/a"), QStringLiteral("/b")});
    CHECK(o.databaseUrl == QStringLiteral("postgresql://u@h/db"));
    CHECK(o.openaiApi.toString() == QStringLiteral("https://api.openai.com"));  // untouched default
}

TEST_CASE("profile names are validated")
{
    CHECK(ProfileStore::isValidName(QStringLiteral("prod-eu.1")));
    CHECK_FALSE(ProfileStore::isValidName(QString()));
    CHECK_FALSE(ProfileStore::isValidName(QStringLiteral("../etc")));
    CHECK_FALSE(ProfileStore::isValidName(QStringLiteral("a/b")));
}
