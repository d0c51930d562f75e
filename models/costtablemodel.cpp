#include "costtablemodel.h"

#include <QLocale>

namespace opsdeck {

CostTableModel::CostTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void CostTableModel::setSeries(const CostSeries &series, CostGrouping grouping, const QList<Spike> &spikes,
                               double thresholdUsd)
{
    beginResetModel();
    m_thresholdUsd = thresholdUsd;
    m_series = series;
    m_breakdown = opsdeck::breakdown(series, grouping);
    m_spikes.clear();
    for (const Spike &s : spikes)
        m_spikes.insert(s.day, s);
    endResetModel();
}

int CostTableModel::rowOfDay(QDate day) const
{
    const qsizetype i = m_breakdown.days.indexOf(day);
    return i < 0 ? -1 : int(m_breakdown.days.size() - 1 - i);
}

QDate CostTableModel::dayOfRow(int row) const
{
    return row >= 0 && row < m_breakdown.days.size() ? m_breakdown.days.at(m_breakdown.days.size() - 1 - row) : QDate();
}

int CostTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_breakdown.days.size());
}

int CostTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : noteColumn() + 1;
}

QVariant CostTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int dayIndex = int(m_breakdown.days.size()) - 1 - index.row();
    const QDate day = m_breakdown.days.at(dayIndex);
    const int col = index.column();
    const auto spike = m_spikes.constFind(day);
    if (role == DayRole)
        return day;
    if (role == SpikeRole)
        return spike != m_spikes.cend();
    std::optional<qint64> cents;
    if (col >= 1 && col < totalColumn())
        cents = m_breakdown.cents.at(dayIndex).at(col - 1);
    else if (col == totalColumn())
        cents = m_breakdown.totalCents.at(dayIndex);
    if (role == CentsRole)
        return cents ? QVariant(*cents) : QVariant();
    if (role == Qt::TextAlignmentRole)
        return (cents ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter).toInt();
    if (role == Qt::ToolTipRole) {
        if (col >= 1 && col < totalColumn())
            return cellTip(dayIndex, col - 1);
        if (spike != m_spikes.cend())
            return spikeNote(*spike);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    if (col == 0)
        return day.toString(QStringLiteral("ddd yyyy-MM-dd"));
    if (cents)
        return formatUsd(*cents);
    return spike != m_spikes.cend() ? spikeNote(*spike) : QString();
}

QVariant CostTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Day (UTC)");
    if (section == totalColumn())
        return tr("Total");
    if (section == noteColumn())
        return tr("Note");
    if (section >= 1 && section < totalColumn()) {
        const QString key = m_breakdown.keys.at(section - 1);
        return key == m_breakdown.keyProviders.at(section - 1) ? providerLabel(key) : key;
    }
    return {};
}

QString CostTableModel::cellTip(int dayIndex, int key) const
{
    const QDate day = m_breakdown.days.at(dayIndex);
    const QString provider = m_breakdown.keyProviders.at(key);
    QDateTime fetched;
    for (const CostFigure &f : m_series.figures()) {
        if (f.day == day && f.provider == provider && f.fetchedAt.isValid() && (!fetched.isValid() || f.fetchedAt < fetched))
            fetched = f.fetchedAt;
    }
    QString tip = tr("%1, %2: %3").arg(headerData(key + 1, Qt::Horizontal, Qt::DisplayRole).toString(),
                                      day.toString(Qt::ISODate), formatUsd(m_breakdown.cents.at(dayIndex).at(key)));
    if (fetched.isValid())
        tip += QLatin1Char('\n') + tr("fetched %1 UTC").arg(fetched.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return tip;
}

QString CostTableModel::spikeNote(const Spike &s) const
{
    if (s.overThreshold)
        return tr("spike: over %1/day").arg(formatUsd(m_thresholdUsd));
    if (s.trailingMedianUsd && *s.trailingMedianUsd > 0)
        return tr("spike: %1x the 7-day median").arg(s.amountUsd / *s.trailingMedianUsd, 0, 'f', 1);
    return tr("spike");
}

QString CostTableModel::formatUsd(qint64 cents)
{
    const QLocale en(QLocale::English, QLocale::UnitedStates);
    const qint64 abs = cents < 0 ? -cents : cents;
    const QString amount = en.toString(abs / 100) + QLatin1Char('.') + QStringLiteral("%1").arg(abs % 100, 2, 10, QLatin1Char('0'));
    return (cents < 0 ? QStringLiteral("-$") : QStringLiteral("$")) + amount;
}

QString CostTableModel::formatUsd(double usd)
{
    return formatUsd(toCents(usd));
}

QString CostTableModel::providerLabel(const QString &provider)
{
    if (provider == costprovider::openai())
        return QStringLiteral("OpenAI");
    if (provider == costprovider::anthropic())
        return QStringLiteral("Anthropic");
    return provider;
}

} // namespace opsdeck
