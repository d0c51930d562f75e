#include "runsmodel.h"

#include "core/humantime.h"
#include "core/text.h"
#include "tone.h"

namespace opsdeck {

RunsModel::RunsModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunsModel::setRuns(QList<WorkflowRun> runs, const QDateTime &now)
{
    beginResetModel();
    m_runs = std::move(runs);
    m_now = now;
    endResetModel();
}

int RunsModel::rowOfRun(qint64 runId) const
{
    for (int i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].id == runId)
            return i;
    return -1;
}

bool RunsModel::isFailure(const WorkflowRun &run)
{
    return run.conclusion == QLatin1String("failure") || run.conclusion == QLatin1String("timed_out")
        || run.conclusion == QLatin1String("startup_failure");
}

bool RunsModel::failedRecently(int row) const
{
    const WorkflowRun &r = m_runs.at(row);
    return isFailure(r) && r.createdAt.isValid() && r.createdAt >= m_now.addDays(-1);
}

int RunsModel::failuresIn24h() const
{
    int n = 0;
    for (int i = 0; i < m_runs.size(); ++i)
        n += failedRecently(i) ? 1 : 0;
    return n;
}

bool RunsModel::canRerunFailed(int row) const
{
    if (row < 0 || row >= m_runs.size())
        return false;
    const WorkflowRun &r = m_runs.at(row);
    return r.status == QLatin1String("completed")
        && (isFailure(r) || r.conclusion == QLatin1String("cancelled"));
}

int RunsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_runs.size()); }
int RunsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkflowRun &r = m_runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Title)
            return sanitizeForDisplay(r.displayTitle);
        if (index.column() == Number)
            return sanitizeForDisplay(r.htmlUrl);
        if (index.column() == Created)
            return exactTime(r.createdAt);
        return {};
    case RunIdRole:
        return r.id;
    case FailedRecentlyRole:
        return failedRecently(index.row());
    case ToneRole:
        return tone(index.row(), index.column());
    default:
        return {};
    }
}

QVariant RunsModel::display(const WorkflowRun &r, int column) const
{
    switch (column) {
    case Number: return QStringLiteral("#%1").arg(r.runNumber);
    case Workflow: return sanitizeForDisplay(r.name);
    case Title: return sanitizeForDisplay(r.displayTitle);
    case Branch: return sanitizeForDisplay(r.headBranch);
    case Event: return sanitizeForDisplay(r.event);
    case Outcome:
        if (r.status != QLatin1String("completed"))
            return sanitizeForDisplay(r.status).replace(QLatin1Char('_'), QLatin1Char(' '));
        return sanitizeForDisplay(r.conclusion).replace(QLatin1Char('_'), QLatin1Char(' '));
    case Attempt: return r.runAttempt;
    case Created: return relativeTime(r.createdAt, m_now);
    case Actor: return sanitizeForDisplay(r.actor);
    default: return {};
    }
}

int RunsModel::tone(int row, int column) const
{
    const WorkflowRun &r = m_runs.at(row);
    if (failedRecently(row))
        return int(Tone::Bad);
    if (column != Outcome)
        return int(Tone::Neutral);
    if (r.status != QLatin1String("completed"))
        return int(Tone::Muted);
    if (r.conclusion == QLatin1String("success"))
        return int(Tone::Good);
    return int(isFailure(r) || r.conclusion == QLatin1String("cancelled") ? Tone::Warning : Tone::Neutral);
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("Run");
    case Workflow: return tr("Workflow");
    case Title: return tr("Title");
    case Branch: return tr("Branch");
    case Event: return tr("Event");
    case Outcome: return tr("Result");
    case Attempt: return tr("Attempt");
    case Created: return tr("Started");
    case Actor: return tr("Actor");
    default: return {};
    }
}

} // namespace opsdeck
