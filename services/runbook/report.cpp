#include "runbook/report.h"

#include "core/text.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("Report", s); }

QString mdCell(QString s)
{
    s = sanitizeForDisplay(s);
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char('|'), QStringLiteral("\\|"));
    for (const char *c : {"*", "_", "`", "<", ">", "[", "]"})
        s.replace(QLatin1String(c), QLatin1String("\\") + QLatin1String(c));
    return s;
}

QString signOff(const Tick &t)
{
    switch (t.state) {
    case TickState::Done:
        return tr("done by %1 at %2").arg(t.actor, t.at.toUTC().toString(QStringLiteral("HH:mm 'UTC'")));
    case TickState::Acknowledged:
        return tr("failure acknowledged by %1 at %2: %3").arg(t.actor, t.at.toUTC().toString(QStringLiteral("HH:mm 'UTC'")), t.note);
    case TickState::Open:
        break;
    }
    return tr("open");
}

} // namespace

QString renderDayReport(const Runbook &runbook, const DayRecord &rec, ReportFormat format, const QString &profileName)
{
    const bool html = format == ReportFormat::Html;
    QString out;
    const QString title = tr("OpsDeck checklist — %1 — %2").arg(rec.date.toString(Qt::ISODate), profileName);
    if (html)
        out += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>") + title.toHtmlEscaped()
            + QStringLiteral("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                             "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                             ".pass{color:#1a7f37}.warn{color:#9a6700}.fail,.error{color:#cf222e}</style></head><body>\n<h1>")
            + title.toHtmlEscaped() + QStringLiteral("</h1>\n");
    else
        out += QStringLiteral("# ") + title + QStringLiteral("\n\n");
    for (const RunbookList &list : runbook.lists) {
        const ListDue due = listDue(list, rec.date, QDate());
        bool anyRecorded = false;
        for (const RunbookItem &i : list.items)
            anyRecorded = anyRecorded || rec.results.contains(i.id) || rec.ticks.contains(i.id);
        if (!due.dueToday && !anyRecorded)
            continue;
        int done = 0;
        for (const RunbookItem &i : list.items)
            done += rec.ticks.value(i.id).state != TickState::Open ? 1 : 0;
        const QString heading = tr("%1 (%2 of %3 done)").arg(list.title).arg(done).arg(list.items.size());
        if (html)
            out += QStringLiteral("<h2>") + heading.toHtmlEscaped()
                + QStringLiteral("</h2>\n<table><tr><th>Item</th><th>Check</th><th>Evidence</th><th>Sign-off</th></tr>\n");
        else
            out += QStringLiteral("## ") + heading + QStringLiteral("\n\n| Item | Check | Evidence | Sign-off |\n|---|---|---|---|\n");
        for (const RunbookItem &i : list.items) {
            const CheckResult r = rec.results.value(i.id);
            const QString status = i.kind == ItemKind::Check ? checkStatusName(r.status) : tr("manual");
            const Tick t = rec.ticks.value(i.id);
            if (html)
                out += QStringLiteral("<tr><td>") + i.title.toHtmlEscaped() + QStringLiteral("</td><td class=\"")
                    + status.toHtmlEscaped() + QStringLiteral("\">") + status.toHtmlEscaped() + QStringLiteral("</td><td>")
                    + sanitizeForDisplay(r.evidence).toHtmlEscaped() + QStringLiteral("</td><td>")
                    + sanitizeForDisplay(signOff(t)).toHtmlEscaped() + QStringLiteral("</td></tr>\n");
            else
                out += QStringLiteral("| ") + mdCell(i.title) + QStringLiteral(" | ") + status + QStringLiteral(" | ")
                    + mdCell(r.evidence) + QStringLiteral(" | ") + mdCell(signOff(t)) + QStringLiteral(" |\n");
        }
        out += html ? QStringLiteral("</table>\n") : QStringLiteral("\n");
    }
    if (html)
        out += QStringLiteral("</body></html>\n");
    return out;
}

} // namespace opsdeck
