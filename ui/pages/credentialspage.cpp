#include "pages/credentialspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "messagebar.h"
#include "messagebox.h"
#include "secrets/credentials.h"
#include "widgets/statuschip.h"
#include "usecases/credentialsusecase.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
enum Col { ColName, ColStored, ColAge, ColDue, ColCount };
}

CredentialsPage::CredentialsPage(Session &context, CredentialsUseCase &credentials, QWidget *parent)
    : Page(QStringLiteral("credentials"), tr("Credentials"),
           parent ? parent->style()->standardIcon(QStyle::SP_DialogApplyButton) : QIcon(), parent),
      m_context(context), m_credentials(credentials), m_table(new QTableWidget(this))
{
    auto *bar = new QHBoxLayout;
    auto *set = new QPushButton(tr("Set…"), this);
    set->setObjectName(QStringLiteral("setCredential"));
    auto *del = new QPushButton(tr("Delete…"), this);
    auto *reload = new QPushButton(tr("Refresh"), this);
    bar->addWidget(set);
    bar->addWidget(del);
    bar->addWidget(reload);
    bar->addStretch();
    contentLayout()->addLayout(bar);
    m_table->setColumnCount(ColCount);
    m_table->setHorizontalHeaderLabels({tr("Credential"), tr("Stored in"), tr("Age (days)"), tr("Rotation due")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    contentLayout()->addWidget(m_table);
    connect(set, &QPushButton::clicked, this, &CredentialsPage::setSelected);
    connect(del, &QPushButton::clicked, this, &CredentialsPage::deleteSelected);
    auto enableDelete = [this, del] { del->setEnabled(m_context.hasProfile() && !m_context.isDemo()); };
    enableDelete();
    connect(&m_context, &Session::profileChanged, del, enableDelete);
    connect(reload, &QPushButton::clicked, this, &CredentialsPage::refresh);
    connect(&m_context, &Session::profileChanged, this, &CredentialsPage::refresh);
    refresh();
}

QString CredentialsPage::selectedName() const
{
    const int row = m_table->currentRow();
    return row >= 0 ? m_table->item(row, ColName)->data(Qt::UserRole).toString() : QString();
}

namespace {
QString locationText(const CredentialStatus &s)
{
    switch (s.location) {
    case CredentialLocation::Demo: return CredentialsPage::tr("demo sandbox");
    case CredentialLocation::Environment:
        return CredentialsPage::tr("environment (%1)").arg(s.kind.envVars.join(QLatin1Char('/')));
    case CredentialLocation::Keychain: return CredentialsPage::tr("system keychain");
    case CredentialLocation::MissingFromKeychain: return CredentialsPage::tr("missing from keychain (backend changed?)");
    case CredentialLocation::NotSet: return CredentialsPage::tr("not set");
    case CredentialLocation::KeychainUnavailable: return CredentialsPage::tr("keychain unavailable");
    }
    return {};
}
} // namespace

void CredentialsPage::refresh()
{
    setReady(false);
    messageBar()->clear();
    QObject *load = m_load.renew();  // a newer listing replaces one on its way
    m_credentials.list(load)->onFinished(load, [this](const Result<CredentialList> &listed) {
        const CredentialList &list = listed.value();  // the listing itself never fails
        const QDateTime now = m_context.clock().nowUtc();
        m_table->setRowCount(int(list.rows.size()));
        for (int row = 0; row < list.rows.size(); ++row) {
            const CredentialStatus &s = list.rows[row];
            auto *name = new QTableWidgetItem(s.kind.label);
            name->setData(Qt::UserRole, s.kind.name);
            m_table->setItem(row, ColName, name);
            m_table->setItem(row, ColStored, new QTableWidgetItem(locationText(s)));
            m_table->setItem(row, ColAge, new QTableWidgetItem(s.storedAt.isValid() ? QString::number(s.ageDays(now))
                                                                                    : QStringLiteral("–")));
            auto *due = new QTableWidgetItem(s.due.isValid() ? s.due.toString(Qt::ISODate) : QStringLiteral("–"));
            if (s.due.isValid() && s.due <= now.date())
                due->setForeground(StatusChip::color(Tone::Bad));
            m_table->setItem(row, ColDue, due);
        }
        if (list.keychainError)
            messageBar()->showMessage(list.keychainError->message, MessageBar::Severity::Error);
        m_table->resizeColumnsToContents();
        setReady(true);
    });
}

void CredentialsPage::setSelected()
{
    const QString name = selectedName();
    if (name.isEmpty()) {
        messageBar()->showMessage(tr("Select a credential first."), MessageBar::Severity::Info);
        return;
    }
    bool ok = false;
    const QString value = QInputDialog::getText(this, tr("Set credential"),
                                                tr("New value for %1 (stored in the system keychain):")
                                                    .arg(findCredentialKind(name)->label),
                                                QLineEdit::Password, QString(), &ok);
    if (ok && !value.isEmpty())
        storeCredential(name, value.toUtf8());
}

void CredentialsPage::storeCredential(const QString &name, const QByteArray &value)
{
    const QString profile = m_context.profileKey();
    m_credentials.isStored(name, this)->onFinished(this, [this, name, value, profile](const Result<bool> &stored) {
        if (!stored)
            return messageBar()->showMessage(stored.error().message, MessageBar::Severity::Error);
        if (stored.value()
            && MessageBox::question(this, tr("Replace credential"),
                                    tr("%1 is already stored for profile %2. Replace it? The old value cannot be recovered.")
                                        .arg(name, profile))
                != QMessageBox::Yes)
            return;
        m_credentials.set(name, value, stored.value(), QStringLiteral("gui"), {}, this)->onFinished(this, [this, name](const Result<bool> &r) {
            if (!r)
                return messageBar()->showMessage(r.error().message, MessageBar::Severity::Error);
            refresh();
            messageBar()->showMessage(tr("Stored %1 in the system keychain.").arg(name), MessageBar::Severity::Success);
        });
    });
}

void CredentialsPage::deleteSelected()
{
    const QString name = selectedName();
    if (name.isEmpty()) {
        messageBar()->showMessage(tr("Select a credential first."), MessageBar::Severity::Info);
        return;
    }
    if (MessageBox::question(this, tr("Delete credential"),
                             tr("Delete %1 of profile %2 from the system keychain?").arg(name, m_context.profileKey()))
        != QMessageBox::Yes)
        return;
    deleteCredential(name);
}

void CredentialsPage::deleteCredential(const QString &name)
{
    m_credentials.remove(name, QStringLiteral("gui"), this)->onFinished(this, [this, name](const Status &s) {
        if (!s)
            return messageBar()->showMessage(s.error().message, MessageBar::Severity::Error);
        refresh();
        messageBar()->showMessage(tr("Deleted %1 from the system keychain.").arg(name), MessageBar::Severity::Success);
    });
}

} // namespace opsdeck
