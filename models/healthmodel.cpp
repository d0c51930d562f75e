#include "healthmodel.h"

#include "core/text.h"
#include "net/redactor.h"
#include "runbook/checks.h"

#include <QLocale>

namespace opsdeck {

HealthModel::HealthModel(QObject *parent) : QAbstractTableModel(parent) {}

void HealthModel::setUrls(const QStringList &urls)
{
    QList<HealthRow> rows;
    for (const QString &url : urls) {
        HealthRow r;
        r.url = url;
        for (const HealthRow &old : std::as_const(m_rows))
            if (old.url == url)
                r = old;
        rows.append(r);
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QStringList HealthModel::urls() const
{
    QStringList out;
    for (const HealthRow &r : m_rows)
        out << r.url;
    return out;
}

void HealthModel::setProbing(int row, bool probing)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].probing = probing;
    changedRow(row);
}

void HealthModel::setResult(int row, const HealthResult &result, const QDateTime &at)
{
    if (row < 0 || row >= m_rows.size())
        return;
    HealthRow &r = m_rows[row];
    r.probing = false;
    r.probed = true;
    r.last = result;
    r.checkedAt = at;
    changedRow(row);
}

void HealthModel::setSamples(int row, QList<std::pair<QDateTime, double>> samples)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].samples = std::move(samples);
    changedRow(row);
}

QList<double> HealthModel::latencies(int row) const
{
    QList<double> out;
    for (const auto &s : m_rows.at(row).samples)
        out.append(s.second);
    return out;
}

double HealthModel::p95(int row) const { return nearestRankPercentile(latencies(row), 95); }

int HealthModel::downCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const HealthRow &r) { return r.probed && !r.last.ok; }));
}

int HealthModel::probedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const HealthRow &r) { return r.probed; }));
}

int HealthModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int HealthModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HealthRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column(), index.row());
    case Qt::ToolTipRole:
        if (index.column() == Status && r.probed && !r.last.ok)
            return sanitizeForDisplay(r.last.error);
        if (index.column() == P95)
            return tr("Nearest-rank P95 over %n probe(s) in the last 24 h", nullptr, int(r.samples.size()));
        return {};
    case ToneRole:
        return int(tone(r, index.column()));
    case LatenciesRole: {
        QVariantList values;
        for (double v : latencies(index.row()))
            values.append(v);
        return values;
    }
    case UrlRole:
        return r.url;
    default:
        return {};
    }
}

QVariant HealthModel::display(const HealthRow &r, int column, int row) const
{
    switch (column) {
    case Url:  // a password or token in the URL is for the probe, not for the screen
        return Redactor::global().redact(sanitizeForDisplay(r.url));
    case Status:
        if (r.probing)
            return tr("Probing…");
        if (!r.probed)
            return tr("Not checked yet");
        if (r.last.ok)
            return tr("Up (%1)").arg(r.last.httpStatus);
        if (r.last.httpStatus > 0)
            return tr("Down (%1)").arg(r.last.httpStatus);
        return tr("Down: %1").arg(sanitizeForDisplay(r.last.error));
    case Latency:
        return r.probed && r.last.latencyMs >= 0 ? tr("%1 ms").arg(r.last.latencyMs) : QStringLiteral("—");
    case Checked:
        return r.checkedAt.isValid() ? QLocale().toString(r.checkedAt.toLocalTime().time(), QStringLiteral("HH:mm:ss"))
                                     : QStringLiteral("—");
    case Uptime24h:
    case Uptime7d: {
        const std::optional<double> u = column == Uptime24h ? r.uptime24h : r.uptime7d;
        return u ? tr("%1 %").arg(QLocale().toString(*u, 'f', *u >= 99.95 || *u == 0 ? 0 : 1)) : QStringLiteral("—");
    }
    case P95: {
        const double p = p95(row);
        return p >= 0 ? tr("%1 ms").arg(p, 0, 'f', 0) : QStringLiteral("—");
    }
    case Trend:
        return r.samples.isEmpty() ? tr("no history") : QString();
    default:
        return {};
    }
}

Tone HealthModel::tone(const HealthRow &r, int column) const
{
    if (column == Uptime24h || column == Uptime7d) {
        const std::optional<double> u = column == Uptime24h ? r.uptime24h : r.uptime7d;
        return !u ? Tone::Muted : *u >= 99.5 ? Tone::Good : *u >= 95.0 ? Tone::Warning : Tone::Bad;
    }
    if (column != Status)
        return Tone::Neutral;
    if (r.probing || !r.probed)
        return Tone::Muted;
    return r.last.ok ? Tone::Good : Tone::Bad;
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Url: return tr("URL");
    case Status: return tr("Status");
    case Latency: return tr("Latency");
    case Checked: return tr("Last checked");
    case Uptime24h: return tr("Uptime 24 h");
    case Uptime7d: return tr("Uptime 7 d");
    case P95: return tr("P95 (24 h)");
    case Trend: return tr("Latency, 24 h");
    default: return {};
    }
}

void HealthModel::setUptime(int row, std::optional<double> last24h, std::optional<double> last7d)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].uptime24h = last24h;
    m_rows[row].uptime7d = last7d;
    changedRow(row);
}

void HealthModel::changedRow(int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); }

} // namespace opsdeck
