#include "database/indexsuggestion.h"

#include <QRegularExpression>

namespace opsdeck {

namespace {
QString unquote(QString name)
{
    name.remove(QLatin1Char('"'));
    return name;
}
} // namespace

std::optional<IndexSuggestion> suggestIndex(const QString &statement)
{
    static const QRegularExpression table(
        QStringLiteral(R"(\b(?:from|update|delete\s+from)\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression where(QStringLiteral(R"(\bwhere\b(.*?)(?:\border\s+by\b|\bgroup\s+by\b|\blimit\b|\breturning\b|$))"),
                                          QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    // column = / IN / < / > / LIKE, optionally qualified (t.col); the column is the last part.
    static const QRegularExpression compared(
        QStringLiteral(R"((?:^|[\s(,]|and\s|or\s)(?:[A-Za-z_]\w*\.)?("?[A-Za-z_][\w$]*"?)\s*(?:=|<=|>=|<|>|\bin\s*\(|\blike\b|\bany\s*\())"),
        QRegularExpression::CaseInsensitiveOption);
    const auto t = table.match(statement);
    const auto w = where.match(statement);
    if (!t.hasMatch() || !w.hasMatch())
        return std::nullopt;
    IndexSuggestion s;
    s.table = unquote(t.captured(1));
    static const QStringList keywords{QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("not"), QStringLiteral("null"),
                                      QStringLiteral("true"), QStringLiteral("false")};
    auto it = compared.globalMatch(w.captured(1));
    while (it.hasNext() && s.columns.size() < 3) {
        const QString column = unquote(it.next().captured(1));
        if (!keywords.contains(column.toLower()) && !s.columns.contains(column))
            s.columns << column;
    }
    if (s.columns.isEmpty())
        return std::nullopt;
    return s;
}

} // namespace opsdeck
