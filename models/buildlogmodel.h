#pragma once

#include "providers/vercel/buildlog.h"

#include <QAbstractListModel>
#include <QSortFilterProxyModel>

namespace opsdeck {

// A build log, one row per line ("12:04:31  text"), failing lines toned Bad. Lines are appended as
// they stream in.
class BuildLogModel : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogModel)
public:
    enum Role { FailingRole = Qt::UserRole + 1, TypeRole, TextRole };
    explicit BuildLogModel(QObject *parent = nullptr);

    void clear();
    void append(const QList<BuildEvent> &events);
    const QList<BuildEvent> &events() const { return m_events; }
    int failingCount() const { return m_failing; }
    // The log as text, one "time  text" line each (what Copy and Save write).
    QString text(const QList<int> &rows = {}) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<BuildEvent> m_events;
    int m_failing = 0;
};

// The lines shown: matching the search (case-insensitive), and failing only when asked.
class BuildLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BuildLogFilter)
public:
    explicit BuildLogFilter(QObject *parent = nullptr);
    void setSearch(const QString &text);
    void setFailingOnly(bool on);
    bool failingOnly() const { return m_failingOnly; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    QString m_search;
    bool m_failingOnly = false;
};

} // namespace opsdeck
