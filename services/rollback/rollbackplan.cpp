#include "rollback/rollbackplan.h"

#include "core/text.h"
#include "store/canonicaljson.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QUrl>

namespace opsdeck {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::RollbackPlan)
};

constexpr qint64 kAliasRequestMaxAgeMs = 3 * 60 * 1000;  // Vercel's CLI ignores older requests
constexpr qint64 kOldTargetMs = 7LL * 24 * 3600 * 1000;

QString firstLine(const QString &text) { return sanitizeForDisplay(text.section(QLatin1Char('\n'), 0, 0)).trimmed(); }

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }

QJsonObject deploymentJson(const PlanDeployment &d)
{
    return QJsonObject{{QStringLiteral("id"), d.id},
                       {QStringLiteral("url"), d.url},
                       {QStringLiteral("target"), d.target},
                       {QStringLiteral("commitSha"), d.commitSha},
                       {QStringLiteral("commitMessage"), d.commitMessage},
                       {QStringLiteral("commitRef"), d.commitRef},
                       {QStringLiteral("creator"), d.creator},
                       {QStringLiteral("createdAt"), iso(d.createdAt)}};
}

bool aliasJobRunning(const Project &project, const QDateTime &now)
{
    const auto &r = project.lastAliasRequest;
    if (!r || (r->jobStatus != QLatin1String("pending") && r->jobStatus != QLatin1String("in-progress")))
        return false;
    return !r->requestedAt.isValid() || r->requestedAt.msecsTo(now) <= kAliasRequestMaxAgeMs;
}

QString shortSha(const QString &sha) { return sha.isEmpty() ? Tr::tr("(no commit)") : sha.left(7); }

} // namespace

QString rollbackKindName(RollbackKind kind)
{
    return kind == RollbackKind::Promote ? QStringLiteral("promote") : QStringLiteral("rollback");
}

PlanDeployment PlanDeployment::from(const Deployment &d)
{
    return PlanDeployment{d.id, sanitizeForDisplay(d.url), d.target, sanitizeForDisplay(d.commitSha),
                          firstLine(d.commitMessage), sanitizeForDisplay(d.commitRef), sanitizeForDisplay(d.creator),
                          d.createdAt.toUTC()};
}

QString RollbackPlan::confirmationPhrase() const
{
    return teamSlug.isEmpty() ? projectName : teamSlug + QLatin1Char('/') + projectName;
}

RollbackPlan RollbackPlan::withReason(const QString &newReason) const
{
    RollbackPlan copy = *this;
    copy.reason = sanitizeForDisplay(newReason).trimmed();
    return copy;
}

QJsonObject RollbackPlan::toJson() const
{
    QJsonArray commits;
    for (const PlanCommit &c : commitsBetween)
        commits.append(QJsonObject{{QStringLiteral("sha"), c.sha},
                                   {QStringLiteral("message"), c.message},
                                   {QStringLiteral("author"), c.author},
                                   {QStringLiteral("date"), iso(c.date)}});
    return QJsonObject{{QStringLiteral("kind"), rollbackKindName(kind)},
                       {QStringLiteral("projectId"), projectId},
                       {QStringLiteral("projectName"), projectName},
                       {QStringLiteral("teamId"), teamId},
                       {QStringLiteral("teamSlug"), teamSlug},
                       {QStringLiteral("current"), deploymentJson(current)},
                       {QStringLiteral("target"), deploymentJson(target)},
                       {QStringLiteral("targetAgeMs"), targetAgeMs},
                       {QStringLiteral("domains"), QJsonArray::fromStringList(domains)},
                       {QStringLiteral("staleNote"), staleNote},
                       {QStringLiteral("commitsBetween"), commits},
                       {QStringLiteral("commitsLeaveProduction"), commitsLeaveProduction},
                       {QStringLiteral("commitsNote"), commitsNote},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("preparedAt"), iso(preparedAt)}};
}

QString RollbackPlan::hash() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalJson(toJson()), QCryptographicHash::Sha256).toHex());
}

QString RollbackPlan::describe() const
{
    QStringList lines;
    const QString verb = kind == RollbackKind::Promote ? Tr::tr("Promote") : Tr::tr("Roll back");
    lines << Tr::tr("%1 %2 (%3)").arg(verb, confirmationPhrase(), projectId);
    lines << Tr::tr("  production now: %1  %2  %3  %4")
                 .arg(current.id, shortSha(current.commitSha), iso(current.createdAt), current.commitMessage);
    lines << Tr::tr("  moves to:       %1  %2  %3  %4")
                 .arg(target.id, shortSha(target.commitSha), iso(target.createdAt), target.commitMessage);
    lines << Tr::tr("  target age:     %1").arg(formatAge(targetAgeMs));
    lines << Tr::tr("  domains:        %1").arg(domains.isEmpty() ? Tr::tr("(none listed)") : domains.join(QStringLiteral(", ")));
    if (!commitsBetween.isEmpty()) {
        lines << (commitsLeaveProduction ? Tr::tr("  commits leaving production (%1):")
                                         : Tr::tr("  commits entering production (%1):"))
                     .arg(commitsBetween.size());
        for (auto it = commitsBetween.crbegin(); it != commitsBetween.crend(); ++it)  // newest first, as git log
            lines << QStringLiteral("    %1  %2  (%3)").arg(shortSha(it->sha), it->message, it->author);
    }
    if (!commitsNote.isEmpty())
        lines << Tr::tr("  commits:        %1").arg(commitsNote);
    lines << Tr::tr("  note:           %1").arg(staleNote);
    for (const QString &w : warnings)
        lines << Tr::tr("  warning:        %1").arg(w);
    if (!reason.isEmpty())
        lines << Tr::tr("  reason:         %1").arg(reason);
    lines << Tr::tr("  plan hash:      %1").arg(hash());
    return lines.join(QLatin1Char('\n'));
}

Result<RollbackPlan> buildRollbackPlan(const PlanInputs &in)
{
    const Deployment &t = in.target;
    if (in.project.productionDeploymentId.isEmpty() || in.current.id.isEmpty())
        return makeError(ErrorKind::BadResponse, Tr::tr("Vercel did not say which deployment serves production now."));
    if (in.current.id != in.project.productionDeploymentId)
        return makeError(ErrorKind::Conflict, Tr::tr("Production changed while the plan was being prepared; try again."));
    if (t.id == in.current.id)
        return makeError(ErrorKind::Conflict, Tr::tr("Deployment %1 already serves production.").arg(t.id));
    if (t.state != QLatin1String("READY"))
        return makeError(ErrorKind::Conflict, Tr::tr("Deployment %1 is %2, not READY: it cannot serve production.")
                                                  .arg(t.id, t.state.isEmpty() ? Tr::tr("in an unknown state") : t.state));
    if (in.kind == RollbackKind::Rollback && t.target != QLatin1String("production"))
        return makeError(ErrorKind::Conflict, Tr::tr("Deployment %1 never served production: promote it instead of "
                                                     "rolling back to it.").arg(t.id));
    if (in.kind == RollbackKind::Rollback && t.isRollbackCandidate == false)
        return makeError(ErrorKind::Conflict, Tr::tr("Vercel does not list deployment %1 as a rollback candidate "
                                                     "(on Hobby only the previous production deployment is).").arg(t.id));
    if (aliasJobRunning(in.project, in.now))
        return makeError(ErrorKind::Conflict, Tr::tr("Another rollback or promotion of this project is still running."));

    RollbackPlan plan;
    plan.kind = in.kind;
    plan.projectId = in.project.id;
    plan.projectName = sanitizeForDisplay(in.project.name);
    plan.teamId = in.teamId;
    plan.teamSlug = sanitizeForDisplay(in.teamSlug);
    plan.current = PlanDeployment::from(in.current);
    plan.target = PlanDeployment::from(t);
    plan.preparedAt = in.now.toUTC();
    plan.targetAgeMs = t.createdAt.isValid() ? std::max<qint64>(0, t.createdAt.msecsTo(plan.preparedAt)) : 0;
    for (const QString &alias : in.current.aliases)
        plan.domains << sanitizeForDisplay(alias);
    plan.staleNote = Tr::tr("Vercel re-points the production domains to the existing build: no rebuild. Environment "
                            "variables and cron jobs follow the old build, so changes made since it was built do not "
                            "apply.");
    if (in.commits) {
        plan.commitsBetween = *in.commits;
        plan.commitsLeaveProduction = !t.createdAt.isValid() || !in.current.createdAt.isValid()
            || t.createdAt <= in.current.createdAt;
    }
    plan.commitsNote = in.commitsNote;
    if (plan.targetAgeMs > kOldTargetMs)
        plan.warnings << Tr::tr("The target was built %1 ago: its configuration may be stale.").arg(formatAge(plan.targetAgeMs));
    if (in.kind == RollbackKind::Rollback)
        plan.warnings << Tr::tr("After a rollback, new production deployments may not take over the domains until "
                                "one is promoted.");
    plan.reason = sanitizeForDisplay(in.reason).trimmed();
    return plan;
}

Status checkPlanStillCurrent(const RollbackPlan &plan, const Project &project, const QDateTime &now)
{
    if (project.productionDeploymentId != plan.current.id)
        return makeError(ErrorKind::Conflict,
                         Tr::tr("The plan is stale: production moved from %1 to %2 since it was prepared. Nothing was "
                                "sent; prepare a new plan.")
                             .arg(plan.current.id,
                                  project.productionDeploymentId.isEmpty() ? Tr::tr("an unknown deployment")
                                                                          : project.productionDeploymentId));
    if (aliasJobRunning(project, now))
        return makeError(ErrorKind::Conflict, Tr::tr("Another rollback or promotion of this project is running. "
                                                     "Nothing was sent."));
    return {};
}

QString teamSlugFromInspectorUrl(const QString &inspectorUrl, const QString &projectName)
{
    const QUrl url(inspectorUrl);
    if (!url.isValid() || url.host() != QLatin1String("vercel.com"))
        return {};
    const QStringList parts = url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() < 2 || parts.at(1) != projectName)
        return {};
    return parts.at(0);
}

QString formatAge(qint64 ms)
{
    const qint64 minutes = ms / 60'000;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    const auto unit = [](qint64 n, const QString &one, const QString &many) {
        return (n == 1 ? one : many).arg(n);
    };
    const QString d = unit(days, Tr::tr("%1 day"), Tr::tr("%1 days"));
    const QString h = unit(hours % 24, Tr::tr("%1 hour"), Tr::tr("%1 hours"));
    const QString m = unit(minutes % 60, Tr::tr("%1 minute"), Tr::tr("%1 minutes"));
    if (days > 0)
        return hours % 24 ? d + QLatin1Char(' ') + h : d;
    if (hours > 0)
        return minutes % 60 ? h + QLatin1Char(' ') + m : h;
    return m;
}

} // namespace opsdeck
