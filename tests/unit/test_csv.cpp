// CSV export and import: RFC 4180 quoting, OWASP formula neutralisation, numbers stay numbers,
// and a round trip that gives back every text exactly (property-style, seeded random texts).
#include "costs/costcsv.h"

#include <catch2/catch.hpp>

#include <QRandomGenerator>

using namespace opsdeck;

namespace {
const QString kHyperlink = QStringLiteral("=HYPERLINK(\"http://x\",\"y\")");
const QString kCmd = QStringLiteral("+cmd|'/C calc'!A0");
const QString kSum = QStringLiteral("@SUM(1)");
const QString kTab = QStringLiteral("\t=1");

// The first line after the header of an export of one figure with this model.
QString exportedLine(const QString &model, double amount = 1.5)
{
    const QDateTime at(QDate(2026, 11, 28), QTime(6, 0), Qt::UTC);
    const CostSeries s(QDate(2026, 11, 27), QDate(2026, 11, 27),
                       {CostFigure{QDate(2026, 11, 27), QStringLiteral("openai"), model, amount, at}});
    const QString text = QString::fromUtf8(exportCostsCsv(s));
    return text.section(QStringLiteral("\r\n"), 1, 1, QString::SectionSkipEmpty);
}

QString randomText(QRandomGenerator &rng)
{
    static const QString alphabet = QStringLiteral("=+-@'\t\r\n\",; aZ09.()|!/\\é€") + QChar(0) + QChar(0x202E);
    QString s;
    const int n = rng.bounded(0, 12);
    for (int i = 0; i < n; ++i)
        s.append(alphabet.at(rng.bounded(alphabet.size())));
    return s;
}

bool formulaAfterQuotes(const QString &s)
{
    qsizetype i = 0;
    while (i < s.size() && s.at(i) == u'\'')
        ++i;
    return i < s.size() && csv::startsLikeFormula(s.mid(i));
}
} // namespace

TEST_CASE("hostile descriptions are exported with a leading quote; -12.50 stays a number")
{
    CHECK(exportedLine(kHyperlink) == QStringLiteral("2026-11-27,openai,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1.50,"
                                                     "2026-11-28T06:00:00Z"));
    CHECK(exportedLine(kCmd).section(u',', 2, 2) == QStringLiteral("'+cmd|'/C calc'!A0"));
    CHECK(exportedLine(kSum).section(u',', 2, 2) == QStringLiteral("'@SUM(1)"));
    CHECK(exportedLine(kTab).section(u',', 2, 2) == QStringLiteral("'\t=1"));
    CHECK(exportedLine(QStringLiteral("-12.50")).section(u',', 2, 2) == QStringLiteral("'-12.50"));  // text, not a number
    CHECK(exportedLine(QStringLiteral("x\r=1")).section(u',', 2, 2).startsWith(QStringLiteral("\"x\r=1")));
    CHECK(exportedLine(QString(QChar(0)) + QStringLiteral("=1")).section(u',', 2, 2).startsWith(u'\''));

    const QString credit = exportedLine(QStringLiteral("gpt-5.4"), -12.50);
    CHECK(credit.section(u',', 3, 3) == QStringLiteral("-12.50"));  // a numeric cell: no quote, no '
    CHECK(exportedLine(QStringLiteral("gpt-5.4"), 18.345).section(u',', 3, 3) == QStringLiteral("18.345"));
    CHECK(exportedLine(QStringLiteral("gpt-5.4"), 0.0000004).section(u',', 3, 3) == QStringLiteral("0.00"));
    CHECK(exportedLine(QStringLiteral("gpt-5.4"), -0.0000004).section(u',', 3, 3) == QStringLiteral("0.00"));
}

TEST_CASE("plain text is left alone: the quote only where a spreadsheet would see a formula")
{
    CHECK(csv::textCell(QStringLiteral("claude-sonnet-4-6")) == QStringLiteral("claude-sonnet-4-6"));
    CHECK(csv::textCell(QStringLiteral("a=b")) == QStringLiteral("a=b"));
    CHECK(csv::textCell(QStringLiteral("it's")) == QStringLiteral("it's"));
    CHECK(csv::textCell(QStringLiteral("a,b")) == QStringLiteral("\"a,b\""));
    CHECK(csv::textCell(QStringLiteral("'=1")) == QStringLiteral("''=1"));  // so the import restores '=1
    CHECK(csv::unneutralise(QStringLiteral("''=1")) == QStringLiteral("'=1"));
    CHECK(csv::unneutralise(QStringLiteral("'plain")) == QStringLiteral("'plain"));
}

TEST_CASE("property: any text survives export and parse exactly, and no cell starts like a formula")
{
    QRandomGenerator rng(20261129);
    for (int i = 0; i < 3000; ++i) {
        const QString text = randomText(rng);
        const double amount = static_cast<double>(rng.bounded(-200000, 200000)) / 100.0;
        const QString line = csv::line({csv::textCell(text), csv::numberCell(amount), csv::textCell(text)});
        const auto parsed = csv::parse(line);
        INFO("text: " << text.toStdString());
        REQUIRE(parsed.ok());
        REQUIRE(parsed->size() == 1);
        const QStringList cells = parsed->first();
        REQUIRE(cells.size() == 3);
        CHECK(csv::unneutralise(cells[0]) == text);
        CHECK_FALSE(csv::startsLikeFormula(cells[0]));
        // The ' is added exactly when the text (after any quotes of its own) starts like a formula.
        CHECK((cells[0] != text) == formulaAfterQuotes(text));
        CHECK(cells[1].toDouble() == Approx(amount));
        CHECK_FALSE(cells[1].startsWith(u'\''));
    }
}

TEST_CASE("a cost export imports back to the same figures")
{
    const QDateTime at(QDate(2026, 11, 28), QTime(6, 0, 5), Qt::UTC);
    QList<CostFigure> figures;
    int n = 0;
    for (const QString &model : {kHyperlink, kCmd, kSum, kTab, QStringLiteral("gpt-5.4"), QStringLiteral("a,\"b\"\nc"),
                                 QStringLiteral("'=already quoted"), QStringLiteral("Ünïcode €")}) {
        figures.append(CostFigure{QDate(2026, 11, 1).addDays(n), n % 2 ? QStringLiteral("anthropic") : QStringLiteral("openai"),
                                  model, n == 3 ? -12.50 : 1.234567 * n, at});
        ++n;
    }
    const CostSeries series(QDate(2026, 11, 1), QDate(2026, 11, 30), figures);
    const QByteArray file = exportCostsCsv(series);
    CHECK(file.startsWith("date,provider,model,amount_usd,fetched_at\r\n"));
    const auto back = importCostsCsv(file);
    INFO((back ? std::string() : back.error().toString().toStdString()));
    REQUIRE(back.ok());
    REQUIRE(back->size() == figures.size());
    for (const CostFigure &f : back.value()) {
        const auto original = std::find_if(figures.cbegin(), figures.cend(), [&](const CostFigure &o) { return o.model == f.model; });
        REQUIRE(original != figures.cend());
        CHECK(f.day == original->day);
        CHECK(f.provider == original->provider);
        CHECK(f.amountUsd == Approx(original->amountUsd).margin(1e-6));
        CHECK(f.fetchedAt == at);
    }
}

TEST_CASE("a damaged or foreign CSV is rejected with the line, nothing half imported")
{
    const QByteArray header = "date,provider,model,amount_usd,fetched_at\r\n";
    const auto problem = [](const QByteArray &data) {
        const auto r = importCostsCsv(data);
        return r.ok() ? QString() : r.error().message;
    };
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,1.5,2026-11-02T06:00:00Z\r\n").isEmpty());
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,1.5,\n\n").isEmpty());  // LF and a blank line are fine
    CHECK(problem("day,cost\r\n2026-11-01,1\r\n").contains(QStringLiteral("line 1")));
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,1e400,\r\n").contains(QStringLiteral("line 2")));
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,12.50 USD,\r\n").contains(QStringLiteral("line 2")));
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,,\r\n").contains(QStringLiteral("line 2")));
    CHECK(problem(header + "2026-13-01,openai,gpt-5.4,1,\r\n").contains(QStringLiteral("not a date")));
    CHECK(problem(header + "2026-11-01,,gpt-5.4,1,\r\n").contains(QStringLiteral("provider")));
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,1\r\n").contains(QStringLiteral("4 fields")));
    CHECK(problem(header + "2026-11-01,openai,gpt-5.4,1,\r\n2026-11-01,openai,gpt-5.4,2,\r\n").contains(QStringLiteral("twice")));
    CHECK(problem(header + "2026-11-01,openai,\"gpt-5.4,1,\r\n").contains(QStringLiteral("never closed")));
    CHECK(problem(header + "2026-11-01,openai,gp\"t,1,\r\n").contains(QStringLiteral("quote")));
    CHECK(problem(QByteArray()).contains(QStringLiteral("empty")));
    CHECK(problem("\xEF\xBB\xBF" + header).isEmpty());  // a BOM (Excel) is accepted
}
