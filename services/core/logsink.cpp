#include "core/logsink.h"

#include "core/text.h"
#include "net/redactor.h"

#include <QMetaObject>
#include <QThread>

#include <cstdio>
#include <mutex>

namespace opsdeck {

namespace {
// The sink that Qt's messages go to. Messages come from any thread (workers, QtKeychain, plugin
// loading) and keep coming after main() returns, while static objects are destroyed: so a plain
// pointer read and written under a mutex that is never destroyed, and the sink clears it in its
// destructor. A message logged while one is being handled on the same thread goes to stderr.
std::mutex &handlerMutex()
{
    static auto *mutex = new std::mutex;
    return *mutex;
}
LogSink *g_handlerSink = nullptr;
thread_local bool t_handling = false;

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    LogLevel level = LogLevel::Info;
    switch (type) {
    case QtDebugMsg: level = LogLevel::Debug; break;
    case QtInfoMsg: level = LogLevel::Info; break;
    case QtWarningMsg: level = LogLevel::Warning; break;
    case QtCriticalMsg:
    case QtFatalMsg: level = LogLevel::Error; break;
    }
    if (!t_handling) {
        t_handling = true;
        bool handled = false;
        {
            std::lock_guard lock(handlerMutex());
            if (g_handlerSink) {
                const QString source = context.category ? QString::fromLatin1(context.category) : QStringLiteral("app");
                g_handlerSink->add(level, source, message);
                handled = true;
            }
        }
        t_handling = false;
        if (handled)
            return;
    }
    const QString line = Redactor::global().redact(sanitizeForDisplay(message));
    std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
}
} // namespace

LogSink::LogSink(QObject *parent, int capacity) : QObject(parent), m_capacity(capacity) {}

LogSink::~LogSink()
{
    std::lock_guard lock(handlerMutex());
    if (g_handlerSink == this)
        g_handlerSink = nullptr;
}

QString LogSink::levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return QStringLiteral("debug");
    case LogLevel::Info: return QStringLiteral("info");
    case LogLevel::Warning: return QStringLiteral("warning");
    case LogLevel::Error: return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

void LogSink::add(LogLevel level, const QString &source, const QString &text)
{
    LogLine line{QDateTime::currentDateTimeUtc(), level, source,
                 Redactor::global().redact(sanitizeForDisplay(text, true))};
    if (QThread::currentThread() == thread())
        append(line);
    else
        QMetaObject::invokeMethod(this, [this, line] { append(line); }, Qt::QueuedConnection);
}

void LogSink::append(const LogLine &line)
{
    m_lines.append(line);
    if (m_lines.size() > m_capacity)
        m_lines.remove(0, m_lines.size() - m_capacity);
    if (m_echo && line.level >= m_echoLevel) {
        const QString s = line.at.toString(Qt::ISODate) + QLatin1Char(' ') + levelName(line.level) + QLatin1Char(' ')
            + line.source + QStringLiteral(": ") + line.text;
        std::fprintf(stderr, "%s\n", s.toLocal8Bit().constData());
    }
    Q_EMIT lineAdded(line);
}

void LogSink::installMessageHandler()
{
    {
        std::lock_guard lock(handlerMutex());
        g_handlerSink = this;
    }
    qInstallMessageHandler(messageHandler);
}

} // namespace opsdeck
