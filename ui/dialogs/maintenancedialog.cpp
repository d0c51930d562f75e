#include "dialogs/maintenancedialog.h"

#include "database/maintenancejob.h"
#include "usecases/databaseusecase.h"
#include "core/text.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
QString bytes(qint64 n) { return QLocale().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat); }
} // namespace

MaintenanceDialog::MaintenanceDialog(PgConnectionInfo info, MaintenancePreview preview, DatabaseUseCase &database, QWidget *parent)
    : TypedConfirmDialog(parent), m_info(std::move(info)), m_preview(std::move(preview)), m_database(database),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this)), m_clock(new QTimer(this))
{
    setObjectName(QStringLiteral("maintenanceDialog"));
    setWindowTitle(tr("Database maintenance"));
    auto *summary = new QLabel(this);
    summary->setObjectName(QStringLiteral("maintenancePreview"));
    summary->setTextFormat(Qt::PlainText);
    summary->setWordWrap(true);
    summary->setText(tr("%1\n\nDatabase: %2 (%3)\nSize to work through: %4\nLock: %5\n%6\nOther connections to this "
                        "database right now: %7")
                         .arg(m_preview.statement, sanitizeForDisplay(m_preview.database), m_info.displayUrl(),
                              bytes(m_preview.sizeBytes), m_preview.lock, m_preview.lockEffect)
                         .arg(m_preview.activeConnections));
    if (m_preview.request.kind == MaintenanceKind::CreateIndex) {
        QString more;
        for (const QString &w : m_preview.warnings)
            more += QStringLiteral("\n") + tr("Warning: %1").arg(sanitizeForDisplay(w));
        if (m_preview.affected.isEmpty())
            more += QStringLiteral("\n\n") + m_preview.statementsNote;
        else
            more += QStringLiteral("\n\n") + tr("Statements reading %1 now (mean time × calls); after the build, "
                                                   "Indexes built here compares them:").arg(m_preview.request.table);
        for (const StatementTiming &t : m_preview.affected) {
            QString q = sanitizeForDisplay(t.query.simplified());
            if (q.size() > 90)
                q = q.left(89) + QChar(0x2026);
            more += QStringLiteral("\n  ") + QLocale().toString(t.meanMs, 'f', 2) + QStringLiteral(" ms × ")
                + QString::number(t.calls) + QStringLiteral("  ") + q;
        }
        summary->setText(summary->text() + more);
        setWindowTitle(tr("Create an index"));
    }
    contentLayout()->addWidget(summary);
    m_progress->setObjectName(QStringLiteral("maintenanceProgress"));
    m_progress->setVisible(false);
    m_status->setObjectName(QStringLiteral("maintenanceStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    contentLayout()->addWidget(m_progress);
    contentLayout()->addWidget(m_status);
    setActionText(tr("Run"));
    setExpectedText(m_preview.confirmText());
    connect(this, &TypedConfirmDialog::confirmed, this, &MaintenanceDialog::start);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, [this] {
        m_elapsedMs += 1000;
        if (m_progress->maximum() == 0)
            m_status->setText(tr("Running for %1 s…").arg(m_elapsedMs / 1000));
    });
}

bool MaintenanceDialog::isRunning() const { return m_job && m_job->isRunning(); }
QString MaintenanceDialog::statusText() const { return m_status->text(); }

void MaintenanceDialog::start()
{
    confirmEdit()->setEnabled(false);
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);  // busy until PostgreSQL reports numbers
    cancelButton()->setText(tr("Cancel the run"));
    m_status->setText(tr("Starting…"));
    m_job = m_database.maintenance(m_info, m_preview, this);
    connect(m_job, &MaintenanceJob::progress, this, &MaintenanceDialog::showProgress);
    connect(m_job, &MaintenanceJob::finished, this, &MaintenanceDialog::showResult);
    m_clock->start();
    m_job->start();
}

void MaintenanceDialog::showProgress(const MaintenanceProgress &p)
{
    m_elapsedMs = p.elapsedMs;
    if (p.total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * p.done / std::max<qint64>(p.total, 1)));
    } else {
        m_progress->setRange(0, 0);
    }
    m_status->setText(p.phase.isEmpty() ? tr("Running for %1 s…").arg(p.elapsedMs / 1000)
                                        : tr("%1: %2 (%3 s)").arg(sanitizeForDisplay(p.relation), p.phase).arg(p.elapsedMs / 1000));
}

void MaintenanceDialog::showResult(const Result<MaintenanceOutcome> &result)
{
    m_clock->stop();
    m_progress->setRange(0, 1);
    m_progress->setValue(result.ok() ? 1 : 0);
    cancelButton()->setText(tr("Close"));
    if (result.ok() && m_preview.request.kind == MaintenanceKind::CreateIndex)
        m_status->setText(tr("Index %1 built in %2 s (%3). Audited with the statements' times before it.")
                              .arg(m_preview.indexName, QLocale().toString(result.value().durationMs / 1000.0, 'f', 1),
                                   bytes(result.value().sizeAfterBytes)));
    else if (result.ok())
        m_status->setText(tr("Done in %1 s: %2 → %3. Audited.")
                              .arg(QLocale().toString(result.value().durationMs / 1000.0, 'f', 1),
                                   bytes(result.value().sizeBeforeBytes), bytes(result.value().sizeAfterBytes)));
    else
        m_status->setText(result.error().message);
    Q_EMIT completed(result);
}

void MaintenanceDialog::reject()
{
    if (isRunning()) {
        m_status->setText(tr("Cancelling…"));
        m_job->cancel();
        return;
    }
    TypedConfirmDialog::reject();
}

} // namespace opsdeck
