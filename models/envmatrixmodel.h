#pragma once

#include "providers/vercel/buildlog.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The project's environment variables, name × target: a target a name is missing from, while
// production or preview has it, reads "missing" in red; the runbook's secrets show the credential
// that feeds them and how long ago it was rotated.
class EnvMatrixModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvMatrixModel)
public:
    enum Column { Name, Type, Production, Preview, Development, Updated, Credential, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, DiffersRole, CredentialRole };
    explicit EnvMatrixModel(QObject *parent = nullptr);

    void setReport(const EnvironmentReport &report, const QDateTime &now);
    const EnvironmentReport &report() const { return m_report; }
    int rowOf(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static QString targetOf(int column);
    bool differs(const EnvRow &row) const;

    EnvironmentReport m_report;
    QDateTime m_now;
};

} // namespace opsdeck
