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

TEST_CASE("a database URL that Qt's parser rejects is saved without its password")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.ini"));
    auto settings = Settings::atPath(path);
    ProfileStore store(*settings);
    // '/', '#', '?' and '@' in a password the user did not percent-encode: QUrl rejects the URL or cuts it
    // at the wrong place, and each of these was stored whole.
    const QStringList passwords{QStringLiteral("not/real-pw"), QStringLiteral("123/not-real"),
                                QStringLiteral("not-real#pw"), QStringLiteral("not?real-pw"),
                                QStringLiteral("not@real-pw"), QStringLiteral("50%not-real")};
    for (const QString &pw : passwords) {
        INFO(pw.toStdString());
        Profile p;
        p.name = QStringLiteral("production");
        p.databaseUrl = QStringLiteral("postgresql://app:") + pw + QStringLiteral("@db.example:5432/prod");
        store.save(p);
        settings->sync();
        QFile f(path);
        REQUIRE(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        CHECK_FALSE(saved.contains(pw.toUtf8()));
        CHECK_FALSE(saved.contains(QUrl::toPercentEncoding(pw)));
        CHECK(store.load(p.name).databaseUrl == QStringLiteral("postgresql://app@db.example:5432/prod"));
        CHECK(withoutPassword(p.databaseUrl) == QStringLiteral("postgresql://app@db.example:5432/prod"));
    }
    // The password as a query parameter or in a keyword/value connection string is removed too.
    CHECK(withoutPassword(QStringLiteral("postgresql://app@db.example/prod?password=not-real&sslmode=require"))
          == QStringLiteral("postgresql://app@db.example/prod?sslmode=require"));
    CHECK(withoutPassword(QStringLiteral("host=db.example password='not real' dbname=prod"))
          == QStringLiteral("host=db.example dbname=prod"));
    // A URL without a password is kept as typed, '@' in its query included.
    CHECK(withoutPassword(QStringLiteral("postgresql://app@db.example:5432/prod?sslmode=verify-full"))
          == QStringLiteral("postgresql://app@db.example:5432/prod?sslmode=verify-full"));
    CHECK(withoutPassword(QStringLiteral("postgresql:///prod?host=/run/postgresql"))
          == QStringLiteral("postgresql:///prod?host=/run/postgresql"));
}

TEST_CASE("a URL saved whole by an older version loses its password when loaded")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.ini"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("[profiles]\nold\\databaseUrl=\"postgresql://app:not/real-pw@db.example:5432/prod\"\n");
    }
    auto settings = Settings::atPath(path);
    ProfileStore store(*settings);
    CHECK(store.load(QStringLiteral("old")).databaseUrl == QStringLiteral("postgresql://app@db.example:5432/prod"));
}

TEST_CASE("profile numbers are validated on load: a bad value is an error naming its key, never 0")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.ini"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        // As a user might type them in the settings file.
        f.write("[profiles]\n"
                "ops\\logRotation\\deleteAfterDays=90d\n"
                "ops\\logRotation\\compressAfterDays=14\n"
                "ops\\retention\\keepDaily=-3\n"
                "ops\\thresholds\\p95Ms=fast\n"
                "ops\\thresholds\\errorRatePercent=nan\n"
                "ok\\logRotation\\deleteAfterDays=\" 30 \"\n"
                "ok\\thresholds\\costPerDayUsd=12.5\n");
    }
    auto settings = Settings::atPath(path);
    ProfileStore store(*settings);

    const Profile bad = store.load(QStringLiteral("ops"));
    CHECK(bad.logRotation.deleteAfterDays != 0);
    CHECK(bad.logRotation.deleteAfterDays == LogRotationSettings().deleteAfterDays);  // declared default
    CHECK(bad.logRotation.compressAfterDays == 14);  // a valid value is kept
    CHECK(bad.retention.keepDaily == RetentionSettings().keepDaily);
    CHECK(bad.thresholds.p95Ms == Approx(Thresholds().p95Ms));
    const QString problems = bad.loadProblems.join(QLatin1Char('\n'));
    INFO(problems.toStdString());
    CHECK(bad.loadProblems.size() == 4);
    CHECK(problems.contains(QStringLiteral("logRotation/deleteAfterDays")));
    CHECK(problems.contains(QStringLiteral("\"90d\"")));
    CHECK(problems.contains(QStringLiteral("retention/keepDaily")));
    CHECK(problems.contains(QStringLiteral("thresholds/p95Ms")));
    CHECK(problems.contains(QStringLiteral("thresholds/errorRatePercent")));

    const Result<Profile> refused = store.read(QStringLiteral("ops"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::Config);
    CHECK(refused.error().toString().contains(QStringLiteral("logRotation/deleteAfterDays")));
    CHECK(refused.error().toString().contains(QStringLiteral("ops")));

    const Result<Profile> fine = store.read(QStringLiteral("ok"));
    REQUIRE(fine.ok());
    CHECK(fine.value().loadProblems.isEmpty());
    CHECK(fine.value().logRotation.deleteAfterDays == 30);
    CHECK(fine.value().thresholds.costPerDayUsd == Approx(12.5));
}

TEST_CASE("numbers saved by the Profiles page load without problems")
{
    QTemporaryDir dir;
    auto settings = Settings::atPath(dir.filePath(QStringLiteral("opsdeck.ini")));
    ProfileStore store(*settings);
    Profile p;
    p.name = QStringLiteral("edge");
    p.logRotation.compressAfterDays = 0;
    p.logRotation.deleteAfterDays = 36500;
    p.retention.keepYearly = 0;
    p.thresholds.errorRatePercent = 0.25;
    p.thresholds.costPerDayUsd = 1e6;
    store.save(p);
    settings->sync();
    auto reread = Settings::atPath(dir.filePath(QStringLiteral("opsdeck.ini")));
    ProfileStore again(*reread);
    const Result<Profile> back = again.read(QStringLiteral("edge"));
    INFO((back ? QString() : back.error().toString()).toStdString());
    REQUIRE(back.ok());
    CHECK(back.value().logRotation.deleteAfterDays == 36500);
    CHECK(back.value().thresholds.errorRatePercent == Approx(0.25));
}
