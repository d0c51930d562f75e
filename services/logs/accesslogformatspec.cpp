// AccessLogFormat: compiling nginx log_format and Apache LogFormat strings.
#include "logs/accesslogformat.h"

namespace opsdeck {

namespace {

using Field = AccessLogFormat::Field;

Field nginxField(const QString &name)
{
    if (name == QLatin1String("remote_addr") || name == QLatin1String("realip_remote_addr"))
        return Field::RemoteAddr;
    if (name == QLatin1String("time_local"))
        return Field::TimeLocal;
    if (name == QLatin1String("time_iso8601"))
        return Field::TimeIso8601;
    if (name == QLatin1String("request") || name == QLatin1String("request_uri") || name == QLatin1String("uri"))
        return Field::Request;
    if (name == QLatin1String("status"))
        return Field::Status;
    if (name == QLatin1String("request_time"))
        return Field::SecondsTime;
    if (name == QLatin1String("body_bytes_sent") || name == QLatin1String("bytes_sent"))
        return Field::Number;
    return Field::Skip;
}

// Apache directive letter (with its {braces} argument) → field; brackets added for %t.
Field apacheField(QChar letter, const QString &arg)
{
    switch (letter.unicode()) {
    case 'h': case 'a': return Field::RemoteAddr;
    case 't': return Field::TimeLocal;
    case 'r': case 'U': return Field::Request;
    case 's': return Field::Status;
    case 'b': case 'B': return Field::Number;
    case 'D': return Field::MicrosTime;
    case 'T':
        return arg == QLatin1String("ms") ? Field::MillisTime : arg == QLatin1String("us") ? Field::MicrosTime
                                                                                        : Field::SecondsTime;
    default: return Field::Skip;
    }
}

} // namespace

Result<AccessLogFormat> AccessLogFormat::fromString(const QString &spec)
{
    AccessLogFormat f;
    f.m_name = spec;
    std::string literal;
    auto flushLiteral = [&] {
        if (literal.empty())
            return;
        if (!f.m_tokens.empty() && f.m_tokens.back().literal)
            f.m_tokens.back().text += literal;
        else
            f.m_tokens.push_back(Token{true, literal, Field::Skip, false});
        literal.clear();
    };
    auto addField = [&](Field field) -> bool {
        flushLiteral();
        if (!f.m_tokens.empty() && !f.m_tokens.back().literal)
            return false;  // two fields with nothing between them cannot be told apart
        f.m_tokens.push_back(Token{false, {}, field, false});
        return true;
    };
    const auto adjacent = [&spec] {
        return makeError(ErrorKind::Config, tr("The log format \"%1\" has two fields with nothing between them.").arg(spec));
    };
    for (qsizetype i = 0; i < spec.size(); ++i) {
        const QChar c = spec[i];
        if (c == QLatin1Char('\\') && i + 1 < spec.size() && (spec[i + 1] == QLatin1Char('"') || spec[i + 1] == QLatin1Char('\\'))) {
            literal += char(spec[++i].toLatin1());
        } else if (c == QLatin1Char('$') && i + 1 < spec.size()) {
            const bool braced = spec[i + 1] == QLatin1Char('{');
            qsizetype j = i + (braced ? 2 : 1);
            const qsizetype start = j;
            while (j < spec.size() && (spec[j].isLetterOrNumber() || spec[j] == QLatin1Char('_')))
                ++j;
            if (j == start || (braced && (j >= spec.size() || spec[j] != QLatin1Char('}'))))
                return makeError(ErrorKind::Config, tr("The log format \"%1\" has an unreadable variable at position %2.")
                                                        .arg(spec).arg(i + 1));
            if (!addField(nginxField(spec.mid(start, j - start))))
                return adjacent();
            i = braced ? j : j - 1;
        } else if (c == QLatin1Char('%') && i + 1 < spec.size()) {
            qsizetype j = i + 1;
            if (spec[j] == QLatin1Char('%')) {
                literal += '%';
                i = j;
                continue;
            }
            while (j < spec.size() && (spec[j] == QLatin1Char('>') || spec[j] == QLatin1Char('<')))
                ++j;
            QString arg;
            if (j < spec.size() && spec[j] == QLatin1Char('{')) {
                const qsizetype close = spec.indexOf(QLatin1Char('}'), j);
                if (close < 0)
                    return makeError(ErrorKind::Config, tr("The log format \"%1\" has an unclosed %{.").arg(spec));
                arg = spec.mid(j + 1, close - j - 1);
                j = close + 1;
            }
            if (j >= spec.size() || !spec[j].isLetter())
                return makeError(ErrorKind::Config, tr("The log format \"%1\" has an unreadable directive at position %2.")
                                                        .arg(spec).arg(i + 1));
            const Field field = apacheField(spec[j], arg);
            const bool bracketTime = spec[j] == QLatin1Char('t') && arg.isEmpty();
            if (bracketTime)
                literal += '[';
            if (!addField(field))
                return adjacent();
            if (bracketTime)
                literal += ']';
            i = j;
        } else if (c.unicode() < 0x80) {
            literal += char(c.toLatin1());
        } else {
            literal += spec.mid(i, 1).toUtf8().toStdString();
        }
    }
    flushLiteral();
    f.finish();
    bool hasStatus = false;
    for (const Token &t : f.m_tokens)
        hasStatus = hasStatus || (!t.literal && t.field == Field::Status);
    if (!hasStatus)
        return makeError(ErrorKind::Config,
                         tr("The log format \"%1\" has no status field ($status or %>s).").arg(spec));
    return f;
}

} // namespace opsdeck
