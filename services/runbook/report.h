#pragma once

#include "runbook/checkliststore.h"
#include "runbook/runbook.h"

namespace opsdeck {

enum class ReportFormat { Markdown, Html };

// The day's checklist record: every item of the lists due that day with its check status,
// evidence, and who signed it off when. HTML is escaped; Markdown cells are escaped.
QString renderDayReport(const Runbook &runbook, const DayRecord &record, ReportFormat format, const QString &profileName);

} // namespace opsdeck
