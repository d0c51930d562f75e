// opsdeck-cli profile list | profile show
#include "appcontext.h"
#include "clicommand.h"
#include "config/profile.h"
#include "net/redactor.h"

#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck::cli {

namespace {

QJsonArray withoutPasswords(const QStringList &urls)
{
    QJsonArray out;
    for (const QString &url : urls)
        out.append(Redactor::global().redact(withoutPassword(url)));  // and no ?token=, key= or signature
    return out;
}

// Every URL without its password: `profile show` never prints one, however the settings file spells it.
QJsonObject toJson(const Profile &p)
{
    return QJsonObject{
        {QStringLiteral("name"), p.name},
        {QStringLiteral("demo"), p.demo},
        {QStringLiteral("vercelApi"), withoutPassword(p.vercelApi.toString())},
        {QStringLiteral("vercelProject"), p.vercelProject},
        {QStringLiteral("vercelTeam"), p.vercelTeam},
        {QStringLiteral("githubApi"), withoutPassword(p.githubApi.toString())},
        {QStringLiteral("githubRepo"), p.githubRepo},
        {QStringLiteral("openaiApi"), withoutPassword(p.openaiApi.toString())},
        {QStringLiteral("anthropicApi"), withoutPassword(p.anthropicApi.toString())},
        {QStringLiteral("healthUrls"), withoutPasswords(p.healthUrls)},
        {QStringLiteral("databaseUrl"), withoutPassword(p.databaseUrl)},
        {QStringLiteral("logDirs"), QJsonArray::fromStringList(p.logDirs)},
        {QStringLiteral("backupDest"), withoutPassword(p.backupDest)},
        {QStringLiteral("thresholds"),
         QJsonObject{{QStringLiteral("errorRatePercent"), p.thresholds.errorRatePercent},
                     {QStringLiteral("p95Ms"), p.thresholds.p95Ms},
                     {QStringLiteral("costPerDayUsd"), p.thresholds.costPerDayUsd},
                     {QStringLiteral("failedWorkflows24h"), p.thresholds.failedWorkflows24h},
                     {QStringLiteral("dbConnectionsPercent"), p.thresholds.dbConnectionsPercent}}},
        {QStringLiteral("logRotation"),
         QJsonObject{{QStringLiteral("pattern"), p.logRotation.pattern},
                     {QStringLiteral("compressAfterDays"), p.logRotation.compressAfterDays},
                     {QStringLiteral("deleteAfterDays"), p.logRotation.deleteAfterDays}}},
        {QStringLiteral("appLogPattern"), p.appLogPattern},
        {QStringLiteral("encryptBackups"), p.encryptBackups},
        {QStringLiteral("activeUsersQuery"), p.activeUsersQuery},
        {QStringLiteral("retention"),
         QJsonObject{{QStringLiteral("keepDaily"), p.retention.keepDaily},
                     {QStringLiteral("keepWeekly"), p.retention.keepWeekly},
                     {QStringLiteral("keepMonthly"), p.retention.keepMonthly},
                     {QStringLiteral("keepYearly"), p.retention.keepYearly}}},
    };
}

void runList(Invocation &inv)
{
    ProfileStore &store = inv.context().profiles();
    const QString def = store.defaultProfileName();
    QJsonArray rows;
    QList<QStringList> table;
    for (const QString &name : store.names()) {
        rows.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("default"), name == def}});
        table << QStringList{name == def ? QStringLiteral("*") : QString(), name};
    }
    if (inv.json())
        inv.printJson(rows);
    else if (table.isEmpty())
        inv.out() << "No profiles yet. Create one in OpsDeck, or use --demo or environment variables.\n";
    else
        inv.out() << formatTable({QStringLiteral("DEFAULT"), QStringLiteral("NAME")}, table);
    inv.finish(ExitOk);
}

void runShow(Invocation &inv)
{
    const Profile &p = inv.context().profile();
    if (p.name.isEmpty())
        return inv.usageError(QStringLiteral("no profile: create one in OpsDeck, pass --profile NAME or --demo"));
    // A number the settings file spells wrong is shown as an error naming the key, not as its default.
    if (!p.loadProblems.isEmpty()) {
        if (const auto checked = inv.context().profiles().read(p.name); !checked)
            return inv.fail(checked.error());
    }
    const QJsonObject o = toJson(p);
    if (inv.json()) {
        inv.printJson(o);
    } else {
        for (auto it = o.begin(); it != o.end(); ++it) {
            QString v = it.value().isArray()  ? it.value().toVariant().toStringList().join(QStringLiteral(", "))
                : it.value().isObject() ? QStringLiteral("(see --json)")
                : it.value().isBool()   ? (it.value().toBool() ? QStringLiteral("yes") : QStringLiteral("no"))
                                        : it.value().toVariant().toString();
            inv.out() << it.key().leftJustified(16) << v << "\n";
        }
    }
    inv.finish(ExitOk);
}

} // namespace

QList<Command> profileCommands()
{
    return {
        {{QStringLiteral("profile"), QStringLiteral("list")}, QStringLiteral("profile list"),
         QStringLiteral("Profiles, with the default marked"), QString(), true, runList},
        {{QStringLiteral("profile"), QStringLiteral("show")}, QStringLiteral("profile show"),
         QStringLiteral("The active profile with environment overrides applied (no secrets)"), QString(), true, runShow},
    };
}

} // namespace opsdeck::cli
