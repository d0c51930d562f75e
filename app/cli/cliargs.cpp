#include "cliargs.h"

#include <QRegularExpression>

namespace opsdeck::cli {

CliArgs::CliArgs(QStringList args, QStringList flags, QStringList options)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        if (!a.startsWith(QLatin1String("--"))) {
            m_positional << a;
            continue;
        }
        QString name = a;
        std::optional<QString> inlineValue;
        if (const qsizetype eq = a.indexOf(QLatin1Char('=')); eq > 0) {
            name = a.left(eq);
            inlineValue = a.mid(eq + 1);
        }
        if (flags.contains(name) && !inlineValue) {
            m_flags << name;
        } else if (options.contains(name)) {
            if (inlineValue) {
                m_values.append({name, *inlineValue});
            } else if (i + 1 < args.size()) {
                m_values.append({name, args[++i]});
            } else if (m_problem.isEmpty()) {
                m_problem = name + QStringLiteral(" needs a value");
            }
        } else if (m_problem.isEmpty()) {
            m_problem = QStringLiteral("unknown option ") + name;
        }
    }
}

QStringList CliArgs::values(const QString &name) const
{
    QStringList out;
    for (const auto &[key, value] : m_values)
        if (key == name)
            out << value;
    return out;
}

std::optional<QString> CliArgs::value(const QString &name) const
{
    for (auto it = m_values.crbegin(); it != m_values.crend(); ++it)
        if (it->first == name)
            return it->second;
    return std::nullopt;
}

std::optional<int> CliArgs::positiveInt(const QString &name, int defaultValue, QString *problem) const
{
    const auto v = value(name);
    if (!v)
        return defaultValue;
    bool ok = false;
    const int n = v->toInt(&ok);
    if (!ok || n <= 0) {
        *problem = name + QStringLiteral(" needs a positive number");
        return std::nullopt;
    }
    return n;
}

std::optional<qint64> CliArgs::parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)\\s*([smhdw]?)$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    const qint64 factor = unit == QLatin1String("s") ? 1000
        : unit == QLatin1String("m")                 ? 60'000
        : unit == QLatin1String("d")                 ? 86'400'000
        : unit == QLatin1String("w")                 ? 7 * 86'400'000LL
                                                     : 3'600'000;  // h, or no unit = hours
    return n * factor;
}

} // namespace opsdeck::cli
