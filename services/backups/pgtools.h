#pragma once

#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QProcess>
#include <QString>

#include <atomic>

namespace opsdeck {

// Finding and running pg_dump, pg_restore and psql: argument lists only (no shell), the password
// through a temporary 0600 PGPASSFILE (never argv, never PGPASSWORD), stderr kept for the error.
class PgTools
{
    Q_DECLARE_TR_FUNCTIONS(PgTools)

public:
    // The newest /usr/lib/postgresql/<major>/bin/<tool>, else the one on PATH; empty when none.
    static QString find(const QString &tool);
    static Result<QString> require(const QString &tool);
    static QString version(const QString &program);  // "pg_dump (PostgreSQL) 15.14"

    // Starts program with the connection arguments appended and the passfile's environment.
    static Status start(QProcess &process, const QString &program, const QStringList &arguments,
                        const PgConnectionInfo &info, const PgPassFile &passFile);
    // Waits for the end; kills it on cancel. Non-zero exit → External error with the stderr tail.
    static Status finish(QProcess &process, const QString &what, const std::atomic<bool> &cancel, int timeoutMs = -1);
    static QString stderrTail(QProcess &process);
};

// Keeps the last bytes of a stream, to check the dump's end marker without holding the dump.
class StreamTail
{
public:
    explicit StreamTail(qsizetype keep = 4096) : m_keep(keep) {}
    void add(const char *data, qsizetype size);
    const QByteArray &bytes() const { return m_tail; }
    // A plain pg_dump ends with "-- PostgreSQL database dump complete" (followed by blank lines).
    bool endsWithPlainDumpMarker() const;

private:
    qsizetype m_keep;
    QByteArray m_tail;
};

} // namespace opsdeck
