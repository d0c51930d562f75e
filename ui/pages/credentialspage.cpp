#include "pages/credentialspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "messagebar.h"
#include "messagebox.h"
#include "secrets/credentials.h"
#include "widgets/statuschip.h"
#include "usecases/credentialsusecase.h"
#include "dialogs/rotationdialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QFont>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
enum Col { ColName, ColStored, ColAge, ColDue, ColStatus, ColSecrets, ColCount };
constexpr int kDueSoonDays = 14;
}

CredentialsPage::CredentialsPage(Session &context, CredentialsUseCase &credentials, RotationUseCase &rotation, QWidget *parent)
    : Page(QStringLiteral("credentials"), tr("Credentials"), parent),
      m_context(context), m_credentials(credentials), m_rotation(rotation), m_table(new QTableWidget(this))
{
    auto *set = new QPushButton(tr("Set…"), this);
    set->setObjectName(QStringLiteral("setCredential"));
    auto *del = new QPushButton(tr("Delete…"), this);
    auto *rotate = new QPushButton(tr("Rotate…"), this);
    rotate->setObjectName(QStringLiteral("rotateCredential"));
    rotate->setToolTip(tr("Validate a new value live, store it, push it to GitHub Actions, retire the old one"));
    addHeaderWidget(del);
    addHeaderWidget(set);
    addHeaderWidget(rotate);
    addRefreshButton();
    m_table->setColumnCount(ColCount);
    m_table->setHorizontalHeaderLabels({tr("Credential"), tr("Stored in"), tr("Age (days)"), tr("Rotation due"),
                                        tr("Status"), tr("GitHub Actions secrets")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    contentLayout()->addWidget(m_table);
    connect(set, &QPushButton::clicked, this, &CredentialsPage::setSelected);
    connect(rotate, &QPushButton::clicked, this, &CredentialsPage::rotateSelected);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { rotateSelected(); });
    connect(del, &QPushButton::clicked, this, &CredentialsPage::deleteSelected);
    auto enableDelete = [this, del] { del->setEnabled(m_context.hasProfile() && !m_context.isDemo()); };
    enableDelete();
    connect(&m_context, &Session::profileChanged, del, enableDelete);
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
        int overdue = 0;
        int dueSoon = 0;
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
            const qint64 left = s.due.isValid() ? now.date().daysTo(s.due) : 0;
            Tone tone = Tone::Muted;
            QString status;
            if (!s.kind.rotatable || s.kind.rotateEveryDays <= 0) {
                status = tr("not rotated here");
            } else if (!s.due.isValid()) {
                status = s.location == CredentialLocation::NotSet ? tr("not set")
                         : s.location == CredentialLocation::Demo ? tr("demo value")
                                                                  : tr("age unknown");
            } else if (left < 0) {
                tone = Tone::Bad;
                status = -left == 1 ? tr("overdue by 1 day") : tr("overdue by %1 days").arg(-left);
                ++overdue;
            } else if (left == 0) {
                tone = Tone::Bad;
                status = tr("due today");
                ++overdue;
            } else if (left <= kDueSoonDays) {
                tone = Tone::Warning;
                status = left == 1 ? tr("due tomorrow") : tr("due in %1 days").arg(left);
                ++dueSoon;
            } else {
                tone = Tone::Good;
                status = tr("in date");
            }
            auto *statusItem = new QTableWidgetItem(status);
            if (tone != Tone::Muted) {
                statusItem->setForeground(StatusChip::color(tone));
                due->setForeground(StatusChip::color(tone));
                QFont bold = statusItem->font();
                bold.setBold(tone == Tone::Bad);
                statusItem->setFont(bold);
            }
            m_table->setItem(row, ColDue, due);
            m_table->setItem(row, ColStatus, statusItem);
            const Profile &p = m_context.profile();
            const QStringList secrets = p.githubSecretsFor(s.kind.name, s.kind.githubSecrets);
            m_table->setItem(row, ColSecrets, new QTableWidgetItem(secrets.isEmpty() || p.githubRepo.isEmpty()
                                                                       ? QStringLiteral("–")
                                                                       : secrets.join(QStringLiteral(", ")) + tr(" in ") + p.githubRepo));
        }
        if (list.keychainError)
            messageBar()->showMessage(list.keychainError->message, MessageBar::Severity::Error);
        else if (overdue > 0 || dueSoon > 0)
            messageBar()->showMessage(tr("Rotation: %1 overdue, %2 due within %3 days. Select a row and press Rotate.")
                                          .arg(overdue)
                                          .arg(dueSoon)
                                          .arg(kDueSoonDays),
                                      overdue > 0 ? MessageBar::Severity::Warning : MessageBar::Severity::Info);
        m_table->resizeColumnsToContents();
        if (list.keychainError)
            setStatus(Tone::Bad, tr("Keychain unavailable"));
        else if (overdue > 0)
            setStatus(Tone::Bad, tr("%n overdue", nullptr, overdue));
        else if (dueSoon > 0)
            setStatus(Tone::Warning, tr("%n due soon", nullptr, dueSoon));
        else
            setStatus(Tone::Good, tr("In date"));
        setBadge(overdue > 0 ? QString::number(overdue) : QString(), Tone::Bad);
        markUpdated();
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

void CredentialsPage::rotateSelected()
{
    const QString name = selectedName();
    if (name.isEmpty()) {
        messageBar()->showMessage(tr("Select a credential first."), MessageBar::Severity::Info);
        return;
    }
    rotateCredential(name);
}

RotationDialog *CredentialsPage::rotateCredential(const QString &name)
{
    const auto kind = findCredentialKind(name);
    if (!kind || !kind->rotatable) {
        messageBar()->showMessage(tr("%1 is not rotated by OpsDeck: replace it with Set….").arg(kind ? kind->label : name),
                                  MessageBar::Severity::Info);
        return nullptr;
    }
    auto *dialog = new RotationDialog(m_context, m_rotation, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RotationDialog::rotationFinished, this, &CredentialsPage::refresh);
    dialog->open();
    return dialog;
}

} // namespace opsdeck
