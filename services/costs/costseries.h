#pragma once

#include "core/error.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

namespace costprovider {
inline QString openai() { return QStringLiteral("openai"); }
inline QString anthropic() { return QStringLiteral("anthropic"); }
inline QStringList all() { return {openai(), anthropic()}; }
} // namespace costprovider

// What one provider charged for one model on one UTC day, and when OpsDeck fetched it.
struct CostFigure {
    QDate day;
    QString provider;     // costprovider::openai() / anthropic()
    QString model;        // "gpt-5.4", "claude-sonnet-4-6", or a cost type when the provider names none
    double amountUsd = 0;
    QDateTime fetchedAt;  // UTC

    bool operator==(const CostFigure &) const = default;
};

// A provider whose figures could not be refreshed: its figures in the series are the last good
// ones from the store (see fetchedAt for their age).
struct ProviderProblem {
    QString provider;
    Error error;
};

// Daily cost figures for the days [from, to], sorted by day, provider, model. Days without a
// figure cost nothing (or were never fetched: see hasDay()).
class CostSeries
{
public:
    CostSeries() = default;
    CostSeries(QDate from, QDate to, QList<CostFigure> figures);

    QDate from() const { return m_from; }
    QDate to() const { return m_to; }
    const QList<CostFigure> &figures() const { return m_figures; }
    bool isEmpty() const { return m_figures.isEmpty(); }
    QList<QDate> days() const;  // from..to, oldest first

    // What `day` cost in total, or at one provider. The daily checklist's "yesterday / today".
    double total(QDate day, const QString &provider = {}) const;
    // The whole period, in total or at one provider.
    double totalUsd(const QString &provider = {}) const;
    bool hasDay(QDate day) const;

    QStringList providers() const;  // those with figures, in costprovider::all() order first
    QStringList models(const QString &provider = {}) const;  // sorted
    // The oldest fetch among a provider's (or all) figures: the age to show. Invalid when none.
    QDateTime oldestFetch(const QString &provider = {}) const;
    QDateTime newestFetch(const QString &provider = {}) const;

    // The part of the series for [from, to].
    CostSeries between(QDate from, QDate to) const;

    QList<ProviderProblem> problems;  // set by CostService::refresh when a provider failed

private:
    QDate m_from;
    QDate m_to;
    QList<CostFigure> m_figures;
};

} // namespace opsdeck
