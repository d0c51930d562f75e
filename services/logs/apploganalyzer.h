#pragma once

#include "config/profile.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>

namespace opsdeck {

struct AppLogRequest {
    QStringList files;  // plain or gzip
    // A line is an error when `pattern` matches it; lines without `keyword` (when not empty) are
    // skipped without running the pattern. The error type is the pattern's group named "type", else
    // its first group; "(unclassified)" when that group is empty.
    QString keyword = QStringLiteral("ERROR");
    QString pattern = defaultPattern();

    static QString defaultPattern() { return QStringLiteral("\\bERROR\\b(?:\\W*(?<type>\\w[\\w.]*))?"); }
    // The profile's pattern (which then decides alone, without the keyword), or the defaults.
    static AppLogRequest forProfile(const Profile &profile)
    {
        AppLogRequest r;
        if (!profile.appLogPattern.isEmpty()) {
            r.pattern = profile.appLogPattern;
            r.keyword.clear();
        }
        return r;
    }
};

struct AppErrorType {
    QString type;
    quint64 count = 0;
    QString sample;  // the first such line, sanitized and shortened
};

struct AppLogAnalysis {
    QStringList files;
    quint64 lines = 0;
    quint64 errorLines = 0;
    QList<AppErrorType> byType;  // count descending, then type ascending
    QStringList warnings;
};

// The application log's error breakdown by type (the runbook's `grep ERROR | awk | sort | uniq -c`).
class AppLogAnalyzer
{
    Q_DECLARE_TR_FUNCTIONS(AppLogAnalyzer)

public:
    static constexpr qsizetype kMaxLineBytes = 1 << 20;
    static Result<AppLogAnalysis> analyze(const AppLogRequest &request,
                                          const std::function<bool()> &keepGoing = {});
};

QJsonObject appLogAnalysisToJson(const AppLogAnalysis &analysis);

} // namespace opsdeck
