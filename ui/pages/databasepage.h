#pragma once

#include "database/dbtypes.h"
#include "database/pgconnectioninfo.h"
#include "database/statementlogging.h"
#include "core/job.h"
#include "page.h"

#include <memory>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QSpinBox;
class QTabWidget;

namespace opsdeck {

class Session;
class DbTablesModel;
class LongQueriesModel;
class MaintenanceDialog;
class PgSession;
class DatabaseUseCase;
class SlowQueriesModel;

// The database section of the runbook: overview (version, size, connections against max_connections,
// long-running queries), table and index sizes with a chart of the largest, slow statements from
// pg_stat_statements, and maintenance (VACUUM / VACUUM FULL / REINDEX behind a preview and a typed
// confirmation). Every query runs on a worker-thread session; nothing blocks the GUI thread.
class DatabasePage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabasePage)
public:
    DatabasePage(Session &context, DatabaseUseCase &database, QWidget *parent = nullptr);
    ~DatabasePage() override;

    void refresh() override;

protected:
    void showEvent(QShowEvent *event) override;

public:
    // Fetches the preview of the action chosen on the Maintenance tab and opens the confirmation.
    void previewMaintenance();
    // Sets log_min_duration_statement for this database to the value in the Slow queries tab, after a
    // confirmation that shows the current and the new value; audited.
    void applySlowStatementLogging();
    // The Slow queries tab (the "P95 slow" quick fix), with the slowest statement selected.
    void showSlowStatements();
    // From the selected slow statement: the Maintenance tab set to CREATE INDEX CONCURRENTLY on the
    // table and columns its WHERE clause compares (nothing runs before the preview and confirmation).
    bool indexSelectedStatement();
    // The indexes built through OpsDeck on this database (from the audit trail) and the mean time of
    // their statements before and since.
    void refreshIndexImpact();
    QTableWidget *indexImpactTable() const { return m_impact; }

    DbTablesModel *tablesModel() const { return m_tables; }
    SlowQueriesModel *slowModel() const { return m_slow; }
    MaintenanceDialog *maintenanceDialog() const { return m_dialog; }
    QLabel *overviewLabel() const { return m_overview; }

private:
    void connectAndLoad(const PgConnectionInfo &info, QObject *load);
    void showStatus(const DbStatus &status);
    void showTables(const QList<TableSize> &sizes);
    void showSlow(const SlowQueryReport &report);
    void readSlowStatementLogging();
    void failed(const QString &what, const QString &message);
    void loaded();
    QWidget *buildOverview();
    QWidget *buildTables();
    QWidget *buildSlow();
    QWidget *buildMaintenance();

    Session &m_context;
    DatabaseUseCase &m_database;
    PgConnectionInfo m_info;
    PgSession *m_session = nullptr;
    JobScope m_load;  // the reads of the database shown; a refresh drops the previous ones
    bool m_demoDeferred = false;  // demo: the throwaway database starts when the page is first shown
    int m_pending = 0;
    QList<TableSize> m_sizes;
    QList<TableMaintenance> m_maintenance;
    DbTablesModel *m_tables;
    SlowQueriesModel *m_slow;
    LongQueriesModel *m_long;
    QSortFilterProxyModel *m_sorted;
    QTabWidget *m_tabs;
    QTableView *m_slowView = nullptr;
    QPushButton *m_indexThis = nullptr;
    QLabel *m_indexHint = nullptr;
    QLabel *m_connection;
    QLabel *m_overview;
    QLabel *m_slowGuidance;
    QSpinBox *m_logSlowMs = nullptr;
    QPushButton *m_logSlowApply = nullptr;
    QLabel *m_logSlowState = nullptr;
    std::optional<SlowStatementLogging> m_logging;
    QChartView *m_chart = nullptr;
    QComboBox *m_action = nullptr;
    QComboBox *m_target = nullptr;
    QPushButton *m_previewButton = nullptr;
    MaintenanceDialog *m_dialog = nullptr;
    QLineEdit *m_columns = nullptr;  // CREATE INDEX: the columns
    QTableWidget *m_impact = nullptr;  // indexes built here: statements' mean time before and since
};

} // namespace opsdeck
