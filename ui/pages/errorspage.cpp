#include "pages/errorspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "errorgroupsmodel.h"
#include "errors/errorreport.h"
#include "messagebar.h"
#include "providers/providersource.h"
#include "providers/vercel/vercelclient.h"
#include "widgets/statuschip.h"
#include "widgets/tonedelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>

namespace opsdeck {

ErrorsPage::ErrorsPage(Session &context, ProviderSource &providers, QWidget *parent)
    : Page(QStringLiteral("errors"), tr("Errors"), parent),
      m_context(context), m_providers(providers), m_model(new ErrorGroupsModel(this))
{
    m_chip = statusChip();
    m_chip->setObjectName(QStringLiteral("errorsChip"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("errorsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_reload = addRefreshButton();
    m_reload->setObjectName(QStringLiteral("refreshErrors"));
    contentLayout()->addWidget(m_summary);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_view = new QTableView(split);
    m_view->setObjectName(QStringLiteral("errorGroups"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ToneDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ErrorGroupsModel::Count, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ErrorGroupsModel::Signature, QHeaderView::Stretch);
    header->setSectionResizeMode(ErrorGroupsModel::FirstSeen, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ErrorGroupsModel::LastSeen, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ErrorGroupsModel::Statuses, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(ErrorGroupsModel::Paths, 150);
    m_detail = new QPlainTextEdit(split);  // plain text by construction: no markup is ever interpreted
    m_detail->setObjectName(QStringLiteral("errorDetail"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a group to see a sample message and its request paths."));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    contentLayout()->addWidget(split, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ErrorsPage::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ErrorsPage::showSelected);
    connect(&m_context, &Session::profileChanged, this, [this] {
        m_loaded = false;
        if (isVisible())
            refresh();
    });
    m_chip->setStatus(Tone::Muted, tr("Not loaded"));
    setReady(false);  // loads when first shown
}

ErrorsPage::~ErrorsPage() = default;

void ErrorsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (!m_loaded && !m_loading)
        refresh();
}

void ErrorsPage::refresh()
{
    QObject *work = m_load.renew();  // drops the previous load: its requests stop, its callbacks never run
    m_loading = true;
    m_reload->setEnabled(false);
    m_chip->setStatus(Tone::Muted, tr("Loading…"));
    m_summary->setText(tr("Reading the production deployment's error logs of the last 24 h…"));
    const QDateTime since = m_context.clock().nowUtc().addDays(-1);
    m_since = since;
    m_providers.vercel(work)->onFinished(work, [this, work, since](const Result<VercelClient *> &client) {
        if (!client)
            return showFailure(client.error().message);
        fetchErrorReport(*client.value(), since)->onFinished(work, [this](const Result<ErrorReport> &r) {
            if (!r)
                return showFailure(r.error().message);
            showReport(r.value());
        });
    });
}

void ErrorsPage::showReport(const ErrorReport &report)
{
    m_loading = false;
    m_loaded = true;
    m_reload->setEnabled(true);
    m_model->setGroups(report.groups, m_context.clock().nowUtc());
    const int errors = report.errorLines;
    if (report.deploymentId.isEmpty()) {
        m_chip->setStatus(Tone::Muted, tr("No deployment"));
        m_summary->setText(QString());
        messageBar()->showMessage(tr("No READY production deployment: there are no runtime logs to read."),
                                  MessageBar::Severity::Info);
    } else {
        m_chip->setStatus(errors == 0 ? Tone::Good : Tone::Bad,
                          errors == 0 ? tr("No errors") : tr("%n error(s)", nullptr, errors));
        m_summary->setText(tr("%L1 errors in 24 h, %L2 distinct signatures, in %L3 log lines of production deployment %4")
                               .arg(errors)
                               .arg(report.groups.size())
                               .arg(report.totalLines)
                               .arg(report.deploymentId));
        if (!report.complete)
            messageBar()->showMessage(tr("The log stream ended before Vercel's end marker: the counts may be incomplete."),
                                      MessageBar::Severity::Warning);
        else if (errors == 0)
            messageBar()->showMessage(tr("No error-level log lines in the last 24 h."), MessageBar::Severity::Success);
        else
            messageBar()->clear();
    }
    setBadge(errors > 0 ? QLocale().toString(errors) : QString(), Tone::Bad);
    markUpdated();
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    setReady(true);
}

void ErrorsPage::showFailure(const QString &message)
{
    m_loading = false;
    m_reload->setEnabled(true);
    m_chip->setStatus(Tone::Warning, tr("Unavailable"));
    m_summary->setText(QString());
    messageBar()->showMessage(tr("Could not read the Vercel error logs: %1").arg(message), MessageBar::Severity::Error);
    setReady(true);
}

void ErrorsPage::showSelected()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    m_detail->setPlainText(current.isValid() ? m_model->detailText(current.row()) : QString());
}

QString ErrorsPage::detailText() const { return m_detail->toPlainText(); }

} // namespace opsdeck
