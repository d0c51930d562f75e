#include "costs/costseries.h"

#include <algorithm>
#include <tuple>

namespace opsdeck {

CostSeries::CostSeries(QDate from, QDate to, QList<CostFigure> figures)
    : m_from(from), m_to(to), m_figures(std::move(figures))
{
    std::sort(m_figures.begin(), m_figures.end(), [](const CostFigure &a, const CostFigure &b) {
        return std::tie(a.day, a.provider, a.model) < std::tie(b.day, b.provider, b.model);
    });
}

QList<QDate> CostSeries::days() const
{
    QList<QDate> out;
    if (!m_from.isValid() || !m_to.isValid())
        return out;
    for (QDate d = m_from; d <= m_to; d = d.addDays(1))
        out.append(d);
    return out;
}

double CostSeries::total(QDate day, const QString &provider) const
{
    double sum = 0;
    for (const CostFigure &f : m_figures) {
        if (f.day == day && (provider.isEmpty() || f.provider == provider))
            sum += f.amountUsd;
    }
    return sum;
}

double CostSeries::totalUsd(const QString &provider) const
{
    double sum = 0;
    for (const CostFigure &f : m_figures) {
        if (provider.isEmpty() || f.provider == provider)
            sum += f.amountUsd;
    }
    return sum;
}

bool CostSeries::hasDay(QDate day) const
{
    return std::any_of(m_figures.cbegin(), m_figures.cend(), [day](const CostFigure &f) { return f.day == day; });
}

QStringList CostSeries::providers() const
{
    QStringList out;
    for (const QString &p : costprovider::all()) {
        if (std::any_of(m_figures.cbegin(), m_figures.cend(), [&p](const CostFigure &f) { return f.provider == p; }))
            out.append(p);
    }
    QStringList others;
    for (const CostFigure &f : m_figures) {
        if (!out.contains(f.provider) && !others.contains(f.provider))
            others.append(f.provider);
    }
    others.sort();
    return out + others;
}

QStringList CostSeries::models(const QString &provider) const
{
    QStringList out;
    for (const CostFigure &f : m_figures) {
        if ((provider.isEmpty() || f.provider == provider) && !out.contains(f.model))
            out.append(f.model);
    }
    out.sort();
    return out;
}

QDateTime CostSeries::oldestFetch(const QString &provider) const
{
    QDateTime out;
    for (const CostFigure &f : m_figures) {
        if ((provider.isEmpty() || f.provider == provider) && f.fetchedAt.isValid() && (!out.isValid() || f.fetchedAt < out))
            out = f.fetchedAt;
    }
    return out;
}

QDateTime CostSeries::newestFetch(const QString &provider) const
{
    QDateTime out;
    for (const CostFigure &f : m_figures) {
        if ((provider.isEmpty() || f.provider == provider) && f.fetchedAt.isValid() && (!out.isValid() || f.fetchedAt > out))
            out = f.fetchedAt;
    }
    return out;
}

CostSeries CostSeries::between(QDate from, QDate to) const
{
    QList<CostFigure> part;
    for (const CostFigure &f : m_figures) {
        if (f.day >= from && f.day <= to)
            part.append(f);
    }
    CostSeries out(from, to, part);
    out.problems = problems;
    return out;
}

} // namespace opsdeck
