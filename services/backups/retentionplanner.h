#pragma once

#include "config/profile.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

// keep-daily/weekly/monthly/yearly counts as restic's `forget` takes them: 0 = rule off,
// -1 = unlimited. All zero is the "empty" policy, which removes nothing.
struct RetentionPolicy {
    int daily = 0;
    int weekly = 0;
    int monthly = 0;
    int yearly = 0;
    // OpsDeck: never leave fewer verified backups than this. 0 = off (restic).
    int minVerified = 0;

    bool isEmpty() const { return daily == 0 && weekly == 0 && monthly == 0 && yearly == 0; }
    bool operator==(const RetentionPolicy &) const = default;
    QString describe() const;  // "7 daily, 4 weekly, 12 monthly, 7 yearly"
    static RetentionPolicy runbookDefault();  // 7 daily/4 weekly/12 monthly/7 yearly, at least 2 verified
    static RetentionPolicy fromProfile(const RetentionSettings &settings);  // the profile's counts, at least 2 verified
};

struct RetentionInput {
    QString id;  // opaque to the planner, copied to the decision
    QDateTime time;
    bool verified = true;
};

struct RetentionDecision {
    QString id;
    QDateTime time;  // UTC
    bool verified = true;
    bool keep = true;
    QStringList reasons;  // why it is kept, or why it goes
};

// The retention planner: a pure function shared by the dry run and the real prune.
//
// Verified backups go through restic's forget algorithm (0.16+): newest first, each rule keeps the
// newest backup of each calendar day / ISO week / month / year of the UTC time until its count is
// used up, and keeps the oldest backup too while its count is not used up. Then OpsDeck's safety
// rules: an empty policy removes nothing; unverified backups never take a slot (they are kept while
// newer than the newest verified backup, removed once a verified backup supersedes them); a backup
// dated after `now` is never removed; the newest verified backup is never removed; minVerified.
// Decisions come back newest first.
class RetentionPlanner
{
    Q_DECLARE_TR_FUNCTIONS(RetentionPlanner)

public:
    static QList<RetentionDecision> plan(const QList<RetentionInput> &backups, const RetentionPolicy &policy,
                                         const QDateTime &now);

    // One ISO-8601 timestamp a line ("2026-11-29T07:00:00Z"; an offset is converted to UTC, none means
    // UTC), optionally followed by "unverified"; blank lines and #-comments are skipped. The error names
    // the first bad line.
    static Result<QList<RetentionInput>> parseTimestamps(const QString &text);
    static QDateTime parseTime(const QString &text);  // invalid when it is not ISO-8601
};

} // namespace opsdeck
