#pragma once

#include "core/job.h"
#include "loganalysis.h"

#include <QCoreApplication>
#include <QStringList>

#include <functional>

namespace opsdeck {

struct LogAnalysisRequest {
    QStringList files;     // plain or gzip (detected by content), analysed as one set
    QString format;        // "auto" (default: combined + optional request time), "combined", "combined_rt", or a format string
    int topIps = 20;
    int topPaths = 20;
    int threads = 0;       // 0: every core
    qint64 chunkBytes = 0; // 0: automatic (tests use tiny chunks to exercise the seams)
};

// Analyses access logs fast: every file is read in large blocks and parsed on all cores without
// allocating per line; results are merged in file order, so they do not depend on scheduling.
class LogAnalyzer
{
    Q_DECLARE_TR_FUNCTIONS(LogAnalyzer)

public:
    // done/total in bytes; return false to cancel.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    // Blocking. Call it from a worker thread (or a command-line tool), never from the GUI thread.
    static Result<LogAnalysis> analyze(const LogAnalysisRequest &request, const Progress &progress = {});

    // Runs analyze() on the global thread pool. Progress: "scan", done and total in bytes.
    // Cancelling or destroying the job stops the scan.
    static Job<LogAnalysis> *start(const LogAnalysisRequest &request, QObject *parent = nullptr);
};

} // namespace opsdeck
