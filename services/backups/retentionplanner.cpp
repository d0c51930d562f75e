#include "backups/retentionplanner.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace opsdeck {

namespace {

// Bucket keys of the UTC time, as restic's ymd / yw (ISO week) / ym / y.
int dayKey(const QDate &d) { return d.year() * 10000 + d.month() * 100 + d.day(); }
int weekKey(const QDate &d)
{
    int isoYear = 0;
    const int week = d.weekNumber(&isoYear);
    return isoYear * 100 + week;
}
int monthKey(const QDate &d) { return d.year() * 100 + d.month(); }
int yearKey(const QDate &d) { return d.year(); }

struct Bucket {
    int count;
    int (*key)(const QDate &);
    const char *reason;
    const char *oldestReason;
    int last = -1;
};

} // namespace

QString RetentionPolicy::describe() const
{
    QStringList parts;
    auto add = [&parts](int n, const char *what) {
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(RetentionPlanner::tr(what));
        else if (n < 0)
            parts << RetentionPlanner::tr("all %1").arg(RetentionPlanner::tr(what));
    };
    add(daily, QT_TR_NOOP("daily"));
    add(weekly, QT_TR_NOOP("weekly"));
    add(monthly, QT_TR_NOOP("monthly"));
    add(yearly, QT_TR_NOOP("yearly"));
    return parts.isEmpty() ? RetentionPlanner::tr("empty policy (keeps everything)") : parts.join(QStringLiteral(", "));
}

RetentionPolicy RetentionPolicy::fromProfile(const RetentionSettings &settings)
{
    RetentionPolicy p = runbookDefault();
    p.daily = settings.keepDaily;
    p.weekly = settings.keepWeekly;
    p.monthly = settings.keepMonthly;
    p.yearly = settings.keepYearly;
    return p;
}

RetentionPolicy RetentionPolicy::runbookDefault()
{
    RetentionPolicy p;
    p.daily = 7;
    p.weekly = 4;
    p.monthly = 12;
    p.yearly = 7;
    p.minVerified = 2;
    return p;
}

QList<RetentionDecision> RetentionPlanner::plan(const QList<RetentionInput> &backups, const RetentionPolicy &policy,
                                                const QDateTime &now)
{
    QList<RetentionDecision> out;
    out.reserve(backups.size());
    for (const RetentionInput &b : backups)
        out.append(RetentionDecision{b.id, b.time.toUTC(), b.verified, false, {}});
    // Newest first; equal times keep their input order (restic's sort.Stable).
    std::stable_sort(out.begin(), out.end(),
                     [](const RetentionDecision &a, const RetentionDecision &b) { return a.time > b.time; });

    if (policy.isEmpty()) {
        for (RetentionDecision &d : out) {
            d.keep = true;
            d.reasons << tr("policy is empty");
        }
        return out;
    }

    // restic's ApplyPolicy over the verified backups only.
    std::array<Bucket, 4> buckets{{{policy.daily, dayKey, QT_TR_NOOP("daily snapshot"), QT_TR_NOOP("oldest daily snapshot")},
                                   {policy.weekly, weekKey, QT_TR_NOOP("weekly snapshot"), QT_TR_NOOP("oldest weekly snapshot")},
                                   {policy.monthly, monthKey, QT_TR_NOOP("monthly snapshot"),
                                    QT_TR_NOOP("oldest monthly snapshot")},
                                   {policy.yearly, yearKey, QT_TR_NOOP("yearly snapshot"), QT_TR_NOOP("oldest yearly snapshot")}}};
    QList<qsizetype> counted;
    for (qsizetype i = 0; i < out.size(); ++i)
        if (out[i].verified)
            counted << i;
    for (qsizetype n = 0; n < counted.size(); ++n) {
        RetentionDecision &d = out[counted[n]];
        const bool oldest = n == counted.size() - 1;
        const QDate date = d.time.date();
        for (Bucket &b : buckets) {
            if (b.count == 0)
                continue;
            const int value = b.key(date);
            if (value == b.last && !oldest)
                continue;
            d.keep = true;
            d.reasons << tr(value == b.last ? b.oldestReason : b.reason);
            b.last = value;
            if (b.count > 0)
                --b.count;
        }
    }

    // OpsDeck's safety rules, on top.
    const QDateTime nowUtc = now.toUTC();
    qsizetype newestVerified = -1;
    for (qsizetype i = 0; i < out.size() && newestVerified < 0; ++i)
        if (out[i].verified && out[i].time <= nowUtc)
            newestVerified = i;
    for (qsizetype i = 0; i < out.size(); ++i) {
        RetentionDecision &d = out[i];
        if (d.time > nowUtc) {
            if (!d.keep)
                d.reasons.clear();
            d.keep = true;
            d.reasons << tr("future-dated: never removed");
        } else if (i == newestVerified && !d.keep) {
            d.keep = true;
            d.reasons << tr("newest verified backup");
        } else if (!d.verified) {
            const bool superseded = newestVerified >= 0 && i > newestVerified;
            d.keep = !superseded;
            d.reasons << (superseded ? tr("unverified, older than the newest verified backup")
                                     : tr("unverified, no verified backup newer: kept"));
        }
    }
    if (policy.minVerified > 0) {
        qsizetype keptVerified = std::count_if(out.cbegin(), out.cend(),
                                               [](const RetentionDecision &d) { return d.keep && d.verified; });
        for (RetentionDecision &d : out) {
            if (keptVerified >= policy.minVerified)
                break;
            if (!d.keep && d.verified) {
                d.keep = true;
                d.reasons << tr("minimum of %1 verified backups").arg(policy.minVerified);
                ++keptVerified;
            }
        }
    }
    for (RetentionDecision &d : out)
        if (!d.keep && d.reasons.isEmpty())
            d.reasons << tr("no rule keeps it");
    return out;
}

QDateTime RetentionPlanner::parseTime(const QString &text)
{
    const QString s = text.trimmed();
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        return {};
    // Without Z or an offset Qt reads local time; OpsDeck's timestamps are UTC.
    static const QRegularExpression zone(QStringLiteral("T.*(Z|[+-]\\d\\d(:?\\d\\d)?)$"));
    if (!zone.match(s).hasMatch())
        t = QDateTime(t.date(), t.time(), Qt::UTC);
    return t.toUTC();
}

Result<QList<RetentionInput>> RetentionPlanner::parseTimestamps(const QString &text)
{
    QList<RetentionInput> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = line.split(QRegularExpression(QStringLiteral("\\s+")));
        const QDateTime t = fields.size() <= 2 ? parseTime(fields.first()) : QDateTime();
        const QString flag = fields.value(1);
        if (!t.isValid() || (!flag.isEmpty() && flag != QLatin1String("unverified") && flag != QLatin1String("verified")))
            return makeError(ErrorKind::Config,
                             tr("Line %1 is not an ISO-8601 timestamp such as 2026-11-29T07:00:00Z: \"%2\"")
                                 .arg(i + 1)
                                 .arg(line.left(80)));
        out.append({fields.first(), t, flag != QLatin1String("unverified")});
    }
    return out;
}

} // namespace opsdeck
