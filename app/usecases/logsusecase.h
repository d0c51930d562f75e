#pragma once

#include "core/job.h"
#include "logs/apploganalyzer.h"
#include "logs/loganalyzer.h"
#include "logs/logrotator.h"

#include <QObject>

namespace opsdeck {

class Session;

// The weekly log work for the GUI and the CLI: access-log and application-log analysis off the
// calling thread, and log rotation with its rules: a preview first; the run only when the audit
// trail can be written (fail closed); the outcome recorded in the audit trail afterwards.
class LogsUseCase
{
public:
    explicit LogsUseCase(Session &session);

    // Progress: "scan", done and total in bytes. Cancelling or destroying the job stops the scan.
    Job<LogAnalysis> *analyzeAccess(const LogAnalysisRequest &request, QObject *parent = nullptr);
    // The profile's error pattern and keyword, over files (the CLI's flags may override them).
    AppLogRequest appLogRequest(const QStringList &files) const;
    Job<AppLogAnalysis> *analyzeApp(const AppLogRequest &request, QObject *parent = nullptr);

    // The profile's rotation settings (the CLI's flags override them).
    RotationPolicy rotationPolicy() const;
    Job<RotationPlan> *previewRotation(const QString &folder, const RotationPolicy &policy, QObject *parent = nullptr);
    struct Rotated {
        RotationReport report;
        QString auditProblem;  // the run happened, but its outcome entry could not be written
    };
    // Runs a previewed plan (files changed since the preview are left alone). Refused with an Io
    // error, touching nothing, when the audit trail cannot be read.
    Job<Rotated> *rotate(const RotationPlan &plan, QObject *parent = nullptr);

private:
    Session &m_session;
};

} // namespace opsdeck
