#pragma once

#include "core/result.h"
#include "costs/costseries.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, a field quoted when it holds a
// comma, a double quote, CR or LF, quotes doubled inside), with OWASP's formula-injection defence
// for spreadsheets: a text cell that starts with = + - @ TAB NUL or CR gets a leading '.
// Real numbers are written as plain numeric cells (-12.50 stays -12.50).
namespace csv {

// Whether a spreadsheet would read the text as a formula (its first character).
bool startsLikeFormula(const QString &text);
// Adds the protective ' where needed. Text that already starts with ' in front of a formula
// character gets one more, so unneutralise() restores any text exactly.
QString neutralise(const QString &text);
QString unneutralise(const QString &text);
// RFC 4180 quoting only (no neutralisation).
QString quote(const QString &field);

QString textCell(const QString &text);  // quote(neutralise(text))
// A numeric cell: at least minDecimals and at most maxDecimals decimals, '.' as the separator.
QString numberCell(double value, int minDecimals = 2, int maxDecimals = 6);
QString line(const QStringList &cells);  // cells joined by ',' and CRLF

// Splits CSV text into records of raw fields (quotes removed, no unneutralising). Accepts CRLF
// and LF line ends and a leading UTF-8 BOM; a quote left open is an error.
Result<QList<QStringList>> parse(const QString &text);

} // namespace csv

// The period's figures, one per day, provider and model:
//   date,provider,model,amount_usd,fetched_at
QByteArray exportCostsCsv(const CostSeries &series);

// Reads a file written by exportCostsCsv. Any malformed line rejects the whole file with an Error
// naming the line (ErrorKind::BadResponse), so nothing is half imported.
Result<QList<CostFigure>> importCostsCsv(const QByteArray &data);

} // namespace opsdeck
