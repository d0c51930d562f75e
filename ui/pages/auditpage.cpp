#include "pages/auditpage.h"

#include "core/clock.h"
#include "usecases/session.h"
#include "auditmodel.h"
#include "messagebar.h"
#include "store/auditlog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck {

AuditPage::AuditPage(Session &context, QWidget *parent)
    : Page(QStringLiteral("audit"), tr("Audit trail"), parent),
      m_context(context), m_model(new AuditModel(this)), m_view(new QTableView(this))
{
    auto *verify = new QPushButton(tr("Verify chain"), this);
    verify->setObjectName(QStringLiteral("verifyChain"));
    verify->setToolTip(tr("Recompute every entry's hash: detects edited, deleted and reordered entries"));
    addHeaderWidget(verify);
    addRefreshButton();
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    contentLayout()->addWidget(m_view);
    connect(verify, &QPushButton::clicked, this, &AuditPage::verifyChain);
    refresh();
}

void AuditPage::refresh()
{
    auto entries = m_context.audit().list(500);
    if (!entries) {
        messageBar()->showMessage(entries.error().toString(), MessageBar::Severity::Error);
        return;
    }
    m_model->setEntries(entries.value(), m_context.clock().nowUtc());
    m_view->resizeColumnsToContents();
    markUpdated();
    if (m_model->rowCount() == 0)
        messageBar()->showMessage(tr("No audited actions yet. Rollbacks, maintenance, secret changes and deletions "
                                     "will be listed here."),
                                  MessageBar::Severity::Info);
    else
        messageBar()->clear();
    setReady(true);
}

void AuditPage::verifyChain()
{
    const AuditVerification v = m_context.audit().verify();
    setStatus(!v.ok ? Tone::Bad : v.notes.isEmpty() ? Tone::Good : Tone::Warning,
              v.ok ? tr("Chain intact") : tr("Chain broken"));
    if (v.ok && v.notes.isEmpty())
        messageBar()->showMessage(tr("Audit trail intact: %n entries verified, signatures and signed head checked.",
                                     nullptr, int(v.entries)),
                                  MessageBar::Severity::Success);
    else if (v.ok)
        messageBar()->showMessage(tr("Audit trail intact: %n entries verified. ", nullptr, int(v.entries))
                                      + v.notes.join(QLatin1Char(' ')),
                                  MessageBar::Severity::Warning);
    else
        messageBar()->showMessage(tr("Audit trail broken at entry %1: %2").arg(v.firstBadSeq).arg(v.problem),
                                  MessageBar::Severity::Error);
}

} // namespace opsdeck
