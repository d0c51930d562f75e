#include "usecases/checklistusecase.h"

#include "runbook/checkliststore.h"
#include "runbook/checklistservice.h"
#include "secrets/credentials.h"
#include "secrets/secretindex.h"
#include "usecases/session.h"

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

ReportFormat ChecklistUseCase::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".html"), Qt::CaseInsensitive) || path.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive)
               ? ReportFormat::Html
               : ReportFormat::Markdown;
}

} // namespace opsdeck
