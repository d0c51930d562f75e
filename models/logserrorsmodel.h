#pragma once

#include "logs/apploganalyzer.h"
#include "logs/loganalysis.h"

#include <QAbstractTableModel>

namespace opsdeck {

// Errors of the analysed period, one row each: the application log's error types first, then
// the access log's paths with the most 4xx/5xx responses.
class LogsErrorsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsErrorsModel)
public:
    enum Column { Source, What, Count, Detail, ColumnCount };

    explicit LogsErrorsModel(QObject *parent = nullptr);
    void setErrors(QList<AppErrorType> appErrors, QList<PathErrors> paths);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<AppErrorType> m_app;
    QList<PathErrors> m_paths;
};

} // namespace opsdeck
