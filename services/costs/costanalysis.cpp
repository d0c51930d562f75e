#include "costs/costanalysis.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace opsdeck {

QList<DailyTotal> dailyTotals(const CostSeries &series, const QString &provider)
{
    QList<DailyTotal> out;
    QHash<QDate, qsizetype> index;
    for (const QDate &d : series.days()) {
        index.insert(d, out.size());
        out.append(DailyTotal{d, 0.0, false});
    }
    for (const CostFigure &f : series.figures()) {
        if (!provider.isEmpty() && f.provider != provider)
            continue;
        const auto it = index.constFind(f.day);
        if (it == index.cend())
            continue;
        out[*it].amountUsd += f.amountUsd;
        out[*it].hasData = true;
    }
    return out;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QList<Spike> detectSpikes(const QList<DailyTotal> &totals, const SpikeRule &rule, QDate from)
{
    QList<Spike> out;
    for (qsizetype i = 0; i < totals.size(); ++i) {
        const DailyTotal &t = totals[i];
        if (from.isValid() && t.day < from)
            continue;
        QList<double> history;
        for (qsizetype j = i - 1; j >= 0 && history.size() < rule.trailingDays; --j) {
            if (totals[j].hasData)
                history.append(totals[j].amountUsd);
        }
        Spike s;
        s.day = t.day;
        s.amountUsd = t.amountUsd;
        s.overThreshold = rule.thresholdUsd > 0 && t.amountUsd > rule.thresholdUsd;
        if (history.size() >= rule.minHistory) {
            const double m = median(history);
            s.trailingMedianUsd = m;
            s.aboveMedian = t.amountUsd > rule.medianFactor * m && t.amountUsd - m >= rule.minExcessUsd;
        }
        if (s.overThreshold || s.aboveMedian)
            out.append(s);
    }
    return out;
}

MonthOutlook monthOutlook(const QList<DailyTotal> &totals, QDate today)
{
    MonthOutlook o;
    if (!today.isValid())
        return o;
    o.monthStart = QDate(today.year(), today.month(), 1);
    o.daysInMonth = today.daysInMonth();
    o.completeDays = today.day() - 1;
    double complete = 0;
    double todaySpend = 0;
    QList<double> before;  // days with data before the month, newest first
    for (auto it = totals.crbegin(); it != totals.crend(); ++it) {
        if (it->day == today)
            todaySpend += it->amountUsd;
        else if (it->day >= o.monthStart && it->day < today)
            complete += it->amountUsd;
        else if (it->day < o.monthStart && it->hasData && before.size() < 7)
            before.append(it->amountUsd);
    }
    o.mtdUsd = complete + todaySpend;
    if (o.completeDays > 0) {
        o.dailyRateUsd = complete / o.completeDays;
    } else if (!before.isEmpty()) {
        double sum = 0;
        for (double v : before)
            sum += v;
        o.dailyRateUsd = sum / static_cast<double>(before.size());
    }
    const int remainingAfterToday = o.daysInMonth - o.completeDays - 1;
    o.forecastUsd = complete + std::max(todaySpend, o.dailyRateUsd) + o.dailyRateUsd * remainingAfterToday;
    return o;
}

std::optional<double> costPer100Users(double monthlyUsd, qint64 activeUsers)
{
    if (activeUsers <= 0)
        return std::nullopt;
    return monthlyUsd / static_cast<double>(activeUsers) * 100.0;
}

qint64 toCents(double usd)
{
    // Amounts arrive as binary doubles (12.345 may be 12.3449999...): round at the micro-dollar
    // first so a half cent in the provider's decimal figure rounds as written.
    const double micros = std::round(usd * 1e6);
    return static_cast<qint64>(std::llround(micros / 1e4));
}

CostBreakdown breakdown(const CostSeries &series, CostGrouping grouping)
{
    CostBreakdown b;
    b.days = series.days();
    QList<std::pair<QString, QString>> keys;  // (provider, model or empty)
    if (grouping == CostGrouping::ByProvider) {
        for (const QString &p : series.providers())
            keys.append({p, QString()});
    } else {
        for (const QString &p : series.providers()) {
            for (const QString &m : series.models(p))
                keys.append({p, m});
        }
    }
    for (const auto &[provider, model] : keys) {
        QString label = model.isEmpty() ? provider : model;
        const QString &name = model;  // clang 14 cannot capture a structured binding in a lambda
        const bool clash = std::count_if(keys.cbegin(), keys.cend(), [&name](const auto &k) { return k.second == name; }) > 1;
        if (!model.isEmpty() && clash)
            label += QStringLiteral(" (") + provider + QLatin1Char(')');
        b.keys.append(label);
        b.keyProviders.append(provider);
    }
    QHash<QDate, qsizetype> dayIndex;
    for (qsizetype i = 0; i < b.days.size(); ++i)
        dayIndex.insert(b.days[i], i);
    QList<QList<double>> raw(b.days.size(), QList<double>(keys.size(), 0.0));
    QList<double> dayRaw(b.days.size(), 0.0);
    double periodRaw = 0;
    for (const CostFigure &f : series.figures()) {
        const auto d = dayIndex.constFind(f.day);
        if (d == dayIndex.cend())
            continue;
        const auto k = std::find_if(keys.cbegin(), keys.cend(), [&](const auto &key) {
            return key.first == f.provider && (key.second.isEmpty() || key.second == f.model);
        });
        if (k == keys.cend())
            continue;
        raw[*d][k - keys.cbegin()] += f.amountUsd;
        dayRaw[*d] += f.amountUsd;
        periodRaw += f.amountUsd;
    }
    for (qsizetype d = 0; d < b.days.size(); ++d) {
        QList<qint64> row;
        for (double v : raw[d])
            row.append(toCents(v));
        b.cents.append(row);
        b.totalCents.append(toCents(dayRaw[d]));
    }
    b.periodTotalCents = toCents(periodRaw);
    return b;
}

} // namespace opsdeck
