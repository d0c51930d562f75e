#pragma once

#include "core/job.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace opsdeck {

class ProviderSource;
class Session;

enum class TimelineKind { Deployment, Rollback, FailedRun, Alert, CostSpike, Backup, Maintenance, Credential, SignOff };

// One thing that happened, as the Timeline shows it and `timeline --json` prints it.
struct TimelineEntry {
    QDateTime at;      // UTC
    TimelineKind kind = TimelineKind::Maintenance;
    QString title;     // one line ("Rolled back production to dpl_…: succeeded")
    QString detail;    // more, for a tooltip (a reason, an error, a commit message)
    QString person;    // OS user, Vercel creator or GitHub actor; empty when none
    QString pageId;    // the page that shows it: deployments, ci, costs, backups, ...
    QString objectId;  // what to select there: a deployment id, a run id, a day, an item id
    bool bad = false;  // a failure, a spike, a refused step: drawn in the Bad tone
};

struct Timeline {
    QDateTime since;
    QDateTime until;
    QList<TimelineEntry> entries;  // newest first
    QStringList problems;          // sources that could not be read ("Vercel: 401 ..."); the rest is shown
};

// The day's or the week's events in one ordered list, for the Timeline page and `timeline`:
// deployments (Vercel) and failed workflow runs (GitHub) read live; rollbacks and promotions,
// maintenance, rotations and credential changes, backups' restores, restore tests and retention
// deletes, silenced alerts and checklist sign-offs from the audit trail; cost spikes from the stored
// daily costs. A provider that cannot be read is named in `problems`; the others still show.
class TimelineUseCase
{
public:
    TimelineUseCase(Session &session, ProviderSource &providers);

    Job<Timeline> *load(const QDateTime &since, const QDateTime &until, QObject *owner);

    // What the local store says (audit trail, costs), without the providers.
    Result<QList<TimelineEntry>> localEntries(const QDateTime &since, const QDateTime &until) const;

    static QString kindName(TimelineKind kind);   // "deployment", "rollback", "ci", ... (JSON, --kind)
    static QString kindLabel(TimelineKind kind);  // "Deployments", "Rollbacks", ... (the filter)
    static const QList<TimelineKind> &kinds();

private:
    Session &m_session;
    ProviderSource &m_providers;
};

} // namespace opsdeck
