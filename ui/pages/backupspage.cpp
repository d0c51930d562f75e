#include "pages/backupspage.h"

#include "usecases/session.h"
#include "backupsmodel.h"
#include "core/clock.h"
#include "backups/backupmanifest.h"
#include "core/humantime.h"
#include "database/demodatabase.h"
#include "dialogs/backupdialogs.h"
#include "messagebar.h"
#include "usecases/backupsusecase.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QProgressBar>
#include <QShowEvent>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
QString bytes(qint64 n) { return QLocale().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat); }
} // namespace

BackupsPage::BackupsPage(Session &context, BackupsUseCase &backups, QWidget *parent)
    : Page(QStringLiteral("backups"), tr("Backups"), parent),
      m_context(context), m_backups(backups), m_model(new BackupsModel(this)),
      m_view(new QTableView(this)), m_destination(new QLabel(this)), m_status(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_run(new QPushButton(tr("Back up now"), this)),
      m_verify(new QPushButton(tr("Verify"), this)), m_restoreButton(new QPushButton(tr("Restore…"), this)),
      m_pruneButton(new QPushButton(tr("Prune…"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_drillButton(new QPushButton(tr("Restore test"), this)), m_drillStatus(new QLabel(this))
{
    m_drillButton->setObjectName(QStringLiteral("backupDrill"));
    m_drillButton->setToolTip(tr("Restore the newest verified backup into a scratch database on the profile's server, "
                                 "check every table, then drop the scratch database"));
    m_drillStatus->setObjectName(QStringLiteral("backupDrillStatus"));
    m_drillStatus->setTextFormat(Qt::PlainText);
    m_drillStatus->setWordWrap(true);
    m_destination->setObjectName(QStringLiteral("backupDestination"));
    m_destination->setTextFormat(Qt::PlainText);
    m_run->setObjectName(QStringLiteral("backupRun"));
    m_verify->setObjectName(QStringLiteral("backupVerify"));
    m_restoreButton->setObjectName(QStringLiteral("backupRestore"));
    m_pruneButton->setObjectName(QStringLiteral("backupPrune"));
    m_cancel->setObjectName(QStringLiteral("backupCancel"));
    addHeaderWidget(m_run);
    addRefreshButton();
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_destination, 1);
    for (QPushButton *b : {m_verify, m_restoreButton, m_drillButton, m_pruneButton})
        bar->addWidget(b);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_drillStatus);
    auto *progressRow = new QHBoxLayout;
    m_progress->setObjectName(QStringLiteral("backupProgress"));
    m_status->setObjectName(QStringLiteral("backupStatus"));
    m_status->setTextFormat(Qt::PlainText);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_status, 2);
    progressRow->addWidget(m_cancel);
    contentLayout()->addLayout(progressRow);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);

    m_view->setObjectName(QStringLiteral("backupsTable"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    contentLayout()->addWidget(m_view, 1);

    connect(m_run, &QPushButton::clicked, this, &BackupsPage::runBackup);
    connect(m_verify, &QPushButton::clicked, this, &BackupsPage::verifySelected);
    connect(m_restoreButton, &QPushButton::clicked, this, &BackupsPage::restoreSelected);
    connect(m_pruneButton, &QPushButton::clicked, this, &BackupsPage::prune);
    connect(m_cancel, &QPushButton::clicked, this, &BackupsPage::cancel);
    connect(m_drillButton, &QPushButton::clicked, this, &BackupsPage::runDrill);
    connect(&m_context, &Session::profileChanged, this, &BackupsPage::refresh);
    refresh();
}

BackupsPage::~BackupsPage() = default;

void BackupsPage::rebuildService(QObject *load, std::function<void()> then)
{
    BackupOverrides overrides;
    if (m_demo)
        overrides.destination = m_demo->second;
    m_backups.resolve(m_backups.config(overrides), true, load)->onFinished(load, [this, then](const Result<ResolvedBackup> &r) {
        if (!r) {
            m_service.reset();
            messageBar()->showMessage(r.error().toString(), MessageBar::Severity::Error);
            return setReady(true);
        }
        // A key problem is shown, not fatal: listing needs no key, and an action that does names it.
        if (r->keyProblem)
            messageBar()->showMessage(tr("Backup key: %1").arg(r->keyProblem->message), MessageBar::Severity::Error);
        else if (!r->warnings.isEmpty())
            messageBar()->showMessage(r->warnings.join(QLatin1Char(' ')), MessageBar::Severity::Warning);
        replaceService(r->config);
        then();
    });
}

void BackupsPage::replaceService(const BackupConfig &config)
{
    const BackupConfig *old = m_service ? &m_service->config() : nullptr;
    if (old && old->destination == config.destination && old->s3Endpoint == config.s3Endpoint
        && old->awsRegion == config.awsRegion && old->awsAccessKeyId == config.awsAccessKeyId
        && old->awsSecretAccessKey == config.awsSecretAccessKey && old->policy == config.policy
        && old->encrypt == config.encrypt && old->key.has_value() == config.key.has_value()
        && (!old->key || old->key->bytes() == config.key->bytes()))
        return;  // same destination: keep the service and its running work
    m_service = m_backups.makeService(config);
}

void BackupsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (std::exchange(m_demoDeferred, false))
        refresh();
}

void BackupsPage::refresh()
{
    if (m_task)
        return;  // the list is reloaded when the running task ends
    QObject *load = m_load.renew();
    if (m_context.profile().backupDest.isEmpty() && m_context.profile().databaseUrl.isEmpty() && m_context.isDemo()
        && DemoDatabase::available() && !m_demo) {
        // The demo's own database and its backups folder (both thrown away when OpsDeck quits), started
        // on first show, not for windows that never open this page.
        if (!isVisible()) {
            m_demoDeferred = true;
            m_destination->setText(tr("Demo: the local PostgreSQL starts when this page is opened"));
            return setReady(true);
        }
        m_destination->setText(tr("Demo: starting a local PostgreSQL…"));
        setReady(false);
        DemoDatabase *demo = m_context.demoDatabase(true);
        demo->ready(load)->onFinished(load, [this, folder = demo->backupFolder()](const Result<PgConnectionInfo> &db) {
            if (!db) {
                messageBar()->showMessage(db.error().toString(), MessageBar::Severity::Error);
                return setReady(true);
            }
            m_demo = std::pair{db.value(), folder};
            refresh();
        });
        return;
    }
    const QString destination = m_demo ? m_demo->second : m_context.profile().backupDest;
    const bool configured = !destination.isEmpty();
    showDrillStatus();
    m_destination->setText(configured ? tr("Destination: %1").arg(destination) : tr("No backup destination configured"));
    for (QPushButton *b : {m_run, m_verify, m_restoreButton, m_pruneButton, m_drillButton})
        b->setEnabled(false);
    if (!configured) {
        m_service.reset();
        messageBar()->showMessage(tr("Set a backup folder (or s3://bucket/prefix) in the profile or OPSDECK_BACKUP_DEST."),
                                  MessageBar::Severity::Info);
        setReady(true);
        return;
    }
    setReady(false);
    rebuildService(load, [this, load] {
        for (QPushButton *b : {m_run, m_verify, m_restoreButton, m_pruneButton, m_drillButton})
            b->setEnabled(true);
        const QDateTime now = m_context.clock().nowUtc();
        Job<PrunePlan> *planned = m_service->planPrune(now);
        planned->setParent(load);
        planned->onFinished(load, [this, now](const Result<PrunePlan> &plan) {
            if (!plan) {
                messageBar()->showMessage(plan.error().toString(), MessageBar::Severity::Error);
            } else {
                m_model->setBackups(plan.value().backups, plan.value().decisions, now);
                m_view->resizeColumnsToContents();
                QDateTime newest;
                const BackupFreshness fresh = backupFreshness(plan.value().backups, now, &newest);
                if (fresh == BackupFreshness::None)
                    setStatus(Tone::Warning, tr("No backups"));
                else
                    setStatus(fresh == BackupFreshness::OnTime ? Tone::Good : fresh == BackupFreshness::Late ? Tone::Warning : Tone::Bad,
                              tr("Last backup %1").arg(relativeTime(newest, now)));
                markUpdated();
                if (m_model->rowCount() == 0)
                    messageBar()->showMessage(tr("No backups yet in this destination. Back up now writes the first one."),
                                              MessageBar::Severity::Info);
                else if (messageBar()->text().isEmpty() || messageBar()->severity() == MessageBar::Severity::Info)
                    messageBar()->clear();
            }
            setReady(true);
        });
    });
}

std::optional<BackupManifest> BackupsPage::selected() const
{
    const QModelIndexList rows = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->backup(rows.first().row());
}

void BackupsPage::withDatabase(const QString &url, std::function<void(const PgConnectionInfo &)> then)
{
    if (m_demo && url.isEmpty())
        return then(m_demo->first);
    m_backups.database(url, this)->onFinished(this, [this, then](const Result<PgConnectionInfo> &db) {
        if (!db)
            return messageBar()->showMessage(db.error().toString(), MessageBar::Severity::Error);
        then(db.value());
    });
}

void BackupsPage::track(JobBase *task, const QString &what)
{
    m_task = task;
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    m_cancel->setVisible(true);
    m_cancel->setEnabled(true);
    m_status->setText(what);
    for (QPushButton *b : {m_run, m_verify, m_restoreButton, m_pruneButton, m_drillButton})
        b->setEnabled(false);
    connect(task, &JobBase::progress, this, [this, what](const QString &phase, qint64 done, qint64 total) {
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(1000 * done / total));
            m_status->setText(tr("%1: %2 of %3").arg(what, bytes(done), bytes(total)));
        } else {
            m_status->setText(tr("%1 (%2): %3").arg(what, phase, bytes(done)));
        }
    });
}

void BackupsPage::finishTask(const QString &message, bool ok)
{
    m_task = nullptr;
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_status->setText(message);
    messageBar()->showMessage(message, ok ? MessageBar::Severity::Success : MessageBar::Severity::Error);
    refresh();
}

void BackupsPage::cancel()
{
    if (m_task) {
        m_task->cancel();
        m_cancel->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
    }
}

void BackupsPage::runBackup()
{
    if (m_task || !m_service)
        return;
    withDatabase(m_context.profile().databaseUrl, [this](const PgConnectionInfo &db) {
        if (m_task)
            return;
        auto *job = m_service->run(db);
        track(job, tr("Backing up %1").arg(db.database));
        job->onFinished(this, [this](const Result<BackupManifest> &r) {
            finishTask(r ? tr("Backup %1 written (%2, verified).").arg(r.value().id, bytes(r.value().sizeBytes))
                         : r.error().toString(),
                       r.ok());
        });
    });
}

void BackupsPage::showDrillStatus()
{
    const DrillStatus status = m_backups.drillStatus();
    m_drillStatus->setText(status.text);
    const Tone tone = status.health == DrillHealth::Green   ? Tone::Good
                      : status.health == DrillHealth::Amber ? Tone::Warning
                                                            : Tone::Bad;
    m_drillStatus->setStyleSheet(
        QStringLiteral("QLabel { color: %1; font-weight: 600; }").arg(toneTextColor(tone, palette()).name()));
    m_drillStatus->setProperty("health", int(status.health));
}

void BackupsPage::runDrill()
{
    if (m_task || !m_service)
        return;
    withDatabase(m_context.profile().databaseUrl, [this](const PgConnectionInfo &server) {
        if (m_task)
            return;
        auto *job = m_service->drill(server);
        track(job, tr("Restore test"));
        job->onFinished(this, [this](const Result<DrillReport> &r) {
            if (!r)
                return finishTask(r.error().toString(), false);
            if (Status s = m_backups.saveDrill(r.value()); !s)
                messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
            finishTask(r.value().ok ? tr("Restore test passed: %1 restored into a scratch database, %2 checked, "
                                         "scratch database dropped.")
                                          .arg(r.value().backupId,
                                               r.value().tablesChecked == 1 ? tr("1 table") : tr("%1 tables").arg(r.value().tablesChecked))
                                    : tr("Restore test FAILED: %1").arg(r.value().problems.join(QStringLiteral("; "))),
                       r.value().ok);
        });
    });
}

void BackupsPage::verifySelected()
{
    const auto backup = selected();
    if (!backup || m_task || !m_service)
        return;
    auto *job = m_service->verify(backup->id);
    track(job, tr("Verifying %1").arg(backup->id));
    job->onFinished(this, [this, id = backup->id](const Result<VerifyReport> &r) {
        if (!r)
            return finishTask(r.error().toString(), false);
        finishTask(r.value().ok ? tr("%1 verified: checksum and end of dump intact.").arg(id)
                                : tr("%1 FAILED verification: %2. It is now marked unverified.").arg(id, r.value().problem),
                   r.value().ok);
    });
}

void BackupsPage::restoreSelected()
{
    const auto backup = selected();
    if (!backup || m_task || !m_service)
        return;
    auto info = m_demo ? Result<PgConnectionInfo>(m_demo->first) : PgConnectionInfo::fromUrl(m_context.profile().databaseUrl);
    if (!info)
        return messageBar()->showMessage(info.error().toString(), MessageBar::Severity::Error);
    delete m_restore;
    const bool keyed = m_service->config().key.has_value();
    m_restore = new RestoreDialog(*backup, info.value().withDatabase(QStringLiteral("postgres")).displayUrl(), keyed, this);
    connect(m_restore, &TypedConfirmDialog::confirmed, this, [this, id = backup->id, server = info.value()] {
        const QString target = m_restore->targetDatabase();
        const QString table = m_restore->table();
        const bool allowUnsigned = m_restore->allowUnsigned();
        m_restore->accept();
        withDatabase(m_context.profile().databaseUrl, [this, id, target, table, allowUnsigned](const PgConnectionInfo &db) {
            auto *job = m_service->restore(id, db.withDatabase(target), table, allowUnsigned);
            track(job, tr("Restoring %1 into %2").arg(id, target));
            job->onFinished(this, [this, target](const Result<RestoreOutcome> &r) {
                finishTask(r ? tr("Restored into %1 in %2 s; audited.").arg(target).arg(r.value().durationMs / 1000)
                             : r.error().toString(),
                           r.ok());
            });
        });
    });
    m_restore->open();
}

void BackupsPage::prune()
{
    if (m_task || !m_service)
        return;
    m_pruneButton->setEnabled(false);
    m_service->planPrune(m_context.clock().nowUtc())->onFinished(this, [this](const Result<PrunePlan> &plan) {
        m_pruneButton->setEnabled(true);
        if (!plan)
            return messageBar()->showMessage(plan.error().toString(), MessageBar::Severity::Error);
        if (plan.value().removals().isEmpty())
            return messageBar()->showMessage(tr("Nothing to prune: the retention policy keeps every backup."),
                                             MessageBar::Severity::Info);
        delete m_prune;
        m_prune = new PruneDialog(plan.value(), this);
        connect(m_prune, &TypedConfirmDialog::confirmed, this, [this] {
            const PrunePlan confirmed = m_prune->plan();
            m_prune->accept();
            auto *job = m_service->prune(confirmed);
            track(job, tr("Pruning"));
            job->onFinished(this, [this](const Result<PruneOutcome> &r) {
                finishTask(r ? tr("Removed %n backup(s); audited.", nullptr, int(r.value().removed.size()))
                             : r.error().toString(),
                           r.ok());
            });
        });
        m_prune->open();
    });
}

} // namespace opsdeck
