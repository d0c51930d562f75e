#include "usecases/checklistusecase.h"

#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "runbook/checklistservice.h"
#include "secrets/credentials.h"
#include "secrets/secretindex.h"
#include "store/auditlog.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck {

ChecklistUseCase::ChecklistUseCase(Session &session, ProviderSource &providers) : m_session(session), m_providers(providers) {}

Result<Runbook> ChecklistUseCase::runbook() const
{
    return loadRunbook(m_session.profile().runbookFile);
}

ChecklistService *ChecklistUseCase::makeService(QObject *parent)
{
    auto *service = new ChecklistService(m_providers, m_session.store(), m_session.audit(), m_session.clock(), parent);
    Session &session = m_session;
    service->setCredentialsStoredAt([&session] {
        QHash<QString, QDateTime> out;
        const QString profile = session.profileKey();
        for (const CredentialKind &kind : credentialKinds())
            out.insert(kind.name, session.secretIndex().storedAt(profile, kind.name));
        return out;
    });
    return service;
}

Result<QString> ChecklistUseCase::dayReport(const Runbook &runbook, QDate date, ReportFormat format) const
{
    ChecklistStore records(m_session.store(), m_session.audit(), m_session.clock());
    auto day = records.day(date);
    if (!day)
        return day.error();
    const QString profile = m_session.profile().name;
    return renderDayReport(runbook, day.value(), format, profile.isEmpty() ? QStringLiteral("default") : profile);
}

Result<ChecklistDay> ChecklistUseCase::day(const Runbook &runbook, QDate date) const
{
    ChecklistStore records(m_session.store(), m_session.audit(), m_session.clock());
    auto rec = records.day(date);
    if (!rec)
        return rec.error();
    ChecklistDay out;
    out.date = date;
    for (const RunbookList &list : runbook.lists) {
        bool recorded = false;
        for (const RunbookItem &i : list.items)
            recorded = recorded || rec->results.contains(i.id) || rec->ticks.contains(i.id);
        if (!recorded && !listDue(list, date, QDate()).dueToday)
            continue;
        for (const RunbookItem &i : list.items) {
            Tick t = rec->ticks.value(i.id);
            t.itemId = i.id;
            out.items.append({list.id, &i, rec->results.value(i.id), t});
        }
    }
    return out;
}

Result<Tick> ChecklistUseCase::setTick(const Runbook &runbook, QDate date, const QString &itemId, TickState state,
                                       const QString &note, int expectedVersion) const
{
    if (!runbook.item(itemId))
        return makeError(ErrorKind::Config, QCoreApplication::translate("ChecklistUseCase", "No item \"%1\" in the runbook").arg(itemId));
    if (date > m_session.clock().nowUtc().toLocalTime().date())
        return makeError(ErrorKind::Config, QCoreApplication::translate("ChecklistUseCase", "%1 is in the future: nothing can be signed for it yet")
                                                .arg(date.toString(Qt::ISODate)));
    ChecklistStore records(m_session.store(), m_session.audit(), m_session.clock());
    auto rec = records.day(date);
    if (!rec)
        return rec.error();
    Tick current = rec->ticks.value(itemId);
    current.itemId = itemId;
    if (expectedVersion >= 0 && expectedVersion != current.version)
        return makeError(ErrorKind::Conflict, QCoreApplication::translate("ChecklistUseCase",
                                                  "%1 was changed meanwhile by %2 at %3; nothing was changed, look again and retry")
                                                  .arg(itemId, current.actor, current.at.toUTC().toString(QStringLiteral("HH:mm 'UTC'"))));
    if (current.state == state && current.note == note)
        return current;
    return records.setTick(date, itemId, state, note, current.version, rec->results.value(itemId).evidence);
}

QStringList ChecklistUseCase::passingOpenItems(const ChecklistDay &day)
{
    QStringList ids;
    for (const ChecklistDayItem &i : day.items)
        if (i.item->kind == ItemKind::Check && i.result.status == CheckStatus::Pass && i.tick.state == TickState::Open
            && !ids.contains(i.item->id))
            ids << i.item->id;
    return ids;
}

Result<QStringList> ChecklistUseCase::signOffPassing(const Runbook &runbook, QDate date, const QHash<QString, int> &versions) const
{
    auto today = day(runbook, date);
    if (!today)
        return today.error();
    QStringList ids;
    for (const QString &id : passingOpenItems(today.value()))
        if (versions.contains(id))
            ids << id;
    if (ids.isEmpty())
        return ids;
    // One entry for the action, listing what it signs; each item then gets its own as usual.
    auto entry = m_session.audit().append(QStringLiteral("checklist.sign-off-passing"), date.toString(Qt::ISODate),
                                          QJsonObject{{QStringLiteral("items"), QJsonArray::fromStringList(ids)}});
    if (!entry)
        return makeError(entry.error().kind, QCoreApplication::translate("ChecklistUseCase",
                                                 "Nothing was signed off: the audit trail cannot be written: %1")
                                                 .arg(entry.error().message));
    QStringList signedOff;
    for (const QString &id : ids) {
        auto t = setTick(runbook, date, id, TickState::Done, QString(), versions.value(id));
        if (!t)
            return signedOff.isEmpty() ? Result<QStringList>(t.error())
                                       : makeError(t.error().kind, QCoreApplication::translate("ChecklistUseCase", "Signed off %1, then stopped: %2")
                                                                       .arg(signedOff.join(QStringLiteral(", ")), t.error().message));
        signedOff << id;
    }
    return signedOff;
}

ReportFormat ChecklistUseCase::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".html"), Qt::CaseInsensitive) || path.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive)
               ? ReportFormat::Html
               : ReportFormat::Markdown;
}

} // namespace opsdeck
