#pragma once

#include "providers/vercel/types.h"

#include <QAbstractTableModel>

namespace opsdeck {

// Recent Vercel deployments for the Deployments page: the one serving production now pinned at the
// top and marked, the others newest first.
class DeploymentsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentsModel)
public:
    enum Column { State, Target, Created, Commit, Message, Creator, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,             // READY, ERROR, BUILDING...
        IsCurrentRole,         // serves production now
        RollbackCandidateRole  // Vercel can roll production back to it
    };

    explicit DeploymentsModel(QObject *parent = nullptr);

    // `now` is what the Created column counts back from ("9 h ago").
    void setDeployments(QList<Deployment> deployments, const QString &currentProductionId,
                        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Adds the next page ("more on demand"); ids already listed are skipped.
    void appendDeployments(const QList<Deployment> &deployments);
    void setCurrentProductionId(const QString &id);
    QString currentProductionId() const { return m_currentId; }

    const Deployment &deployment(int row) const { return m_items.at(row); }
    int rowOf(const QString &id) const;  // -1 when not listed

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Deployment> m_items;
    QString m_currentId;
    QDateTime m_now;
};

} // namespace opsdeck
