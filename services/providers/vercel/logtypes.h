#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

// Vercel runtime logs (the NDJSON live tail) and request logs (the undocumented history).

struct RuntimeLogLine {
    QString level;              // info, warning, error (+ trace, debug, fatal)
    QString message;
    bool messageTruncated = false;
    QString rowId;
    QString source;             // serverless, edge-function, edge-middleware, request, delimiter
    QDateTime timestamp;
    QString domain;
    QString requestMethod;
    QString requestPath;
    int responseStatusCode = 0;  // 0 when absent
};

struct RuntimeLogQuery {
    QDateTime since;            // drop lines older than this (the server may ignore `since`)
    int maxLines = 1000;        // stop after this many kept lines
    qint64 maxDurationMs = 0;   // > 0: stop following the live tail after this long
};

struct RuntimeLogResult {
    QList<RuntimeLogLine> lines;
    bool reachedDelimiter = false;  // the server's end-of-stream / limit marker
    int malformedLines = 0;         // lines that were not valid log records (skipped, counted)
    bool truncatedTail = false;     // the stream ended inside a line
};

struct RequestLogRow {
    QString requestId;
    QDateTime timestamp;
    QString deploymentId;
    QString requestMethod;
    QString requestPath;
    int statusCode = 0;
    QString environment;
    QString branch;
    QString domain;
    QString level;              // highest level of its log entries
    QStringList messages;
};

struct RequestLogPage {
    QList<RequestLogRow> items;
    bool hasMoreRows = false;
};

struct RequestLogQuery {
    QDateTime start;
    QDateTime end;
    QStringList levels;         // e.g. {"error"}
    QString deploymentId;
    QString environment;        // production / preview
    int limit = 500;            // rows across pages
};

} // namespace opsdeck
