#pragma once

#include "providers/health/types.h"
#include "tone.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <optional>
#include <utility>

namespace opsdeck {

// One health URL of the profile: the latest probe and the latency samples of the last 24 h.
struct HealthRow {
    QString url;
    bool probing = false;
    bool probed = false;
    HealthResult last;
    QDateTime checkedAt;
    QList<std::pair<QDateTime, double>> samples;  // oldest first
    std::optional<double> uptime24h;              // percent of probes up; nullopt without probes
    std::optional<double> uptime7d;
};

// The health URLs with status, latency, last check, probe P95 (nearest rank over the
// samples given) and the latencies for a sparkline.
class HealthModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthModel)
public:
    enum Column { Url, Status, Latency, Checked, Uptime24h, Uptime7d, P95, Trend, ColumnCount };
    enum Roles { LatenciesRole = Qt::UserRole + 1, UrlRole };

    explicit HealthModel(QObject *parent = nullptr);

    void setUrls(const QStringList &urls);  // keeps what is known about URLs that stay
    QStringList urls() const;
    void setProbing(int row, bool probing);
    void setResult(int row, const HealthResult &result, const QDateTime &at);
    void setSamples(int row, QList<std::pair<QDateTime, double>> samples);
    void setUptime(int row, std::optional<double> last24h, std::optional<double> last7d);

    const HealthRow &row(int row) const { return m_rows.at(row); }
    QList<double> latencies(int row) const;
    double p95(int row) const;  // -1 without samples
    int downCount() const;
    int probedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const HealthRow &r, int column, int row) const;
    Tone tone(const HealthRow &r, int column) const;
    void changedRow(int row);

    QList<HealthRow> m_rows;
};

} // namespace opsdeck
