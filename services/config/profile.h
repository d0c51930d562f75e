#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QHash>
#include <QUrl>

namespace opsdeck {

class Settings;

// The five alert thresholds of the runbook, editable per profile.
struct Thresholds {
    double errorRatePercent = 1.0;
    double p95Ms = 2000.0;
    double costPerDayUsd = 50.0;
    int failedWorkflows24h = 3;
    double dbConnectionsPercent = 80.0;
};

// Log rotation, per profile: which files, and when they are compressed and deleted.
struct LogRotationSettings {
    QString pattern = QStringLiteral("*.log");  // archives are pattern + ".gz"
    int compressAfterDays = 7;
    int deleteAfterDays = 90;
};

// Backup retention, per profile (restic's keep-daily/weekly/monthly/yearly; 0 turns a rule off).
struct RetentionSettings {
    int keepDaily = 7;
    int keepWeekly = 4;
    int keepMonthly = 12;
    int keepYearly = 7;
};

// Everything OpsDeck needs to know about one environment, except secrets.
struct Profile {
    QString name;
    bool demo = false;
    QUrl vercelApi{QStringLiteral("https://api.vercel.com")};
    QString vercelProject;
    QString vercelTeam;
    QUrl githubApi{QStringLiteral("https://api.github.com")};
    QString githubRepo;  // owner/name
    QUrl openaiApi{QStringLiteral("https://api.openai.com")};
    QUrl anthropicApi{QStringLiteral("https://api.anthropic.com")};
    QStringList healthUrls;
    QString databaseUrl;  // without password: the password lives in the keychain
    QStringList logDirs;
    QString backupDest;   // folder or s3://bucket/prefix
    QString s3Endpoint;
    QString awsRegion = QStringLiteral("us-east-1");
    bool encryptBackups = false;  // with the keychain's "backup-encryption-key"
    QString runbookFile;  // empty = built-in default runbook
    Thresholds thresholds;
    LogRotationSettings logRotation;
    QString appLogPattern;  // regular expression for app.log errors; empty = the built-in one
    RetentionSettings retention;
    // SQL on the product database counting a month's active users (see costs/activeusersquery.h).
    QString activeUsersQuery;
    // The OpenAI project whose API key is the product's (openai-api-key): a rotation deletes the old
    // key there. OPSDECK_OPENAI_PROJECT overrides it.
    QString openaiProject;
    // The product's npm project checkout (the Dependencies page, deps commands). OPSDECK_PROJECT_DIR.
    QString projectDir;
    // Per credential (its keychain name), the GitHub Actions secrets a rotation pushes it to, when
    // they differ from the credential's defaults; an empty list pushes it nowhere.
    QHash<QString, QStringList> githubSecrets;
    // Values of the settings file that were refused when the profile was loaded, each naming its key
    // ("logRotation/deleteAfterDays is \"90d\" ..."). Such a value keeps its declared default, never 0.
    QStringList loadProblems;

    // The Actions secrets credential is pushed to: the profile's choice, else defaults.
    QStringList githubSecretsFor(const QString &credential, const QStringList &defaults) const
    {
        return githubSecrets.contains(credential) ? githubSecrets.value(credential) : defaults;
    }
    QString githubOwner() const { return githubRepo.section(QLatin1Char('/'), 0, 0); }
    QString githubRepoName() const { return githubRepo.section(QLatin1Char('/'), 1); }
};

// Profiles are stored in Settings under "profiles/<name>/...".
class ProfileStore
{
    Q_DECLARE_TR_FUNCTIONS(ProfileStore)

public:
    explicit ProfileStore(Settings &settings);

    QStringList names() const;
    bool contains(const QString &name) const;
    // The profile, or a Config error naming each number of the settings file that is not valid
    // (not a number, or out of the range the Profiles page allows).
    Result<Profile> read(const QString &name) const;
    // As read(), but a profile with invalid values is still returned, with loadProblems set.
    Profile load(const QString &name) const;
    void save(const Profile &profile);
    void remove(const QString &name);
    QString defaultProfileName() const;
    void setDefaultProfileName(const QString &name);

    static bool isValidName(const QString &name);

private:
    Settings &m_settings;
};

// Environment variables override the profile (cli.md): OPSDECK_*_API, OPSDECK_VERCEL_PROJECT, ...
// DATABASE_URL's password, if any, is removed from the returned profile (it is a secret).
Profile applyEnvironment(Profile profile, const QProcessEnvironment &env);

// A URL with its password removed, for display and for storing in settings.
QString withoutPassword(const QString &url);
// True when url carries a credential (a user info password, or a token, key or signature among its
// query parameters). Settings never hold one: the Profiles page refuses such a health URL, and
// ProfileStore::save drops the credential if one gets that far.
bool carriesCredentials(const QString &url);
QString withoutCredentials(const QString &url);

} // namespace opsdeck
