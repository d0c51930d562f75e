#pragma once

#include "logs/loganalysis.h"
#include "logs/loghistory.h"

#include <QCoreApplication>
#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

namespace opsdeck {

// Chart data and summary cards for the Logs page, computed here so that widgets only draw.
class LogsSeries
{
    Q_DECLARE_TR_FUNCTIONS(LogsSeries)

public:
    struct Bar {
        QString label;  // "25–50 ms"
        qreal count = 0;
    };
    struct Card {
        QString id;     // "requests", "errorRate", "p50", "p95", "p99", "auth"
        QString title;
        QString value;
        QString delta;  // against last week: "+12 % vs last week", empty without history
        bool worse = false;  // the change is in the bad direction
    };

    static QList<Bar> latencyBars(const LogAnalysis &analysis);
    // x = milliseconds since the epoch (UTC), y = requests per bucket.
    static QList<QPointF> throughput(const LogAnalysis &analysis);
    static QList<Card> cards(const LogAnalysis &analysis, const std::optional<LogSnapshot> &lastWeek);
};

} // namespace opsdeck
