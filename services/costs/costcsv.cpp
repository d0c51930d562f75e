#include "costs/costcsv.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>

#include <cmath>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::CostCsv)
};

const QStringList kHeader = {QStringLiteral("date"), QStringLiteral("provider"), QStringLiteral("model"),
                             QStringLiteral("amount_usd"), QStringLiteral("fetched_at")};
constexpr double kMaxAbsAmount = 1e9;  // a day's cost beyond a billion dollars is a broken file

bool isFormulaChar(QChar c)
{
    return c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == QChar(0) || c == u'\r';
}

// The number of leading ' when they are followed by a formula character, else -1.
qsizetype quotesBeforeFormula(const QString &text)
{
    qsizetype n = 0;
    while (n < text.size() && text.at(n) == u'\'')
        ++n;
    return n < text.size() && isFormulaChar(text.at(n)) ? n : -1;
}

Error lineError(qsizetype line, const QString &problem)
{
    return makeError(ErrorKind::BadResponse, Tr::tr("Not an OpsDeck cost export: line %1: %2").arg(line).arg(problem));
}
} // namespace

namespace csv {

bool startsLikeFormula(const QString &text)
{
    return !text.isEmpty() && isFormulaChar(text.at(0));
}

QString neutralise(const QString &text)
{
    return quotesBeforeFormula(text) >= 0 ? QStringLiteral("'") + text : text;
}

QString unneutralise(const QString &text)
{
    return quotesBeforeFormula(text) >= 1 ? text.mid(1) : text;
}

QString quote(const QString &field)
{
    const bool needs = field.contains(u',') || field.contains(u'"') || field.contains(u'\r') || field.contains(u'\n');
    if (!needs)
        return field;
    QString doubled = field;
    doubled.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QStringLiteral("\"") + doubled + QStringLiteral("\"");
}

QString textCell(const QString &text)
{
    return quote(neutralise(text));
}

QString numberCell(double value, int minDecimals, int maxDecimals)
{
    if (!std::isfinite(value))
        return QString();
    if (std::abs(value) < 0.5 * std::pow(10.0, -maxDecimals))
        value = 0.0;  // never "-0.00"
    QString s = QString::number(value, 'f', maxDecimals);
    const qsizetype dot = s.indexOf(u'.');
    if (dot >= 0) {
        while (s.size() - dot - 1 > minDecimals && s.endsWith(u'0'))
            s.chop(1);
        if (s.endsWith(u'.'))
            s.chop(1);
    }
    return s;
}

QString line(const QStringList &cells)
{
    return cells.join(u',') + QStringLiteral("\r\n");
}

Result<QList<QStringList>> parse(const QString &input)
{
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool inQuotes = false;
    bool wasQuoted = false;
    qsizetype lineNo = 1;
    qsizetype quoteLine = 0;
    const auto endField = [&] {
        record.append(field);
        field.clear();
        wasQuoted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == u'\n')
                    ++lineNo;
                field.append(c);
            }
            continue;
        }
        if (c == u'"' && field.isEmpty() && !wasQuoted) {
            inQuotes = true;
            wasQuoted = true;
            quoteLine = lineNo;
        } else if (c == u'"') {
            return makeError(ErrorKind::BadResponse, Tr::tr("CSV line %1: a quote inside an unquoted field").arg(lineNo));
        } else if (c == u',') {
            endField();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            continue;  // the \n ends the record
        } else if (c == u'\n') {
            endField();
            records.append(record);
            record.clear();
            ++lineNo;
        } else if (wasQuoted) {
            return makeError(ErrorKind::BadResponse, Tr::tr("CSV line %1: text after a closing quote").arg(lineNo));
        } else {
            field.append(c);
        }
    }
    if (inQuotes)
        return makeError(ErrorKind::BadResponse, Tr::tr("CSV line %1: a quoted field is never closed").arg(quoteLine));
    if (!field.isEmpty() || wasQuoted || !record.isEmpty()) {
        endField();
        records.append(record);
    }
    return records;
}

} // namespace csv

QByteArray exportCostsCsv(const CostSeries &series)
{
    QString out = csv::line(kHeader);
    for (const CostFigure &f : series.figures()) {
        out += csv::line({f.day.toString(Qt::ISODate), csv::textCell(f.provider), csv::textCell(f.model),
                          csv::numberCell(f.amountUsd),
                          f.fetchedAt.isValid() ? f.fetchedAt.toUTC().toString(Qt::ISODate) : QString()});
    }
    return out.toUtf8();
}

Result<QList<CostFigure>> importCostsCsv(const QByteArray &data)
{
    const auto records = csv::parse(QString::fromUtf8(data));
    if (!records)
        return records.error();
    const QList<QStringList> &rows = records.value();
    if (rows.isEmpty())
        return makeError(ErrorKind::BadResponse, Tr::tr("The CSV file is empty."));
    QStringList header;
    for (const QString &h : rows.first())
        header.append(h.trimmed().toLower());
    if (header != kHeader)
        return lineError(1, Tr::tr("the header is not %1").arg(kHeader.join(u',')));
    QList<CostFigure> out;
    QSet<QString> seen;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &r = rows[i];
        const qsizetype lineNo = i + 1;
        if (r.size() == 1 && r.first().isEmpty())
            continue;  // a blank line
        if (r.size() != kHeader.size())
            return lineError(lineNo, Tr::tr("%1 fields instead of %2").arg(r.size()).arg(kHeader.size()));
        CostFigure f;
        f.day = QDate::fromString(r[0], Qt::ISODate);
        if (!f.day.isValid())
            return lineError(lineNo, Tr::tr("\"%1\" is not a date (YYYY-MM-DD)").arg(r[0].left(20)));
        f.provider = csv::unneutralise(r[1]);
        f.model = csv::unneutralise(r[2]);
        if (f.provider.isEmpty())
            return lineError(lineNo, Tr::tr("the provider is empty"));
        bool ok = false;
        f.amountUsd = QLocale::c().toDouble(r[3], &ok);
        if (!ok || !std::isfinite(f.amountUsd) || std::abs(f.amountUsd) > kMaxAbsAmount)
            return lineError(lineNo, Tr::tr("\"%1\" is not an amount in dollars").arg(r[3].left(20)));
        if (!r[4].isEmpty()) {
            f.fetchedAt = QDateTime::fromString(r[4], Qt::ISODate);
            if (!f.fetchedAt.isValid())
                return lineError(lineNo, Tr::tr("\"%1\" is not a time (ISO 8601)").arg(r[4].left(30)));
            f.fetchedAt = f.fetchedAt.toUTC();
        }
        const QString key = r[0] + QChar(0) + f.provider + QChar(0) + f.model;
        if (seen.contains(key))
            return lineError(lineNo, Tr::tr("%1 %2 %3 is listed twice").arg(r[0], f.provider, f.model));
        seen.insert(key);
        out.append(f);
    }
    return out;
}

} // namespace opsdeck
