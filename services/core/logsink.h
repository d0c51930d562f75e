#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace opsdeck {

enum class LogLevel { Debug, Info, Warning, Error };

struct LogLine {
    QDateTime at;
    LogLevel level = LogLevel::Info;
    QString source;   // "net", "keychain", "store", ...
    QString text;     // already redacted and sanitized
};

// The one log sink: every line passes the redactor and the control-character filter
// before it is kept, shown in the log pane or written to stderr. Thread-safe: lines posted from
// worker threads are delivered on the sink's thread.
class LogSink : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogSink)
public:
    explicit LogSink(QObject *parent = nullptr, int capacity = 5000);
    ~LogSink() override;

    void add(LogLevel level, const QString &source, const QString &text);
    QList<LogLine> lines() const { return m_lines; }
    void setEchoToStderr(bool echo) { m_echo = echo; }
    void setEchoLevel(LogLevel minimum) { m_echoLevel = minimum; }

    // Routes qDebug/qWarning/... of the whole process through this sink.
    void installMessageHandler();

    static QString levelName(LogLevel level);

Q_SIGNALS:
    void lineAdded(const opsdeck::LogLine &line);

private:
    void append(const LogLine &line);
    QList<LogLine> m_lines;
    int m_capacity;
    bool m_echo = false;
    LogLevel m_echoLevel = LogLevel::Warning;
};

} // namespace opsdeck
