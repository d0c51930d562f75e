#include "pages/deploymentspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "core/humantime.h"
#include "core/text.h"
#include "deploymentsmodel.h"
#include "dialogs/rollbackdialog.h"
#include "messagebar.h"
#include "providers/providersource.h"
#include "usecases/rollbackusecase.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "rollback/rollbackservice.h"
#include "theme.h"
#include "widgets/buildlogview.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace opsdeck {

namespace {

enum class DetailRow { Id, Url, State, Target, Created, Creator, Branch, Commit, Message, Source, Candidate, Error };

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("READY"))
        return toneColor(Tone::Good);
    if (state == QLatin1String("ERROR"))
        return toneColor(Tone::Bad);
    if (state == QLatin1String("CANCELED") || state == QLatin1String("DELETED"))
        return toneColor(Tone::Muted);
    return toneColor(Tone::Warning);  // BUILDING, QUEUED, INITIALIZING
}

// The state as a coloured chip; the row serving production in bold.
class DeploymentDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(MonospaceRole).toBool())
            option->font = monospaceFont(option->font);
        option->font.setBold(index.data(DeploymentsModel::IsCurrentRole).toBool());
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() != DeploymentsModel::State)
            return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QFont f = opt.font;
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.85);
        painter->setFont(f);
        const QRect r = option.rect.adjusted(4, 4, -4, -4);
        const QRect pill(r.left(), r.top(), std::min(QFontMetrics(f).horizontalAdvance(text) + 14, r.width()), r.height());
        painter->setPen(Qt::NoPen);
        painter->setBrush(stateColor(index.data(DeploymentsModel::StateRole).toString()));
        painter->drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, text);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QSize s = QStyledItemDelegate::sizeHint(option, index);
        return {s.width() + (index.column() == DeploymentsModel::State ? 16 : 0), std::max(s.height(), 26)};
    }
};

} // namespace

DeploymentsPage::DeploymentsPage(Session &context, ProviderSource &providers, RollbackUseCase &rollback,
                                 TroubleshootUseCase &troubleshoot, QWidget *parent)
    : Page(QStringLiteral("deployments"), tr("Deployments"), parent),
      m_context(context), m_providers(providers), m_rollbacks(rollback), m_model(new DeploymentsModel(this)), m_view(new QTableView(this)), m_detail(new QFormLayout),
      m_rollback(new QPushButton(tr("Roll back to this…"), this)), m_promote(new QPushButton(tr("Promote…"), this)),
      m_more(new QPushButton(tr("Show 10 more"), this)), m_tabs(new QTabWidget(this)),
      m_buildLog(new BuildLogView(troubleshoot, this))
{
    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_promote->setObjectName(QStringLiteral("promoteButton"));
    m_more->setObjectName(QStringLiteral("moreButton"));
    m_rollback->setToolTip(tr("Point production back at this earlier production deployment (Vercel Instant Rollback)"));
    m_promote->setToolTip(tr("Point production at this deployment without rebuilding (also undoes a rollback)"));
    m_rollbackPrevious = new QPushButton(tr("Roll back to previous production…"), this);
    m_rollbackPrevious->setObjectName(QStringLiteral("rollbackPrevious"));
    addHeaderWidget(m_promote);
    addHeaderWidget(m_rollback);
    addHeaderWidget(m_rollbackPrevious);
    addRefreshButton();

    m_view->setObjectName(QStringLiteral("deploymentsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new DeploymentDelegate(m_view));
    m_view->verticalHeader()->hide();
    // The commit message takes the width left over; the other columns fit their content.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(DeploymentsModel::Message, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);

    auto *detail = new QWidget(this);
    detail->setObjectName(QStringLiteral("deploymentDetail"));
    detail->setLayout(m_detail);
    const QStringList names{tr("ID"),     tr("URL"),     tr("State"),   tr("Target"), tr("Created"),
                            tr("Creator"), tr("Branch"), tr("Commit"), tr("Message"), tr("Source"),
                            tr("Rollback candidate"), tr("Error")};
    for (const QString &name : names) {
        auto *value = new QLabel(detail);
        value->setTextFormat(Qt::PlainText);  // API text is never interpreted
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_detail->addRow(name + QLatin1Char(':'), value);
        m_detailValues << value;
    }
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *list = new QWidget(split);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_view, 1);
    listLayout->addWidget(m_more, 0, Qt::AlignLeft);
    split->addWidget(list);
    m_tabs->setObjectName(QStringLiteral("deploymentTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(detail, tr("Details"));
    m_tabs->addTab(m_buildLog, tr("Build log"));
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({760, 480});
    contentLayout()->addWidget(split, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateDetail();
        updateActions();
        // A failed deployment opens at its build log: that is what an SRE looks at first.
        const int row = m_model->rowOf(selectedId());
        if (row >= 0 && m_model->deployment(row).state == QLatin1String("ERROR"))
            m_tabs->setCurrentWidget(m_buildLog);
        loadBuildLogIfShown();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { loadBuildLogIfShown(); });
    connect(m_more, &QPushButton::clicked, this, &DeploymentsPage::showMore);
    connect(m_rollback, &QPushButton::clicked, this, [this] { openDialog(RollbackKind::Rollback); });
    connect(m_promote, &QPushButton::clicked, this, [this] { openDialog(RollbackKind::Promote); });
    connect(m_rollbackPrevious, &QPushButton::clicked, this, [this] {
        const int row = previousProductionRow();
        if (row < 0)
            return;
        m_view->selectRow(row);
        openDialog(RollbackKind::Rollback);
    });
    connect(&m_context, &Session::profileChanged, this, [this] {
        // A dialog may still be following an alias job with the old clients: switch after it.
        if (m_dialog) {
            connect(m_dialog, &QObject::destroyed, this, [this] { resetClients(); refresh(); }, Qt::SingleShotConnection);
            return;
        }
        resetClients();
        refresh();
    });
    updateDetail();
    updateActions();
    refresh();
}

void DeploymentsPage::resetClients()
{
    delete m_service;
    m_service = nullptr;
    delete m_vercel;
    m_vercel = nullptr;
}

void DeploymentsPage::withVercel(std::function<void(VercelClient *)> run)
{
    if (m_vercel)
        return run(m_vercel);
    m_providers.vercel(this)->onFinished(this, [this, run](const Result<VercelClient *> &client) {
        if (!client) {
            messageBar()->showMessage(client.error().message, MessageBar::Severity::Error);
            return setReady(true);
        }
        m_vercel = client.value();
        run(m_vercel);
    });
}

void DeploymentsPage::withService(std::function<void(RollbackService *)> run)
{
    if (m_service)
        return run(m_service);
    m_rollbacks.service(m_rollbacks.options(), this)->onFinished(this, [this, run](const Result<RollbackService *> &service) {
        if (!service) {
            messageBar()->showMessage(service.error().message, MessageBar::Severity::Error);
            return setReady(true);
        }
        if (m_service) {  // built meanwhile by an earlier request
            delete service.value();
            return run(m_service);
        }
        m_service = service.value();
        run(m_service);
    });
}

void DeploymentsPage::refresh()
{
    setReady(false);
    QObject *load = m_load.renew();  // a newer listing replaces one on its way
    withVercel([this, load = QPointer<QObject>(load)](VercelClient *vercel) {
        if (!load)
            return;  // a newer listing started while the client was being made
        DeploymentQuery q;
        q.limit = m_limit;
        Job<QList<Deployment>> *listed = vercel->listDeployments(q);
        Job<Project> *project = vercel->getProject();
        whenAll(load.data(), listed, project)->onFinished(load.data(), [this](const Result<std::tuple<Result<QList<Deployment>>, Result<Project>>> &r) {
            const auto &[list, project] = r.value();
            const QString keep = selectedId();
            if (!list) {
                messageBar()->showMessage(list.error().message, MessageBar::Severity::Error);
                return setReady(true);
            }
            const QString current = project ? project.value().productionDeploymentId : QString();
            m_model->setDeployments(list.value(), current, m_context.clock().nowUtc());
            markUpdated();
            showProductionStatus();
            if (!project)
                messageBar()->showMessage(tr("Which deployment serves production is unknown: %1").arg(project.error().message),
                                          MessageBar::Severity::Warning);
            else
                messageBar()->clear();
            if (!selectDeployment(keep) && m_model->rowCount() > 0)
                m_view->selectRow(0);
            loadBuildLogIfShown(true);
            m_more->setEnabled(m_model->rowCount() >= m_limit);
            Q_EMIT statusMessage(tr("%1 deployments listed").arg(m_model->rowCount()));
            setReady(true);
        });
    });
}

void DeploymentsPage::showProductionStatus()
{
    const int row = m_model->rowOf(m_model->currentProductionId());
    const QDateTime now = m_context.clock().nowUtc();
    int failed = 0;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const Deployment &d = m_model->deployment(i);
        failed += d.state == QLatin1String("ERROR") && d.createdAt.isValid() && d.createdAt.secsTo(now) < 24 * 3600;
    }
    setBadge(failed > 0 ? QString::number(failed) : QString(), Tone::Bad);
    if (row < 0)
        return setStatus(Tone::Muted, m_model->currentProductionId().isEmpty() ? tr("Production unknown")
                                                                              : tr("Production not listed"));
    const Deployment &d = m_model->deployment(row);
    const bool ready = d.state == QLatin1String("READY");
    setStatus(ready ? (failed > 0 ? Tone::Warning : Tone::Good) : Tone::Bad,
              tr("Production %1 · %2").arg(d.state.toLower(), relativeTime(d.createdAt, now)));
}

void DeploymentsPage::showMore()
{
    m_limit += 10;
    refresh();
}

bool DeploymentsPage::selectDeployment(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    m_view->setCurrentIndex(m_model->index(row, 0));
    return true;
}

QString DeploymentsPage::selectedId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.data(DeploymentsModel::IdRole).toString() : QString();
}

void DeploymentsPage::updateDetail()
{
    const int row = m_model->rowOf(selectedId());
    for (QLabel *l : std::as_const(m_detailValues))
        l->clear();
    if (row < 0)
        return;
    const Deployment &d = m_model->deployment(row);
    const bool current = d.id == m_model->currentProductionId();
    const auto set = [this](DetailRow r, const QString &text) {
        m_detailValues[static_cast<int>(r)]->setText(sanitizeForDisplay(text, true));
    };
    set(DetailRow::Id, d.id);
    set(DetailRow::Url, d.url.isEmpty() ? tr("(upload incomplete)") : d.url);
    set(DetailRow::State, d.readySubstate.isEmpty() ? d.state : d.state + QStringLiteral(" / ") + d.readySubstate);
    set(DetailRow::Target, current ? tr("%1 (serves production now)").arg(d.target) : d.target);
    set(DetailRow::Created, d.createdAt.isValid() ? tr("%1 (%2 UTC), %3 ago")
                                             .arg(d.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                                  d.createdAt.toUTC().toString(QStringLiteral("HH:mm")),
                                                  formatAge(d.createdAt.msecsTo(m_context.clock().nowUtc())))
                                       : QString());
    set(DetailRow::Creator, d.creator);
    set(DetailRow::Branch, d.commitRef);
    set(DetailRow::Commit, d.commitSha);
    set(DetailRow::Message, d.commitMessage);
    set(DetailRow::Source, d.source);
    set(DetailRow::Candidate, d.isRollbackCandidate ? (*d.isRollbackCandidate ? tr("yes") : tr("no")) : tr("unknown"));
    set(DetailRow::Error, d.errorCode.isEmpty() ? QString() : d.errorCode + QStringLiteral(": ") + d.errorMessage);
}

void DeploymentsPage::updateActions()
{
    const int row = m_model->rowOf(selectedId());
    const Deployment *d = row >= 0 ? &m_model->deployment(row) : nullptr;
    const bool usable = d && d->state == QLatin1String("READY") && d->id != m_model->currentProductionId();
    m_promote->setEnabled(usable);
    m_rollback->setEnabled(usable && d->target == QLatin1String("production") && d->isRollbackCandidate.value_or(true));
    const int previous = previousProductionRow();
    m_rollbackPrevious->setEnabled(previous >= 0);
    if (previous < 0) {
        m_rollbackPrevious->setToolTip(tr("No earlier READY production deployment is listed to roll back to"));
        return;
    }
    const Deployment &target = m_model->deployment(previous);
    m_rollbackPrevious->setToolTip(tr("Point production back at %1: \"%2\", %3")
                                       .arg(target.id, sanitizeForDisplay(target.commitMessage.section(QLatin1Char('\n'), 0, 0)),
                                            relativeTime(target.createdAt, m_context.clock().nowUtc())));
}

int DeploymentsPage::previousProductionRow() const
{
    const int current = m_model->rowOf(m_model->currentProductionId());
    if (current < 0)
        return -1;
    const QDateTime currentAt = m_model->deployment(current).createdAt;
    int best = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Deployment &d = m_model->deployment(row);
        if (row == current || d.state != QLatin1String("READY") || d.target != QLatin1String("production")
            || !d.isRollbackCandidate.value_or(true) || d.createdAt >= currentAt)
            continue;
        if (best < 0 || d.createdAt > m_model->deployment(best).createdAt)
            best = row;
    }
    return best;
}

void DeploymentsPage::loadBuildLogIfShown(bool reload)
{
    if (m_tabs->currentWidget() != m_buildLog)
        return;
    const int row = m_model->rowOf(selectedId());
    if (row < 0)
        return m_buildLog->showDeployment({}, {});
    const Deployment &d = m_model->deployment(row);
    m_buildLog->showDeployment(d.id, d.state, reload);
}

void DeploymentsPage::showBuildLog()
{
    m_tabs->setCurrentWidget(m_buildLog);
    loadBuildLogIfShown();
}

RollbackDialog *DeploymentsPage::dialog() const { return m_dialog; }

void DeploymentsPage::openDialog(RollbackKind kind)
{
    const QString id = selectedId();
    if (id.isEmpty() || m_dialog)
        return;
    withService([this, id, kind](RollbackService *service) {
        if (m_dialog)
            return;
        auto *dialog = new RollbackDialog(*service, RollbackRequest{id, kind, {}}, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RollbackDialog::productionRequested, this, &DeploymentsPage::refresh);
        m_dialog = dialog;
        dialog->open();
        Q_EMIT dialogOpened(dialog);
    });
}

} // namespace opsdeck
