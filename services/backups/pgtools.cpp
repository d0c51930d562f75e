#include "backups/pgtools.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

namespace opsdeck {

QString PgTools::find(const QString &tool)
{
    const QString override = qEnvironmentVariable("OPSDECK_PG_BINDIR");
    if (!override.isEmpty() && QFileInfo(override + QLatin1Char('/') + tool).isExecutable())
        return override + QLatin1Char('/') + tool;
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QStringList majors = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(majors.begin(), majors.end(), [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &m : majors) {
        const QString path = lib.filePath(m + QStringLiteral("/bin/") + tool);
        if (QFileInfo(path).isExecutable())
            return path;
    }
    return QStandardPaths::findExecutable(tool);
}

Result<QString> PgTools::require(const QString &tool)
{
    const QString path = find(tool);
    if (path.isEmpty())
        return makeError(ErrorKind::Config, tr("%1 was not found: install the PostgreSQL client (postgresql-client)").arg(tool));
    return path;
}

QString PgTools::version(const QString &program)
{
    QProcess p;
    p.start(program, {QStringLiteral("--version")});
    if (!p.waitForFinished(10'000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

Status PgTools::start(QProcess &process, const QString &program, const QStringList &arguments,
                      const PgConnectionInfo &info, const PgPassFile &passFile)
{
    if (Status s = info.validate(); !s)
        return s;
    QProcessEnvironment env = passFile.environment();
    info.applyTls(env);  // the URL's sslmode and certificates, as the in-process connection uses them
    process.setProcessEnvironment(env);
    process.setProgram(program);
    // --no-password: never prompt (there is no terminal); fail with libpq's message instead.
    process.setArguments(arguments + QStringList{QStringLiteral("--no-password")} + info.toolArguments());
    process.start();
    if (!process.waitForStarted(30'000))
        return makeError(ErrorKind::External, tr("Cannot start %1").arg(QFileInfo(program).fileName()),
                         process.errorString());
    return {};
}

QString PgTools::stderrTail(QProcess &process)
{
    const QByteArray err = process.readAllStandardError();
    return QString::fromUtf8(err.right(4000)).trimmed();
}

Status PgTools::finish(QProcess &process, const QString &what, const std::atomic<bool> &cancel, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(timeoutMs));
    while (process.state() != QProcess::NotRunning) {
        if (cancel.load()) {
            process.kill();
            process.waitForFinished(10'000);
            return makeError(ErrorKind::Cancelled, tr("%1 was cancelled").arg(what));
        }
        if (deadline.hasExpired()) {
            process.kill();
            process.waitForFinished(10'000);
            return makeError(ErrorKind::Timeout, tr("%1 did not finish in time").arg(what));
        }
        process.waitForFinished(100);
    }
    if (process.exitStatus() != QProcess::NormalExit)
        return makeError(ErrorKind::External, tr("%1 was killed").arg(what), stderrTail(process));
    if (process.exitCode() != 0)
        return makeError(ErrorKind::External, tr("%1 failed (exit code %2)").arg(what).arg(process.exitCode()),
                         stderrTail(process));
    return {};
}

void StreamTail::add(const char *data, qsizetype size)
{
    if (size >= m_keep) {
        m_tail = QByteArray(data + size - m_keep, m_keep);
        return;
    }
    m_tail.append(data, size);
    if (m_tail.size() > m_keep)
        m_tail.remove(0, m_tail.size() - m_keep);
}

bool StreamTail::endsWithPlainDumpMarker() const
{
    QByteArray t = m_tail.trimmed();
    // PostgreSQL 15.14+ closes plain dumps with "\unrestrict <key>" after the marker (CVE-2025-8714).
    if (const qsizetype nl = t.lastIndexOf('\n'); nl >= 0 && t.mid(nl + 1).startsWith("\\unrestrict "))
        t = t.left(nl).trimmed();
    return t.endsWith("-- PostgreSQL database dump complete\n--");
}

} // namespace opsdeck
