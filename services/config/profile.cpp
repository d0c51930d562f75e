#include "config/profile.h"

#include "config/settings.h"

#include "core/text.h"
#include "net/redactor.h"

#include <QRegularExpression>

#include <cmath>

namespace opsdeck {

namespace {
QString group(const QString &name) { return QStringLiteral("profiles/") + name; }

QUrl urlOr(const QVariant &v, const QUrl &fallback)
{
    const QString s = v.toString();
    return s.isEmpty() ? fallback : QUrl(s);
}

// The numbers of one profile, read strictly. QVariant::toInt() turns "90d" into 0, and a rotation that
// deletes archives older than 0 days deletes them all: a value that is not a number in the range the
// Profiles page allows is a problem naming its key, and the field keeps its declared default.
class NumberReader
{
public:
    NumberReader(const QSettings &settings, QStringList &problems) : m_settings(settings), m_problems(problems) {}

    void read(const char *key, int &target, int min, int max)
    {
        const QVariant v = m_settings.value(QLatin1String(key));
        if (!v.isValid())
            return;
        bool ok = false;
        const int n = v.toString().trimmed().toInt(&ok, 10);
        if (ok && n >= min && n <= max)
            target = n;
        else
            m_problems << ProfileStore::tr("%1 is \"%2\": expected a whole number from %3 to %4")
                              .arg(QLatin1String(key), shown(v)).arg(min).arg(max);
    }

    void read(const char *key, double &target, double min, double max)
    {
        const QVariant v = m_settings.value(QLatin1String(key));
        if (!v.isValid())
            return;
        bool ok = false;
        const double n = v.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(n) && n >= min && n <= max)
            target = n;
        else
            m_problems << ProfileStore::tr("%1 is \"%2\": expected a number from %3 to %4")
                              .arg(QLatin1String(key), shown(v)).arg(min).arg(max);
    }

private:
    static QString shown(const QVariant &v) { return sanitizeForDisplay(v.toString()).left(40); }

    const QSettings &m_settings;
    QStringList &m_problems;
};
} // namespace

ProfileStore::ProfileStore(Settings &settings) : m_settings(settings) {}

QStringList ProfileStore::names() const
{
    QSettings &s = m_settings.raw();
    s.beginGroup(QStringLiteral("profiles"));
    QStringList result = s.childGroups();
    s.endGroup();
    result.sort(Qt::CaseInsensitive);
    return result;
}

bool ProfileStore::contains(const QString &name) const { return names().contains(name); }

Result<Profile> ProfileStore::read(const QString &name) const
{
    Profile p = load(name);
    if (p.loadProblems.isEmpty())
        return p;
    return makeError(ErrorKind::Config,
                     tr("The profile \"%1\" has values OpsDeck cannot use: %2")
                         .arg(name, p.loadProblems.join(QStringLiteral("; "))),
                     tr("correct them on the Profiles page or in %1").arg(m_settings.fileName()));
}

Profile ProfileStore::load(const QString &name) const
{
    QSettings &s = m_settings.raw();
    Profile p;
    p.name = name;
    s.beginGroup(group(name));
    p.demo = s.value(QStringLiteral("demo"), false).toBool();
    p.vercelApi = urlOr(s.value(QStringLiteral("vercelApi")), p.vercelApi);
    p.vercelProject = s.value(QStringLiteral("vercelProject")).toString();
    p.vercelTeam = s.value(QStringLiteral("vercelTeam")).toString();
    p.githubApi = urlOr(s.value(QStringLiteral("githubApi")), p.githubApi);
    p.githubRepo = s.value(QStringLiteral("githubRepo")).toString();
    p.openaiApi = urlOr(s.value(QStringLiteral("openaiApi")), p.openaiApi);
    p.anthropicApi = urlOr(s.value(QStringLiteral("anthropicApi")), p.anthropicApi);
    p.healthUrls = s.value(QStringLiteral("healthUrls")).toStringList();
    p.databaseUrl = withoutPassword(s.value(QStringLiteral("databaseUrl")).toString());
    p.logDirs = s.value(QStringLiteral("logDirs")).toStringList();
    p.backupDest = s.value(QStringLiteral("backupDest")).toString();
    p.s3Endpoint = s.value(QStringLiteral("s3Endpoint")).toString();
    p.awsRegion = s.value(QStringLiteral("awsRegion"), p.awsRegion).toString();
    p.encryptBackups = s.value(QStringLiteral("encryptBackups"), false).toBool();
    p.runbookFile = s.value(QStringLiteral("runbookFile")).toString();
    p.appLogPattern = s.value(QStringLiteral("appLogPattern")).toString();
    p.activeUsersQuery = s.value(QStringLiteral("activeUsersQuery")).toString();
    p.openaiProject = s.value(QStringLiteral("openaiProject")).toString();
    p.projectDir = s.value(QStringLiteral("projectDir")).toString();
    s.beginGroup(QStringLiteral("githubSecrets"));
    for (const QString &credential : s.childKeys())
        p.githubSecrets.insert(credential, s.value(credential).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts));
    s.endGroup();
    // The ranges are those of the Profiles page.
    NumberReader numbers(s, p.loadProblems);
    numbers.read("thresholds/errorRatePercent", p.thresholds.errorRatePercent, 0.0, 100.0);
    numbers.read("thresholds/p95Ms", p.thresholds.p95Ms, 0.0, 600000.0);
    numbers.read("thresholds/costPerDayUsd", p.thresholds.costPerDayUsd, 0.0, 1e6);
    numbers.read("thresholds/failedWorkflows24h", p.thresholds.failedWorkflows24h, 0, 10000);
    numbers.read("thresholds/dbConnectionsPercent", p.thresholds.dbConnectionsPercent, 0.0, 100.0);
    p.logRotation.pattern = s.value(QStringLiteral("logRotation/pattern"), p.logRotation.pattern).toString();
    numbers.read("logRotation/compressAfterDays", p.logRotation.compressAfterDays, 0, 3650);
    numbers.read("logRotation/deleteAfterDays", p.logRotation.deleteAfterDays, 0, 36500);
    numbers.read("retention/keepDaily", p.retention.keepDaily, 0, 1000);
    numbers.read("retention/keepWeekly", p.retention.keepWeekly, 0, 1000);
    numbers.read("retention/keepMonthly", p.retention.keepMonthly, 0, 1000);
    numbers.read("retention/keepYearly", p.retention.keepYearly, 0, 1000);
    s.endGroup();
    return p;
}

void ProfileStore::save(const Profile &p)
{
    QSettings &s = m_settings.raw();
    s.remove(group(p.name));
    s.beginGroup(group(p.name));
    s.setValue(QStringLiteral("demo"), p.demo);
    s.setValue(QStringLiteral("vercelApi"), p.vercelApi.toString());
    s.setValue(QStringLiteral("vercelProject"), p.vercelProject);
    s.setValue(QStringLiteral("vercelTeam"), p.vercelTeam);
    s.setValue(QStringLiteral("githubApi"), p.githubApi.toString());
    s.setValue(QStringLiteral("githubRepo"), p.githubRepo);
    s.setValue(QStringLiteral("openaiApi"), p.openaiApi.toString());
    s.setValue(QStringLiteral("anthropicApi"), p.anthropicApi.toString());
    QStringList healthUrls;
    for (const QString &url : p.healthUrls)
        healthUrls << withoutCredentials(url);
    s.setValue(QStringLiteral("healthUrls"), healthUrls);
    s.setValue(QStringLiteral("databaseUrl"), withoutPassword(p.databaseUrl));
    s.setValue(QStringLiteral("logDirs"), p.logDirs);
    s.setValue(QStringLiteral("backupDest"), p.backupDest);
    s.setValue(QStringLiteral("s3Endpoint"), p.s3Endpoint);
    s.setValue(QStringLiteral("awsRegion"), p.awsRegion);
    s.setValue(QStringLiteral("encryptBackups"), p.encryptBackups);
    s.setValue(QStringLiteral("runbookFile"), p.runbookFile);
    s.setValue(QStringLiteral("thresholds/errorRatePercent"), p.thresholds.errorRatePercent);
    s.setValue(QStringLiteral("thresholds/p95Ms"), p.thresholds.p95Ms);
    s.setValue(QStringLiteral("thresholds/costPerDayUsd"), p.thresholds.costPerDayUsd);
    s.setValue(QStringLiteral("thresholds/failedWorkflows24h"), p.thresholds.failedWorkflows24h);
    s.setValue(QStringLiteral("thresholds/dbConnectionsPercent"), p.thresholds.dbConnectionsPercent);
    s.setValue(QStringLiteral("logRotation/pattern"), p.logRotation.pattern);
    s.setValue(QStringLiteral("logRotation/compressAfterDays"), p.logRotation.compressAfterDays);
    s.setValue(QStringLiteral("logRotation/deleteAfterDays"), p.logRotation.deleteAfterDays);
    s.setValue(QStringLiteral("appLogPattern"), p.appLogPattern);
    s.setValue(QStringLiteral("activeUsersQuery"), p.activeUsersQuery);
    s.setValue(QStringLiteral("openaiProject"), p.openaiProject);
    s.setValue(QStringLiteral("projectDir"), p.projectDir);
    for (auto it = p.githubSecrets.cbegin(); it != p.githubSecrets.cend(); ++it)
        s.setValue(QStringLiteral("githubSecrets/") + it.key(), it.value().join(QLatin1Char(' ')));
    s.setValue(QStringLiteral("retention/keepDaily"), p.retention.keepDaily);
    s.setValue(QStringLiteral("retention/keepWeekly"), p.retention.keepWeekly);
    s.setValue(QStringLiteral("retention/keepMonthly"), p.retention.keepMonthly);
    s.setValue(QStringLiteral("retention/keepYearly"), p.retention.keepYearly);
    s.endGroup();
    s.sync();
}

void ProfileStore::remove(const QString &name)
{
    m_settings.raw().remove(group(name));
    if (defaultProfileName() == name)
        setDefaultProfileName(QString());
}

QString ProfileStore::defaultProfileName() const
{
    const QString name = m_settings.value(keys::defaultProfile);
    if (!name.isEmpty() && contains(name))
        return name;
    const QStringList all = names();
    return all.isEmpty() ? QString() : all.first();
}

void ProfileStore::setDefaultProfileName(const QString &name)
{
    m_settings.setValue(keys::defaultProfile, name);
    m_settings.sync();
}

bool ProfileStore::isValidName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return re.match(name).hasMatch();
}

namespace {
// "password=..." of a keyword/value connection string ("host=db password='x y' dbname=prod").
QString withoutKeywordPassword(const QString &conninfo)
{
    static const QRegularExpression re(QStringLiteral("(^|\\s+)password\\s*=\\s*(?:'(?:[^'\\\\]|\\\\.)*'?|\\S*)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return QString(conninfo).remove(re).trimmed();
}

// "password=..." among the query parameters of a URL (libpq accepts it there too).
QString withoutQueryPassword(const QString &url)
{
    const qsizetype question = url.indexOf(QLatin1Char('?'));
    if (question < 0)
        return url;
    qsizetype end = url.indexOf(QLatin1Char('#'), question);
    if (end < 0)
        end = url.size();
    QStringList kept;
    bool removed = false;
    const QStringList items = url.mid(question + 1, end - question - 1).split(QLatin1Char('&'));
    for (const QString &item : items) {
        if (item.section(QLatin1Char('='), 0, 0).compare(QLatin1String("password"), Qt::CaseInsensitive) == 0)
            removed = true;
        else
            kept << item;
    }
    if (!removed)
        return url;
    return url.left(kept.isEmpty() ? question : question + 1) + kept.join(QLatin1Char('&')) + url.mid(end);
}
} // namespace

QString withoutPassword(const QString &url)
{
    if (url.isEmpty())
        return url;
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return withoutKeywordPassword(url);
    // By hand, not with QUrl: a password with '/', '?', '#', '@' or '%' that is not percent-encoded makes
    // QUrl reject the URL, or end the user info early, and the password used to be kept whole. The user
    // info ends at the last '@' (at worst a '@' later in the URL cuts more than the password).
    const qsizetype authority = schemeEnd + 3;
    const qsizetype at = url.lastIndexOf(QLatin1Char('@'));
    QString out = url;
    if (at > authority) {
        const QString userInfo = url.mid(authority, at - authority);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            const QString user = userInfo.left(colon);
            out = url.left(authority) + user + (user.isEmpty() ? QString() : QStringLiteral("@")) + url.mid(at + 1);
        }
    }
    return withoutQueryPassword(out);
}

QString withoutCredentials(const QString &url)
{
    const Redactor patternsOnly;  // no registered secrets: only the shapes of credentials in URLs
    return patternsOnly.redact(withoutPassword(url));
}

bool carriesCredentials(const QString &url)
{
    return withoutCredentials(url) != url;
}

Profile applyEnvironment(Profile p, const QProcessEnvironment &env)
{
    auto str = [&env](const char *name) { return env.value(QString::fromLatin1(name)); };
    auto url = [&](const char *name, QUrl &target) {
        const QString v = str(name);
        if (!v.isEmpty())
            target = QUrl(v);
    };
    auto text = [&](const char *name, QString &target) {
        const QString v = str(name);
        if (!v.isEmpty())
            target = v;
    };
    url("OPSDECK_VERCEL_API", p.vercelApi);
    text("OPSDECK_VERCEL_PROJECT", p.vercelProject);
    text("OPSDECK_VERCEL_TEAM", p.vercelTeam);
    url("OPSDECK_GITHUB_API", p.githubApi);
    text("OPSDECK_GITHUB_REPO", p.githubRepo);
    url("OPSDECK_OPENAI_API", p.openaiApi);
    url("OPSDECK_ANTHROPIC_API", p.anthropicApi);
    text("OPSDECK_S3_ENDPOINT", p.s3Endpoint);
    text("AWS_REGION", p.awsRegion);
    text("OPSDECK_BACKUP_DEST", p.backupDest);
    text("OPSDECK_OPENAI_PROJECT", p.openaiProject);
    text("OPSDECK_PROJECT_DIR", p.projectDir);
    if (const QString db = str("DATABASE_URL"); !db.isEmpty())
        p.databaseUrl = withoutPassword(db);
    if (const QString h = str("OPSDECK_HEALTH_URL"); !h.isEmpty())
        p.healthUrls = h.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (const QString dirs = str("OPSDECK_LOG_DIRS"); !dirs.isEmpty())
        p.logDirs = dirs.split(QLatin1Char(':'), Qt::SkipEmptyParts);
    return p;
}

} // namespace opsdeck
