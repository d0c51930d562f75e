#include "logs/rotationplanner.h"

#include <QRegularExpression>

#include <algorithm>

namespace opsdeck {

int RotationPlan::count(RotationAction action) const
{
    return int(std::count_if(items.begin(), items.end(), [action](const RotationItem &i) { return i.action == action; }));
}

RotationPolicy RotationPolicy::fromProfile(const LogRotationSettings &settings)
{
    RotationPolicy p;
    p.logPattern = settings.pattern.isEmpty() ? p.logPattern : settings.pattern;
    p.archivePattern = p.logPattern + QStringLiteral(".gz");
    p.compressAfterMs = qint64(settings.compressAfterDays) * kDayMs;
    p.deleteAfterMs = qint64(settings.deleteAfterDays) * kDayMs;
    return p;
}

bool RotationPlanner::matches(const QString &pattern, const QString &name)
{
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
    return re.match(name).hasMatch();
}

bool RotationPlanner::isTempName(const QString &name, const RotationPolicy &policy)
{
    return name.endsWith(QLatin1String(".gz.tmp")) && matches(policy.logPattern, name.chopped(7));
}

bool RotationPlanner::isInScope(const QString &name, const RotationPolicy &policy)
{
    return matches(policy.logPattern, name) || matches(policy.archivePattern, name) || isTempName(name, policy);
}

QString RotationPlanner::actionName(RotationAction action)
{
    switch (action) {
    case RotationAction::Compress: return QStringLiteral("compress");
    case RotationAction::Delete: return QStringLiteral("delete");
    case RotationAction::Keep: return QStringLiteral("keep");
    case RotationAction::Skip: return QStringLiteral("skip");
    }
    return {};
}

QString RotationPlanner::formatAge(qint64 ms)
{
    const qint64 s = std::abs(ms) / 1000;
    const QString sign = ms < 0 ? QStringLiteral("-") : QString();
    if (s >= 86400)
        return sign + tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
    if (s >= 3600)
        return sign + tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return sign + tr("%1 min").arg(s / 60);
    return sign + tr("%1 s").arg(s);
}

RotationPlan RotationPlanner::plan(const QString &folder, const QList<RotationCandidate> &candidates,
                                   const RotationPolicy &policy, const QDateTime &now)
{
    RotationPlan plan;
    plan.folder = folder;
    plan.now = now.toUTC();
    plan.policy = policy;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const QString compressAge = formatAge(policy.compressAfterMs);
    const QString deleteAge = formatAge(policy.deleteAfterMs);
    for (const RotationCandidate &c : candidates) {
        if (!isInScope(c.name, policy))
            continue;
        RotationItem item;
        item.file = c.name;
        item.ageMs = nowMs - c.mtimeMs;
        item.device = c.device;
        item.inode = c.inode;
        item.size = c.size;
        item.mtimeMs = c.mtimeMs;
        const QString age = formatAge(item.ageMs);
        const bool isLog = matches(policy.logPattern, c.name);
        const bool isArchive = !isLog && matches(policy.archivePattern, c.name);
        auto set = [&item](RotationAction action, const QString &reason) {
            item.action = action;
            item.reason = reason;
        };
        if (c.kind == RotationCandidate::Kind::Symlink) {
            set(RotationAction::Skip, c.linkLeavesFolder ? tr("symbolic link to %1, outside the folder: refused").arg(c.linkTarget)
                                                         : tr("symbolic link to %1: refused").arg(c.linkTarget));
        } else if (c.kind == RotationCandidate::Kind::Directory) {
            set(RotationAction::Skip, tr("a folder, not a log file: refused"));
        } else if (c.kind == RotationCandidate::Kind::Other) {
            set(RotationAction::Skip, tr("not a regular file: refused"));
        } else if (c.links > 1) {
            set(RotationAction::Skip, tr("has %1 hard links (another name may be outside the folder): refused").arg(c.links));
        } else if (item.ageMs < 0) {
            set(RotationAction::Skip, tr("modified in the future (%1 from now; clock skew?): left alone")
                                          .arg(formatAge(-item.ageMs)));
        } else if (!isLog && !isArchive) {  // a temporary file of an interrupted compression
            if (c.openForWriting || (!c.abandonedTemp && item.ageMs < policy.quietMs))
                set(RotationAction::Skip, tr("temporary file in use (a compression may be running)"));
            else
                set(RotationAction::Delete, tr("leftover of an interrupted compression, %1 old").arg(age));
        } else if (isLog && item.ageMs <= policy.compressAfterMs) {
            set(RotationAction::Keep, tr("%1 old; compressed after %2").arg(age, compressAge));
        } else if (isArchive && item.ageMs <= policy.deleteAfterMs) {
            set(RotationAction::Keep, tr("%1 old; deleted after %2").arg(age, deleteAge));
        } else if (c.openForWriting) {
            set(RotationAction::Skip, tr("%1 old but open for writing by a running process: left alone").arg(age));
        } else if (item.ageMs < policy.quietMs) {
            set(RotationAction::Skip, tr("modified %1 ago (active file): left alone").arg(age));
        } else if (isLog && c.archiveExists && c.archiveHoldsIt) {
            set(RotationAction::Delete, tr("already compressed into %1.gz by an interrupted run: the original is removed")
                                            .arg(c.name));
        } else if (isLog && c.archiveExists) {
            set(RotationAction::Skip, tr("%1.gz already exists: not overwritten").arg(c.name));
        } else if (isLog) {
            set(RotationAction::Compress, tr("%1 old, more than %2").arg(age, compressAge));
        } else {
            set(RotationAction::Delete, tr("%1 old, more than %2").arg(age, deleteAge));
        }
        plan.items << item;
    }
    std::sort(plan.items.begin(), plan.items.end(),
              [](const RotationItem &a, const RotationItem &b) { return a.file < b.file; });
    return plan;
}

} // namespace opsdeck
