#include "pages/environmentpage.h"

#include "envmatrixmodel.h"
#include "messagebar.h"
#include "core/clock.h"
#include "usecases/session.h"
#include "usecases/troubleshootusecase.h"
#include "widgets/statuschip.h"
#include "widgets/tonedelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableView>

namespace opsdeck {

EnvironmentPage::EnvironmentPage(Session &session, TroubleshootUseCase &troubleshoot, QWidget *parent)
    : Page(QStringLiteral("environment"), tr("Environment"), parent),
      m_session(session), m_troubleshoot(troubleshoot), m_model(new EnvMatrixModel(this)), m_view(new QTableView(this)),
      m_chip(statusChip()), m_summary(new QLabel(this)), m_reload(addRefreshButton())
{
    m_chip->setObjectName(QStringLiteral("envChip"));
    m_summary->setObjectName(QStringLiteral("envSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_reload->setObjectName(QStringLiteral("refreshEnv"));
    contentLayout()->addWidget(m_summary);

    m_view->setObjectName(QStringLiteral("envTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ToneDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(EnvMatrixModel::Credential, QHeaderView::Stretch);
    contentLayout()->addWidget(m_view, 1);
    auto *note = new QLabel(tr("Names, types and targets only: OpsDeck never asks Vercel for the values. "
                               "Double-click a secret's row to open it on the Credentials page."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    contentLayout()->addWidget(note);

    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (!index.data(EnvMatrixModel::CredentialRole).toString().isEmpty())
            Q_EMIT openPageRequested(QStringLiteral("credentials"));
    });
    connect(&m_session, &Session::profileChanged, this, &EnvironmentPage::refresh);
    refresh();
}

QString EnvironmentPage::summaryText() const
{
    return m_summary->text();
}

void EnvironmentPage::refresh()
{
    setReady(false);
    QObject *context = m_load.renew();
    m_reload->setEnabled(false);
    m_chip->setStatus(Tone::Muted, tr("Loading"));
    m_troubleshoot.environment(context)->onFinished(context, [this](const Result<EnvironmentReport> &r) {
        m_reload->setEnabled(true);
        if (!r) {
            messageBar()->showMessage(r.error().message, MessageBar::Severity::Error);
            m_chip->setStatus(Tone::Bad, tr("Unavailable"));
            m_summary->setText(tr("The project's environment variables could not be read."));
            return setReady(true);
        }
        m_model->setReport(r.value(), m_session.clock().nowUtc());
        markUpdated();
        const EnvDiff &diff = r->productionVsPreview;
        const int count = int(r->rows.size());
        if (!diff.differs()) {
            m_chip->setStatus(Tone::Good, tr("Targets match"));
            m_summary->setText(tr("%1 variables; production and preview have the same names.").arg(count));
        } else {
            m_chip->setStatus(Tone::Warning, tr("%1 differ").arg(diff.onlyInA.size() + diff.onlyInB.size()));
            QStringList parts;
            if (!diff.onlyInB.isEmpty())
                parts << tr("missing in production: %1").arg(diff.onlyInB.join(QStringLiteral(", ")));
            if (!diff.onlyInA.isEmpty())
                parts << tr("missing in preview: %1").arg(diff.onlyInA.join(QStringLiteral(", ")));
            m_summary->setText(tr("%1 variables; %2.").arg(count).arg(parts.join(QStringLiteral("; "))));
        }
        if (!r->credentialsProblem.isEmpty())
            messageBar()->showMessage(tr("Rotation ages are unknown: %1").arg(r->credentialsProblem), MessageBar::Severity::Warning);
        else
            messageBar()->clear();
        Q_EMIT statusMessage(tr("%1 environment variables listed").arg(count));
        setReady(true);
    });
}

} // namespace opsdeck
