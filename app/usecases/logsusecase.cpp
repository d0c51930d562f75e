#include "usecases/logsusecase.h"

#include "core/clock.h"
#include "store/auditlog.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("LogsUseCase", s); }
} // namespace

LogsUseCase::LogsUseCase(Session &session) : m_session(session) {}

Job<LogAnalysis> *LogsUseCase::analyzeAccess(const LogAnalysisRequest &request, QObject *parent)
{
    return LogAnalyzer::start(request, parent);
}

AppLogRequest LogsUseCase::appLogRequest(const QStringList &files) const
{
    AppLogRequest request = AppLogRequest::forProfile(m_session.profile());
    request.files = files;
    return request;
}

Job<AppLogAnalysis> *LogsUseCase::analyzeApp(const AppLogRequest &request, QObject *parent)
{
    return Job<AppLogAnalysis>::run(
        QThreadPool::globalInstance(),
        [request](JobChannel &channel) {
            return AppLogAnalyzer::analyze(request, [&channel] { return !channel.isCancelled(); });
        },
        parent);
}

RotationPolicy LogsUseCase::rotationPolicy() const
{
    return RotationPolicy::fromProfile(m_session.profile().logRotation);
}

Job<RotationPlan> *LogsUseCase::previewRotation(const QString &folder, const RotationPolicy &policy, QObject *parent)
{
    const QDateTime now = m_session.clock().nowUtc();
    return Job<RotationPlan>::run(
        QThreadPool::globalInstance(),
        [folder, policy, now](JobChannel &) { return LogRotator::preview(folder, policy, now); }, parent);
}

Job<LogsUseCase::Rotated> *LogsUseCase::rotate(const RotationPlan &plan, QObject *parent)
{
    if (m_session.audit().head().isEmpty())  // fail closed: no destructive run without its audit entry
        return Job<Rotated>::done(
            makeError(ErrorKind::Io, tr("The audit trail cannot be read, so the rotation of %1 was not started").arg(plan.folder)),
            parent);
    // The outcome is recorded even when the caller dropped the job meanwhile: the run is not undone.
    AuditLog &audit = m_session.audit();
    auto *run = Job<RotationReport>::run(
        QThreadPool::globalInstance(), [plan](JobChannel &) { return Result<RotationReport>(LogRotator::run(plan)); },
        &m_session);
    auto *job = new Job<Rotated>(parent);
    run->onFinished(&m_session, [&audit, caller = QPointer<Job<Rotated>>(job)](const Result<RotationReport> &report) {
        Rotated out{report.value(), {}};
        if (const Status audited = LogRotator::recordAudit(audit, report.value()); !audited)
            out.auditProblem = audited.error().toString();
        if (caller)
            caller->finish(out);
    });
    return job;
}

} // namespace opsdeck
