#include "alertsmodel.h"

#include "core/humantime.h"
#include "core/text.h"
#include "tone.h"

namespace opsdeck {

namespace {
QDateTime silencedUntil(const QString &id, const QList<AlertSilence> &silences, const QDateTime &now)
{
    QDateTime until;
    for (const AlertSilence &s : silences)
        if (s.alertId == id && s.until > now && (!until.isValid() || s.until > until))
            until = s.until;
    return until;
}

} // namespace

AlertsModel::AlertsModel(QObject *parent) : QAbstractTableModel(parent) {}

QList<Alert> AlertsModel::setAlerts(const QList<Alert> &alerts, const QDateTime &at, const QList<AlertSilence> &silences,
                                    const QList<AlertRule> &rules)
{
    QList<AlertRow> rows;
    QList<Alert> toNotify;
    QSet<QString> unsilenced;
    for (const Alert &a : alerts) {
        AlertRow r{a, at, silencedUntil(a.id, silences, at), RuleState::Firing};
        const int old = rowOf(a.id);
        if (old >= 0 && m_rows.at(old).state == RuleState::Firing)
            r.since = m_rows.at(old).since;
        if (!r.silencedUntil.isValid()) {
            unsilenced.insert(a.id);
            if (!m_notified.contains(a.id))
                toNotify.append(a);
        }
        rows.append(r);
    }
    for (const AlertRule &rule : rules) {
        const bool firing = std::any_of(alerts.begin(), alerts.end(), [&](const Alert &a) { return a.id == rule.id; });
        if (firing)
            continue;
        AlertRow r;
        r.alert = Alert{rule.id, rule.value ? tr("Within the threshold") : tr("Not measured by the last checks"),
                        rule.value.value_or(0), rule.threshold};
        r.state = rule.value ? RuleState::Ok : RuleState::NoData;
        r.silencedUntil = silencedUntil(rule.id, silences, at);
        rows.append(r);
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_evaluatedAt = at;
    endResetModel();
    m_notified = unsilenced;
    return toNotify;
}

void AlertsModel::setSilences(const QList<AlertSilence> &silences, const QDateTime &now)
{
    for (int i = 0; i < m_rows.size(); ++i)
        m_rows[i].silencedUntil = silencedUntil(m_rows[i].alert.id, silences, now);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int AlertsModel::rowOf(const QString &alertId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].alert.id == alertId)
            return i;
    return -1;
}

bool AlertsModel::isSilenced(int row) const { return m_rows.at(row).silencedUntil.isValid(); }

int AlertsModel::unsilencedCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const AlertRow &r) {
        return r.state == RuleState::Firing && !r.silencedUntil.isValid();
    }));
}

QString AlertsModel::alertName(const QString &id) { return opsdeck::alertName(id); }

QString AlertsModel::formatValue(const QString &id, double value)
{
    if (id == QLatin1String("error-rate") || id == QLatin1String("db-connections"))
        return tr("%1 %").arg(value, 0, 'f', 2);
    if (id == QLatin1String("p95"))
        return tr("%1 ms").arg(value, 0, 'f', 0);
    if (id == QLatin1String("api-cost"))
        return QStringLiteral("$") + QString::number(value, 'f', 2);
    if (id == QLatin1String("failed-workflows"))
        return QString::number(value, 'f', 0);
    if (id == QLatin1String("restore-test"))
        return tr("failed");  // a state, not a number
    return QString::number(value);
}

int AlertsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int AlertsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Since && r.state == RuleState::Firing)
            return tr("firing since %1").arg(exactTime(r.since));
        if (index.column() == Silenced && r.silencedUntil.isValid())
            return tr("silenced until %1").arg(exactTime(r.silencedUntil));
        return index.column() == Why ? sanitizeForDisplay(r.alert.message) : QVariant();
    case AlertIdRole:
        return r.alert.id;
    case SilencedRole:
        return r.silencedUntil.isValid();
    case ToneRole: {
        if (r.state == RuleState::NoData || (r.state == RuleState::Firing && r.silencedUntil.isValid()))
            return int(index.column() == State || index.column() == Name ? Tone::Muted : Tone::Neutral);
        if (r.state == RuleState::Ok)
            return int(index.column() == State ? Tone::Good : Tone::Neutral);
        return int(index.column() == State || index.column() == Name ? Tone::Bad : Tone::Neutral);
    }
    default:
        return {};
    }
}

QVariant AlertsModel::display(const AlertRow &r, int column) const
{
    switch (column) {
    case State:
        switch (r.state) {
        case RuleState::Firing: return r.silencedUntil.isValid() ? tr("Silenced") : tr("Firing");
        case RuleState::Ok: return tr("OK");
        case RuleState::NoData: return tr("No data");
        }
        return {};
    case Since: return r.state == RuleState::Firing ? relativeTime(r.since, m_evaluatedAt) : QString();
    case Name: return alertName(r.alert.id);
    case Why: return sanitizeForDisplay(r.alert.message);
    case Value: return r.state == RuleState::NoData ? QStringLiteral("–") : formatValue(r.alert.id, r.alert.value);
    case Threshold:
        return r.alert.id == QLatin1String("restore-test") ? tr("passed within 7 days") : formatValue(r.alert.id, r.alert.threshold);
    case Silenced: return r.silencedUntil.isValid() ? tr("ends %1").arg(relativeTime(r.silencedUntil, m_evaluatedAt)) : QString();
    default: return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case State: return tr("State");
    case Since: return tr("Since");
    case Name: return tr("Alert");
    case Why: return tr("Why");
    case Value: return tr("Value");
    case Threshold: return tr("Threshold");
    case Silenced: return tr("Silenced");
    default: return {};
    }
}

} // namespace opsdeck
