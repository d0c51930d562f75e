#pragma once

#include "logs/logrotator.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The rotation preview (file, age, action, reason) and, after a run, what happened to each file.
class LogsRotationModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsRotationModel)
public:
    enum Column { File, Age, Action, Reason, Result, ColumnCount };

    explicit LogsRotationModel(QObject *parent = nullptr);
    void setPlan(const RotationPlan &plan);
    void setReport(const RotationReport &report);
    const RotationPlan &plan() const { return m_plan; }
    int count(RotationAction action) const { return m_plan.count(action); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    RotationPlan m_plan;
    QList<RotationOutcome> m_outcomes;  // empty until a run
};

} // namespace opsdeck
