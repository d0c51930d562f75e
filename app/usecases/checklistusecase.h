#pragma once

#include "core/result.h"
#include "runbook/report.h"
#include "runbook/runbook.h"

#include <QDate>
#include <QObject>

namespace opsdeck {

class ChecklistService;
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
    // HTML for .html/.htm, Markdown otherwise.
    static ReportFormat formatForPath(const QString &path);

private:
    Session &m_session;
    ProviderSource &m_providers;
};

} // namespace opsdeck
