#pragma once

#include "core/result.h"
#include "runbook/checkliststore.h"
#include "runbook/report.h"
#include "runbook/runbook.h"

#include <QDate>
#include <QObject>

namespace opsdeck {

class ChecklistService;

// One item of a day's checklist as people and scripts read it: the runbook's item, its latest check
// result, and its sign-off (state, who, when, note, version for the next change).
struct ChecklistDayItem {
    QString listId;
    const RunbookItem *item = nullptr;  // in the runbook passed to day()
    CheckResult result;                 // itemId empty: not checked that day
    Tick tick;
};

struct ChecklistDay {
    QDate date;
    QList<ChecklistDayItem> items;  // the lists due that day (or with anything recorded), in runbook order
};
class ProviderSource;
class Session;

// The runbook's checklists for the GUI and the CLI: the active profile's runbook, a checklist
// service over the profile's providers and store (automated checks, ticks with their audit
// entries), and the day's report as the GUI exports it and `check report` prints it.
class ChecklistUseCase
{
public:
    ChecklistUseCase(Session &session, ProviderSource &providers);

    // The active profile's runbook file, or the built-in runbook when it names none.
    Result<Runbook> runbook() const;
    ChecklistService *makeService(QObject *parent);
    // The record of `date` (every list due that day, with evidence and sign-offs), headed with the
    // profile's name ("default" for the unnamed one).
    Result<QString> dayReport(const Runbook &runbook, QDate date, ReportFormat format) const;
    // Every item of the lists due on date, or with anything recorded that day.
    Result<ChecklistDay> day(const Runbook &runbook, QDate date) const;

    // Signs an item of date's checklist: done, open again, acknowledged (a reason in note), or a new
    // note with the state kept. expectedVersion is the version the caller saw (Tick::version); a
    // change made meanwhile refuses it (Conflict) and changes nothing. -1 takes the current version
    // (a one-shot CLI call that has just read it). The audit entry is written first; the latest check
    // result's evidence goes with it. A change to the state it already has is no change (no entry).
    Result<Tick> setTick(const Runbook &runbook, QDate date, const QString &itemId, TickState state,
                         const QString &note, int expectedVersion) const;

    // "Sign off all passing": marks done every automated item of date that passed and is still open,
    // as one audited action listing the items (each item then gets its own entry). versions: the
    // Tick::version each item had when the caller listed it; an item changed meanwhile stops the run
    // with a Conflict error. Returns the items signed.
    Result<QStringList> signOffPassing(const Runbook &runbook, QDate date, const QHash<QString, int> &versions) const;

    // The items signOffPassing would sign: automated, passed, still open.
    static QStringList passingOpenItems(const ChecklistDay &day);

    // HTML for .html/.htm, Markdown otherwise.
    static ReportFormat formatForPath(const QString &path);

private:
    Session &m_session;
    ProviderSource &m_providers;
};

} // namespace opsdeck
