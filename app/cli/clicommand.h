#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>

namespace opsdeck {
class AppContext;
}

namespace opsdeck::cli {

enum ExitCode { ExitOk = 0, ExitCheckFailed = 1, ExitUsage = 2, ExitProvider = 3 };

int exitCodeFor(const Error &error);

// One running command: its arguments, output streams and the way to finish.
class Invocation
{
public:
    Invocation(AppContext &context, QStringList args, bool json);
    virtual ~Invocation() = default;

    AppContext &context() { return m_context; }
    const QStringList &args() const { return m_args; }  // arguments after the command words
    bool json() const { return m_json; }

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    // Ends the command with this exit code (quits the event loop). Call exactly once.
    void finish(int exitCode);
    // Prints "opsdeck-cli: <message>" (and the detail) to stderr and finishes with the mapped code.
    void fail(const Error &error);
    void usageError(const QString &message);
    void printJson(const QJsonValue &value);

    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }

private:
    AppContext &m_context;
    QStringList m_args;
    bool m_json;
    QTextStream m_out;
    QTextStream m_err;
    bool m_finished = false;
    int m_exitCode = 0;
};

// A secret piped on stdin, without the trailing newline a shell or a terminal adds.
QByteArray readSecretFromStdin();

class CliArgs;
// False (after a usage error, exit 2) when the options did not parse.
bool argsOk(Invocation &inv, const CliArgs &args);
// A moment in the JSON output: ISO 8601 in UTC, empty when invalid.
QString isoUtc(const QDateTime &t);

struct Command {
    QStringList words;        // e.g. {"secrets", "set"}
    QString synopsis;         // "secrets set NAME"
    QString summary;          // one line
    QString help;             // full help text (options)
    bool needsContext = true; // false: runs without the store/keychain (e.g. sandbox)
    std::function<void(Invocation &)> run;
};

// Command groups register here (one file per group).
QList<Command> secretsCommands();
QList<Command> auditCommands();
QList<Command> profileCommands();
QList<Command> sandboxCommands();
QList<Command> dailyCommands();
QList<Command> errorsCommands();
QList<Command> secretsPushCommands();
QList<Command> secretsRotateCommands();
QList<Command> depsCommands();
QList<Command> dbCommands();
QList<Command> backupCommands();
QList<Command> logsCommands();
QList<Command> checkCommands();
QList<Command> checklistCommands();
QList<Command> timelineCommands();
QList<Command> storeCommands();
QList<Command> troubleshootCommands();
QList<Command> costsCommands();
QList<Command> rollbackCommands();

// Renders rows as an aligned plain-text table.
QString formatTable(const QStringList &headers, const QList<QStringList> &rows);

} // namespace opsdeck::cli
