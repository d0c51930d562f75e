#pragma once

#include "providers/github/types.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace opsdeck {

// Recent GitHub Actions workflow runs, newest first; failures of the last 24 h are flagged
// (ToneRole Bad, FailedRecentlyRole) so the view can highlight them.
class RunsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunsModel)
public:
    enum Column { Number, Workflow, Title, Branch, Event, Outcome, Attempt, Created, Actor, ColumnCount };
    enum Roles { RunIdRole = Qt::UserRole + 1, FailedRecentlyRole };

    explicit RunsModel(QObject *parent = nullptr);

    // `now` decides which failures are "in the last 24 h".
    void setRuns(QList<WorkflowRun> runs, const QDateTime &now);
    const WorkflowRun &run(int row) const { return m_runs.at(row); }
    int rowOfRun(qint64 runId) const;
    bool failedRecently(int row) const;
    int failuresIn24h() const;
    // A completed run with failed (or cancelled / timed-out) jobs that GitHub can re-run.
    bool canRerunFailed(int row) const;

    static bool isFailure(const WorkflowRun &run);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const WorkflowRun &run, int column) const;
    int tone(int row, int column) const;

    QList<WorkflowRun> m_runs;
    QDateTime m_now;
};

} // namespace opsdeck
