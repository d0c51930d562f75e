#include "clicommand.h"

#include "cliargs.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace opsdeck::cli {

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case ErrorKind::Config:
    case ErrorKind::Keychain:
        return ExitUsage;
    default:
        return ExitProvider;
    }
}

Invocation::Invocation(AppContext &context, QStringList args, bool json)
    : m_context(context), m_args(std::move(args)), m_json(json), m_out(stdout), m_err(stderr)
{
}

void Invocation::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exitCode = exitCode;
    m_out.flush();
    m_err.flush();
    QCoreApplication::exit(exitCode);
}

void Invocation::fail(const Error &error)
{
    m_err << "opsdeck-cli: " << error.message;
    if (!error.detail.isEmpty())
        m_err << " (" << error.detail << ')';
    m_err << Qt::endl;
    finish(exitCodeFor(error));
}

void Invocation::usageError(const QString &message)
{
    m_err << "opsdeck-cli: " << message << Qt::endl;
    finish(ExitUsage);
}

void Invocation::printJson(const QJsonValue &value)
{
    QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << doc.toJson(QJsonDocument::Indented);
    m_out.flush();
}

QString formatTable(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &h : headers)
        widths << h.size();
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    auto line = [&widths](const QStringList &cells) -> QString {
        QString s;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i + 1 < cells.size())
                s += cells[i].leftJustified(widths[i] + 2);
            else
                s += cells[i];
        }
        return s + QLatin1Char('\n');
    };
    QString out = line(headers);
    for (const QStringList &row : rows)
        out += line(row);
    return out;
}

QByteArray readSecretFromStdin()
{
    QByteArray data;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        data.append(buffer, qsizetype(n));
    // A value typed or piped with a trailing newline: the newline is not part of the secret.
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    return data;
}

bool argsOk(Invocation &inv, const CliArgs &args)
{
    if (!args.problem().isEmpty()) {
        inv.usageError(args.problem());
        return false;
    }
    return true;
}

QString isoUtc(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); }

} // namespace opsdeck::cli
