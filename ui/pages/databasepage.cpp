#include "pages/databasepage.h"

#include "usecases/databaseusecase.h"
#include "usecases/session.h"
#include "core/text.h"
#include "database/dbinspector.h"
#include "database/demodatabase.h"
#include "database/indeximpact.h"
#include "database/maintenance.h"
#include "database/pgsession.h"
#include "dbtablesmodel.h"
#include "dialogs/maintenancedialog.h"
#include "messagebar.h"
#include "messagebox.h"
#include "usecases/credentialresolver.h"
#include "store/auditlog.h"
#include "theme.h"
#include "database/indexsuggestion.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QJsonArray>
#include <QLocale>
#include <QJsonObject>
#include <QPushButton>
#include <QShowEvent>
#include <QSpinBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

namespace opsdeck {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    return view;
}

QString bytes(qint64 n) { return DbTablesModel::formatBytes(n); }

} // namespace

DatabasePage::DatabasePage(Session &context, DatabaseUseCase &database, QWidget *parent)
    : Page(QStringLiteral("database"), tr("Database"), parent),
      m_context(context), m_database(database), m_tables(new DbTablesModel(this)),
      m_slow(new SlowQueriesModel(this)), m_long(new LongQueriesModel(this)), m_sorted(new QSortFilterProxyModel(this)),
      m_tabs(new QTabWidget(this)), m_connection(new QLabel(this)), m_overview(new QLabel(this)),
      m_slowGuidance(new QLabel(this))
{
    m_connection->setObjectName(QStringLiteral("databaseConnection"));
    m_connection->setTextFormat(Qt::PlainText);
    addRefreshButton()->setObjectName(QStringLiteral("databaseRefresh"));
    contentLayout()->addWidget(m_connection);
    m_tabs->addTab(buildOverview(), tr("Overview"));
    m_tabs->addTab(buildTables(), tr("Tables"));
    m_tabs->addTab(buildSlow(), tr("Slow queries"));
    m_tabs->addTab(buildMaintenance(), tr("Maintenance"));
    contentLayout()->addWidget(m_tabs, 1);
    connect(&m_context, &Session::profileChanged, this, &DatabasePage::refresh);
    refresh();
}

DatabasePage::~DatabasePage() = default;

QWidget *DatabasePage::buildOverview()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    m_overview->setObjectName(QStringLiteral("databaseOverview"));
    m_overview->setTextFormat(Qt::PlainText);
    m_overview->setWordWrap(true);
    layout->addWidget(m_overview);
    layout->addWidget(new QLabel(tr("Queries running for more than 60 s:"), w));
    layout->addWidget(makeTable(m_long, w, QStringLiteral("longQueries")), 1);
    return w;
}

QWidget *DatabasePage::buildTables()
{
    auto *split = new QSplitter(Qt::Vertical, this);
    m_sorted->setSourceModel(m_tables);
    m_sorted->setSortRole(DbTablesModel::SortRole);
    auto *view = makeTable(m_sorted, split, QStringLiteral("tableSizes"));
    view->setSortingEnabled(true);
    view->sortByColumn(DbTablesModel::TotalSize, Qt::DescendingOrder);
    m_chart = new QChartView(new QChart, split);
    m_chart->setObjectName(QStringLiteral("tableSizeChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    split->addWidget(view);
    split->addWidget(m_chart);
    return split;
}

QWidget *DatabasePage::buildSlow()
{
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    m_slowGuidance->setObjectName(QStringLiteral("slowGuidance"));
    m_slowGuidance->setTextFormat(Qt::PlainText);
    m_slowGuidance->setWordWrap(true);
    m_slowGuidance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_slowGuidance->setVisible(false);
    layout->addWidget(m_slowGuidance);
    m_slowView = makeTable(m_slow, w, QStringLiteral("slowQueries"));
    layout->addWidget(m_slowView, 1);
    auto *indexRow = new QHBoxLayout;
    m_indexThis = new QPushButton(tr("Index this…"), w);
    m_indexThis->setObjectName(QStringLiteral("indexThisStatement"));
    m_indexThis->setToolTip(tr("Set up CREATE INDEX CONCURRENTLY for the table and the columns this statement's WHERE "
                               "compares; the Maintenance tab previews it before anything runs"));
    m_indexThis->setEnabled(false);
    m_indexHint = new QLabel(w);
    m_indexHint->setObjectName(QStringLiteral("indexHint"));
    m_indexHint->setTextFormat(Qt::PlainText);
    m_indexHint->setWordWrap(true);
    indexRow->addWidget(m_indexThis);
    indexRow->addWidget(m_indexHint, 1);
    layout->addLayout(indexRow);
    connect(m_slowView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const auto suggestion = suggestIndex(m_slow->statement(current.row()));
        m_indexThis->setEnabled(suggestion.has_value());
        m_indexHint->setText(!current.isValid() ? QString()
                             : suggestion ? tr("Suggested: an index on %1 (%2)").arg(suggestion->table, suggestion->columns.join(QStringLiteral(", ")))
                                          : tr("No index to suggest: the statement has no WHERE comparison to index."));
    });
    connect(m_indexThis, &QPushButton::clicked, this, &DatabasePage::indexSelectedStatement);
    // The slow-statement log: PostgreSQL writes statements slower than this to its server log.
    auto *logRow = new QHBoxLayout;
    m_logSlowMs = new QSpinBox(w);
    m_logSlowMs->setObjectName(QStringLiteral("logSlowMs"));
    m_logSlowMs->setRange(-1, 3'600'000);
    m_logSlowMs->setSpecialValueText(tr("off"));
    m_logSlowMs->setSuffix(tr(" ms"));
    m_logSlowMs->setValue(250);
    m_logSlowApply = new QPushButton(tr("Apply…"), w);
    m_logSlowApply->setObjectName(QStringLiteral("logSlowApply"));
    m_logSlowApply->setEnabled(false);
    m_logSlowState = new QLabel(w);
    m_logSlowState->setObjectName(QStringLiteral("logSlowState"));
    logRow->addWidget(new QLabel(tr("Log statements slower than"), w));
    logRow->addWidget(m_logSlowMs);
    logRow->addWidget(m_logSlowApply);
    logRow->addWidget(m_logSlowState, 1);
    layout->addLayout(logRow);
    connect(m_logSlowApply, &QPushButton::clicked, this, &DatabasePage::applySlowStatementLogging);
    return w;
}

void DatabasePage::showSlowStatements()
{
    m_tabs->setCurrentIndex(2);
    if (m_slow->rowCount() > 0 && !m_slowView->currentIndex().isValid())
        m_slowView->setCurrentIndex(m_slow->index(0, SlowQueriesModel::Query));
}

bool DatabasePage::indexSelectedStatement()
{
    const auto suggestion = suggestIndex(m_slow->statement(m_slowView->currentIndex().row()));
    if (!suggestion)
        return false;
    // The table as the target list names it (schema.name); an unqualified name is looked up in public.
    int target = m_target->findData(suggestion->table);
    if (target < 0 && !suggestion->table.contains(QLatin1Char('.')))
        target = m_target->findData(QString(QStringLiteral("public.") + suggestion->table));
    if (target < 0) {
        messageBar()->showMessage(tr("The statement reads %1, which is not among this database's tables.").arg(suggestion->table),
                                  MessageBar::Severity::Warning);
        return false;
    }
    m_action->setCurrentIndex(m_action->findData(int(MaintenanceKind::CreateIndex)));
    m_target->setCurrentIndex(target);
    m_columns->setText(suggestion->columns.join(QStringLiteral(", ")));
    m_tabs->setCurrentIndex(3);
    messageBar()->showMessage(tr("CREATE INDEX CONCURRENTLY on %1 (%2), from the slow statement's WHERE clause. Preview… shows "
                                 "the statement, its lock and its size before you confirm.")
                                  .arg(m_target->currentData().toString(), m_columns->text()),
                              MessageBar::Severity::Info);
    return true;
}

void DatabasePage::readSlowStatementLogging()
{
    if (!m_session)
        return;
    QObject *load = m_load.context();
    m_database.slowStatementLogging(*m_session, load)
        ->onFinished(load, [this](const Result<SlowStatementLogging> &r) {
            m_logSlowApply->setEnabled(r.ok());
            if (!r) {
                m_logging.reset();
                m_logSlowState->setText(tr("Cannot read log_min_duration_statement: %1").arg(r.error().message));
                return;
            }
            m_logging = r.value();
            m_logSlowState->setText(
                r->databaseMs ? tr("Database %1: %2 (set for this database)").arg(r->database, statementlogging::describe(*r->databaseMs))
                              : tr("Database %1: %2 (the server's setting)").arg(r->database, statementlogging::describe(r->sessionMs)));
        });
}

void DatabasePage::applySlowStatementLogging()
{
    if (!m_session || !m_logging)
        return;
    const int ms = m_logSlowMs->value();
    const QString database = m_logging->database;
    const QString now = statementlogging::describe(m_logging->databaseMs.value_or(m_logging->sessionMs));
    const QString next = statementlogging::describe(ms);
    const QString text =
        tr("Set log_min_duration_statement for database \"%1\" from %2 to %3?\n\n"
           "PostgreSQL then writes every statement slower than that to its server log, for new sessions of this "
           "database (open ones keep their value). A low value can grow the log quickly. It needs superuser or "
           "the SET privilege on the parameter. The change is written to the audit trail.")
            .arg(database, now, next);
    if (MessageBox::question(this, tr("Slow-statement log"), text) != QMessageBox::Yes)
        return;
    m_logSlowApply->setEnabled(false);
    // Audited before it runs (fail closed) and with its outcome, by the use case.
    m_database.setSlowStatementLogging(*m_session, database, now, ms, this)->onFinished(this, [this, next, database](const Status &r) {
        m_logSlowApply->setEnabled(true);
        if (!r)
            return messageBar()->showMessage(r.error().toString(), MessageBar::Severity::Error);
        messageBar()->showMessage(tr("Database %1 now logs statements slower than %2 (new sessions); audited.").arg(database, next),
                                  MessageBar::Severity::Success);
        readSlowStatementLogging();
    });
}

QWidget *DatabasePage::buildMaintenance()
{
    auto *w = new QWidget(this);
    auto *form = new QFormLayout(w);
    m_action = new QComboBox(w);
    m_action->setObjectName(QStringLiteral("maintenanceAction"));
    m_action->addItem(tr("VACUUM ANALYZE (no exclusive lock)"), int(MaintenanceKind::Vacuum));
    m_action->addItem(tr("VACUUM FULL ANALYZE (rewrites, exclusive lock)"), int(MaintenanceKind::VacuumFull));
    m_action->addItem(tr("REINDEX"), int(MaintenanceKind::Reindex));
    m_action->addItem(tr("CREATE INDEX CONCURRENTLY (writes continue)"), int(MaintenanceKind::CreateIndex));
    m_columns = new QLineEdit(w);
    m_columns->setObjectName(QStringLiteral("indexColumns"));
    m_columns->setPlaceholderText(tr("customer_id, created_at"));
    m_columns->setEnabled(false);
    m_target = new QComboBox(w);
    m_target->setObjectName(QStringLiteral("maintenanceTarget"));
    m_previewButton = new QPushButton(tr("Preview…"), w);
    m_previewButton->setObjectName(QStringLiteral("maintenancePreview"));
    auto *hint = new QLabel(tr("The preview shows the statement, the size it works through, the lock it takes and who "
                               "else is connected. You then type the database or table name to run it; the run is "
                               "audited and can be cancelled."),
                            w);
    hint->setWordWrap(true);
    form->addRow(tr("Action"), m_action);
    form->addRow(tr("Target"), m_target);
    form->addRow(tr("Index columns"), m_columns);
    form->addRow(QString(), m_previewButton);
    form->addRow(hint);
    connect(m_action, &QComboBox::currentIndexChanged, this, [this] {
        const bool index = MaintenanceKind(m_action->currentData().toInt()) == MaintenanceKind::CreateIndex;
        m_columns->setEnabled(index);
        if (index && m_target->currentData().toString().isEmpty() && m_target->count() > 1)
            m_target->setCurrentIndex(1);  // an index is on a table, not the whole database
    });
    connect(m_previewButton, &QPushButton::clicked, this, &DatabasePage::previewMaintenance);

    m_impact = new QTableWidget(0, 5, w);
    m_impact->setObjectName(QStringLiteral("indexImpact"));
    m_impact->setHorizontalHeaderLabels({tr("Index"), tr("Statement"), tr("Mean before"), tr("Mean since"), tr("Calls since")});
    m_impact->verticalHeader()->hide();
    m_impact->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_impact->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *impactRefresh = new QPushButton(tr("Compare again"), w);
    impactRefresh->setObjectName(QStringLiteral("indexImpactRefresh"));
    connect(impactRefresh, &QPushButton::clicked, this, &DatabasePage::refreshIndexImpact);
    auto *impactTitle = new QLabel(tr("Indexes built here: the statements they were for, before and since"), w);
    impactTitle->setStyleSheet(QStringLiteral("font-weight: 600;"));
    form->addRow(impactTitle);
    form->addRow(m_impact);
    form->addRow(QString(), impactRefresh);
    return w;
}

void DatabasePage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (std::exchange(m_demoDeferred, false))
        refresh();
}

void DatabasePage::refresh()
{
    QObject *load = m_load.renew();
    setReady(false);
    const QString url = m_context.profile().databaseUrl;
    if (url.isEmpty() && m_context.isDemo() && DemoDatabase::available()) {
        if (!isVisible()) {  // started on first show, not for windows that never open this page
            m_demoDeferred = true;
            m_connection->setText(tr("Demo database: starts when this page is opened"));
            return setReady(true);
        }
        m_connection->setText(tr("Demo database: starting a local PostgreSQL…"));
        m_context.demoDatabase(true)->ready(load)->onFinished(load, [this, load](const Result<PgConnectionInfo> &demo) {
            if (!demo) {
                messageBar()->showMessage(demo.error().toString(), MessageBar::Severity::Error);
                return setReady(true);
            }
            m_connection->setText(tr("Demo database %1 (thrown away when OpsDeck quits)").arg(demo.value().displayUrl()));
            connectAndLoad(demo.value(), load);
        });
        return;
    }
    if (url.isEmpty()) {
        m_connection->setText(tr("No database configured"));
        messageBar()->showMessage(tr("Set the database URL in the profile (or DATABASE_URL) and store its password "
                                     "as database-password in the keychain."),
                                  MessageBar::Severity::Info);
        m_previewButton->setEnabled(false);
        setReady(true);
        return;
    }
    m_database.connection(url, load)->onFinished(load, [this, load](const Result<PgConnectionInfo> &info) {
        if (!info) {
            messageBar()->showMessage(info.error().toString(), MessageBar::Severity::Error);
            return setReady(true);
        }
        m_connection->setText(info.value().displayUrl());
        connectAndLoad(info.value(), load);
    });
}

void DatabasePage::connectAndLoad(const PgConnectionInfo &info, QObject *load)
{
    if (!m_session || m_info.displayUrl() != info.displayUrl() || m_info.password != info.password) {
        delete m_session;
        m_session = new PgSession(info, this);
        m_info = info;
    }
    m_pending = 3;
    messageBar()->clear();
    m_previewButton->setEnabled(true);
    m_database.status(*m_session, 60'000, load)
        ->onFinished(load, [this](const Result<DbStatus> &r) {
            if (r)
                showStatus(r.value());
            else
                failed(tr("status"), r.error().toString());
            loaded();
        });
    m_database.tables(*m_session, load)
        ->onFinished(load, [this](const Result<QList<TableSize>> &r) {
            if (r)
                showTables(r.value());
            else
                failed(tr("tables"), r.error().toString());
            loaded();
        });
    readSlowStatementLogging();
    m_database.slowQueries(*m_session, 20, load)
        ->onFinished(load, [this](const Result<SlowQueryReport> &r) {
            if (r)
                showSlow(r.value());
            else
                failed(tr("slow queries"), r.error().toString());
            loaded();
        });
}

void DatabasePage::failed(const QString &what, const QString &message)
{
    messageBar()->showMessage(tr("Could not read the %1: %2").arg(what, message), MessageBar::Severity::Error);
}

void DatabasePage::loaded()
{
    if (--m_pending == 0) {
        markUpdated();
        setReady(true);
        refreshIndexImpact();
    }
}

void DatabasePage::showStatus(const DbStatus &s)
{
    const double threshold = m_context.profile().thresholds.dbConnectionsPercent;
    const bool crossed = s.connectionsPercent() > threshold;
    m_overview->setText(tr("PostgreSQL %1 — database %2, %3\nConnections: %4 of max_connections %5 (%6 %)%7\n"
                           "Other sessions on this database: %8")
                            .arg(sanitizeForDisplay(s.serverVersion), sanitizeForDisplay(s.database), bytes(s.sizeBytes))
                            .arg(s.connections)
                            .arg(s.maxConnections)
                            .arg(QLocale().toString(s.connectionsPercent(), 'f', 1))
                            .arg(crossed ? tr(" — above the %1 % alert threshold").arg(threshold) : QString())
                            .arg(s.activeConnections));
    setStatus(crossed ? Tone::Warning : Tone::Good,
              tr("%1 % connections").arg(QLocale().toString(s.connectionsPercent(), 'f', 0)));
    if (crossed)
        messageBar()->showMessage(tr("Connections are at %1 % of max_connections (threshold %2 %).")
                                      .arg(QLocale().toString(s.connectionsPercent(), 'f', 1))
                                      .arg(threshold),
                                  MessageBar::Severity::Warning);
    m_long->setQueries(s.longRunning);
    m_maintenance = s.tables;
    m_tables->setTables(m_sizes, m_maintenance);
}

void DatabasePage::showTables(const QList<TableSize> &sizes)
{
    m_sizes = sizes;
    m_tables->setTables(m_sizes, m_maintenance);
    if (auto *view = findChild<QTableView *>(QStringLiteral("tableSizes")))
        view->resizeColumnsToContents();
    const QString current = m_target->currentData().toString();
    m_target->clear();
    m_target->addItem(tr("Whole database"), QString());
    for (const QString &name : m_tables->tableNames())
        m_target->addItem(sanitizeForDisplay(name), name);
    m_target->setCurrentIndex(std::max(0, m_target->findData(current)));

    // The ten largest tables, heap and indexes stacked, in MiB.
    auto *chart = new QChart;
    chart->setTitle(tr("Largest tables"));
    auto *heap = new QBarSet(tr("Table"));
    auto *index = new QBarSet(tr("Indexes"));
    QStringList names;
    const qsizetype n = std::min<qsizetype>(10, sizes.size());
    for (qsizetype i = n - 1; i >= 0; --i) {  // largest on top
        names << sanitizeForDisplay(sizes[i].name);
        *heap << double(sizes[i].tableBytes) / (1024.0 * 1024.0);
        *index << double(sizes[i].indexBytes) / (1024.0 * 1024.0);
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->append(heap);
    series->append(index);
    chart->addSeries(series);
    auto *axisY = new QBarCategoryAxis;
    axisY->append(names);
    auto *axisX = new QValueAxis;
    axisX->setTitleText(tr("MiB"));
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(axisY, Qt::AlignLeft);
    chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisY);
    series->attachAxis(axisX);
    QChart *old = m_chart->chart();
    themeChart(chart);
    m_chart->setChart(chart);
    delete old;
}

void DatabasePage::showSlow(const SlowQueryReport &report)
{
    m_slowGuidance->setVisible(!report.available);
    m_slowGuidance->setText(report.guidance);
    m_slow->setQueries(report.queries);
}

void DatabasePage::previewMaintenance()
{
    if (!m_session)
        return;
    MaintenanceRequest request;
    request.kind = MaintenanceKind(m_action->currentData().toInt());
    request.table = m_target->currentData().toString();
    if (request.kind == MaintenanceKind::CreateIndex) {
        for (const QString &c : m_columns->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            request.columns << c.trimmed();
        if (request.table.isEmpty() || request.columns.isEmpty())
            return messageBar()->showMessage(tr("Choose a table and name the columns to index (comma separated)."),
                                             MessageBar::Severity::Warning);
    }
    m_previewButton->setEnabled(false);
    m_database.preview(*m_session, request, this)
        ->onFinished(this, [this](const Result<MaintenancePreview> &preview) {
            m_previewButton->setEnabled(true);
            if (!preview) {
                messageBar()->showMessage(preview.error().toString(), MessageBar::Severity::Error);
                return;
            }
            delete m_dialog;
            m_dialog = new MaintenanceDialog(m_info, preview.value(), m_database, this);
            connect(m_dialog, &MaintenanceDialog::completed, this, [this](const Result<MaintenanceOutcome> &r) {
                if (r && !r.value().before.isEmpty())
                    messageBar()->showMessage(tr("Index built in %1 ms; audited. The statements it is for are listed under "
                                                 "Indexes built here: compare again once the application has run them.")
                                                  .arg(r.value().durationMs),
                                              MessageBar::Severity::Success);
                else if (r)
                    messageBar()->showMessage(tr("Maintenance finished in %1 ms; audited.").arg(r.value().durationMs),
                                              MessageBar::Severity::Success);
                else
                    messageBar()->showMessage(r.error().toString(), MessageBar::Severity::Error);
                refresh();
            });
            m_dialog->open();
        });
}

void DatabasePage::refreshIndexImpact()
{
    if (!m_session || !m_impact)
        return;
    const auto indexes = m_database.builtIndexes();
    const QList<BuiltIndex> built = indexes ? indexes.value() : QList<BuiltIndex>();
    QObject *load = m_load.context();
    using Measured = DatabaseUseCase::Measured;
    m_database.indexImpact(*m_session, built, load)
        ->onFinished(load, [this](const Result<Measured> &measured) {
            m_impact->setRowCount(0);
            if (!measured)
                return;
            auto ms = [](double v) -> QString { return QLocale().toString(v, 'f', 2) + QStringLiteral(" ms"); };
            for (const auto &[index, effects] : measured.value())
                for (const IndexEffect &e : effects) {
                    const int row = m_impact->rowCount();
                    m_impact->insertRow(row);
                    m_impact->setItem(row, 0, new QTableWidgetItem(index.index));
                    auto *query = new QTableWidgetItem(sanitizeForDisplay(e.before.query.simplified()));
                    query->setToolTip(sanitizeForDisplay(e.before.query));
                    m_impact->setItem(row, 1, query);
                    m_impact->setItem(row, 2, new QTableWidgetItem(ms(e.before.meanMs)));
                    auto *after = new QTableWidgetItem(e.callsAfter > 0 ? ms(e.meanAfterMs) : tr("not run since"));
                    if (e.callsAfter > 0)
                        after->setForeground(toneTextColor(e.meanAfterMs < e.before.meanMs ? Tone::Good : Tone::Bad, palette()));
                    m_impact->setItem(row, 3, after);
                    m_impact->setItem(row, 4, new QTableWidgetItem(QString::number(e.callsAfter)));
                }
            m_impact->resizeColumnToContents(0);
        });
}

} // namespace opsdeck
