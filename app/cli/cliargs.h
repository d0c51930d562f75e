#pragma once

#include <QStringList>

#include <optional>

namespace opsdeck::cli {

// A command's own arguments: flags, "--name value" / "--name=value" options, and positionals.
class CliArgs
{
public:
    CliArgs(QStringList args, QStringList flags, QStringList options);

    bool flag(const QString &name) const { return m_flags.contains(name); }
    std::optional<QString> value(const QString &name) const;
    QStringList values(const QString &name) const;  // every value of a repeated option, in order
    const QStringList &positional() const { return m_positional; }
    // Empty when all is well, else the first problem ("unknown option --x", "--limit needs a value").
    QString problem() const { return m_problem; }

    // "--limit" as a positive int (default when absent); nullopt + problem text when invalid.
    std::optional<int> positiveInt(const QString &name, int defaultValue, QString *problem) const;
    // "24h", "7d", "90m" → milliseconds.
    static std::optional<qint64> parseDuration(const QString &text);

private:
    QStringList m_flags;
    QList<std::pair<QString, QString>> m_values;
    QStringList m_positional;
    QString m_problem;
};

} // namespace opsdeck::cli
