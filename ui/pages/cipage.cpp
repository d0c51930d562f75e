#include "pages/cipage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "messagebar.h"
#include "providers/providersource.h"
#include "providers/github/githubclient.h"
#include "runsmodel.h"
#include "store/auditlog.h"
#include "widgets/statuschip.h"
#include "widgets/tonedelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableView>

namespace opsdeck {

CiPage::CiPage(Session &context, ProviderSource &providers, CiUseCase &ci, QWidget *parent)
    : Page(QStringLiteral("ci"), tr("CI"), parent),
      m_context(context), m_providers(providers), m_ci(ci), m_model(new RunsModel(this))
{
    m_chip = statusChip();
    m_chip->setObjectName(QStringLiteral("ciChip"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("ciSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_rerun = new QPushButton(tr("Re-run failed jobs"), this);
    m_rerun->setObjectName(QStringLiteral("rerunFailed"));
    m_rerun->setToolTip(tr("Ask GitHub to re-run the failed jobs of the selected run"));
    addHeaderWidget(m_rerun);
    m_reload = addRefreshButton();
    m_reload->setObjectName(QStringLiteral("refreshRuns"));
    contentLayout()->addWidget(m_summary);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("runsTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ToneDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    // The commit title takes what is left; every other column fits its content, so the author stays on screen.
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RunsModel::Title, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideRight);
    contentLayout()->addWidget(m_view, 1);

    connect(m_rerun, &QPushButton::clicked, this, &CiPage::rerunSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CiPage::updateButtons);
    connect(&m_context, &Session::profileChanged, this, [this] {
        m_loaded = false;
        if (isVisible())
            refresh();
    });
    m_chip->setStatus(Tone::Muted, tr("Not loaded"));
    updateButtons();
    setReady(false);  // loads when first shown
}

CiPage::~CiPage() = default;

void CiPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (!m_loaded && !m_loading)
        refresh();
}

void CiPage::refresh()
{
    QObject *work = m_load.renew();  // drops the previous load: its requests stop, its callbacks never run
    m_loading = true;
    m_reload->setEnabled(false);
    if (!m_loaded)
        m_chip->setStatus(Tone::Muted, tr("Loading…"));
    m_providers.github(work)->onFinished(work, [this, work](const Result<GithubClient *> &client) {
        if (!client)
            return showFailure(client.error().message);
        WorkflowRunQuery query;
        query.limit = kDefaultRuns;
        query.pageSize = kDefaultRuns;
        client.value()->listWorkflowRuns(query)->onFinished(work, [this](const Result<QList<WorkflowRun>> &runs) {
            if (!runs)
                return showFailure(runs.error().message);
            const qint64 keep = m_keepSelected ? m_keepSelected : (selectedRow() >= 0 ? m_model->run(selectedRow()).id : 0);
            m_model->setRuns(runs.value(), m_context.clock().nowUtc());
            m_keepSelected = 0;
            m_loading = false;
            m_loaded = true;
            m_reload->setEnabled(true);
            const int failures = m_model->failuresIn24h();
            setBadge(failures > 0 ? QString::number(failures) : QString(), Tone::Bad);
            markUpdated();
            m_chip->setStatus(failures > 0 ? Tone::Bad : Tone::Good,
                              failures > 0 ? tr("%n failed in 24 h", nullptr, failures) : tr("No failures in 24 h"));
            m_summary->setText(tr("The %n most recent workflow run(s) of %1", nullptr, m_model->rowCount())
                                   .arg(m_context.profile().githubRepo));
            if (m_model->rowCount() == 0)
                messageBar()->showMessage(tr("No workflow runs in %1 yet.").arg(m_context.profile().githubRepo),
                                          MessageBar::Severity::Info);
            else if (m_loadFailed)
                messageBar()->clear();  // the previous load's error
            m_loadFailed = false;
            if (keep)
                selectRun(keep);
            updateButtons();
            setReady(true);
        });
    });
}

void CiPage::showFailure(const QString &message)
{
    m_loading = false;
    m_loadFailed = true;
    m_reload->setEnabled(true);
    m_chip->setStatus(Tone::Warning, tr("Unavailable"));
    messageBar()->showMessage(tr("Could not list the workflow runs: %1").arg(message), MessageBar::Severity::Error);
    updateButtons();
    setReady(true);
}

int CiPage::selectedRow() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void CiPage::selectRun(qint64 runId)
{
    const int row = m_model->rowOfRun(runId);
    if (row >= 0)
        m_view->selectRow(row);
    updateButtons();
}

void CiPage::updateButtons()
{
    m_rerun->setEnabled(!m_rerunning && m_model->canRerunFailed(selectedRow()));
    m_rerun->setText(m_rerunning ? tr("Re-running…") : tr("Re-run failed jobs"));
}

void CiPage::rerunSelected()
{
    if (m_rerunning)
        return;  // exactly one request per click while one is in flight
    const int row = selectedRow();
    if (!m_model->canRerunFailed(row)) {
        messageBar()->showMessage(tr("Select a completed run that failed to re-run its failed jobs."),
                                  MessageBar::Severity::Info);
        return;
    }
    const WorkflowRun run = m_model->run(row);
    m_rerunning = true;
    updateButtons();
    // Not in the load's scope: a refresh must not cancel the re-run.
    m_ci.rerun(run, true, this)->onFinished(this, [this, run](const Result<CiUseCase::Rerun> &r) { rerunDone(run, r); });
}

void CiPage::rerunDone(const WorkflowRun &run, const Result<CiUseCase::Rerun> &result)
{
    m_rerunning = false;
    QString text = result ? tr("Re-run of the failed jobs of %1 #%2 requested.").arg(run.name).arg(run.runNumber)
                          : tr("Re-run of %1 #%2 failed: %3").arg(run.name).arg(run.runNumber).arg(result.error().message);
    if (result && !result->auditProblem.isEmpty())
        text += tr(" The audit entry could not be written: %1").arg(result->auditProblem);
    messageBar()->showMessage(text, !result                          ? MessageBar::Severity::Error
                                    : result->auditProblem.isEmpty() ? MessageBar::Severity::Success
                                                                     : MessageBar::Severity::Warning);
    m_keepSelected = run.id;
    updateButtons();
    refresh();
}

} // namespace opsdeck
