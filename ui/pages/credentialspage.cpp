#include "pages/credentialspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "messagebar.h"
#include "messagebox.h"
#include "secrets/credentials.h"
#include "widgets/statuschip.h"
#include "usecases/credentialprobe.h"
#include "usecases/credentialsusecase.h"
#include "dialogs/rotationdialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QFont>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace opsdeck {

namespace {
enum Col { ColName, ColStored, ColAge, ColDue, ColStatus, ColConnection, ColSecrets, ColCount };
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
    m_testAll = new QPushButton(tr("Test connections"), this);
    m_testAll->setObjectName(QStringLiteral("testConnections"));
    m_testAll->setToolTip(tr("Check every credential that is set with a live, read-only call to its provider (the "
                             "database password with a fresh connection). Right-click a row to test one."));
    addHeaderWidget(del);
    addHeaderWidget(set);
    addHeaderWidget(rotate);
    addHeaderWidget(m_testAll);
    addRefreshButton();
    m_table->setColumnCount(ColCount);
    m_table->setHorizontalHeaderLabels({tr("Credential"), tr("Stored in"), tr("Age (days)"), tr("Rotation due"),
                                        tr("Status"), tr("Connection"), tr("GitHub Actions secrets")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    contentLayout()->addWidget(m_table);
    connect(m_testAll, &QPushButton::clicked, this, &CredentialsPage::testAll);
    connect(m_table, &QWidget::customContextMenuRequested, this, &CredentialsPage::showContextMenu);
    connect(set, &QPushButton::clicked, this, &CredentialsPage::setSelected);
    connect(rotate, &QPushButton::clicked, this, &CredentialsPage::rotateSelected);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { rotateSelected(); });
    connect(del, &QPushButton::clicked, this, &CredentialsPage::deleteSelected);
    auto enableDelete = [this, del] { del->setEnabled(m_context.hasProfile() && !m_context.isDemo()); };
    enableDelete();
    connect(&m_context, &Session::profileChanged, del, enableDelete);
    connect(&m_context, &Session::profileChanged, this, [this] {
        m_tests.clear();  // another profile's answers say nothing about this one
        refresh();
    });
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
            const bool present = s.isSet();
            m_present.insert(s.kind.name, present);
            m_table->setItem(row, ColConnection, new QTableWidgetItem);
            showTest(s.kind.name);
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
        m_testAll->setEnabled(std::any_of(m_present.keyBegin(), m_present.keyEnd(),
                                          [this](const QString &n) { return m_present.value(n) && isProbeable(n); }));
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

void CredentialsPage::showTest(const QString &name)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, ColName)->data(Qt::UserRole).toString() != name)
            continue;
        QTableWidgetItem *cell = m_table->item(row, ColConnection);
        if (!cell)
            return;
        TestState state = m_tests.value(name);
        if (state.text.isEmpty()) {
            if (!isProbeable(name))
                state = {Tone::Muted, QStringLiteral("–"), tr("Not checked live: a backup to S3 or a restore test proves it")};
            else if (!m_present.value(name))
                state = {Tone::Muted, QStringLiteral("–"), tr("Not set")};
            else
                state = {Tone::Muted, tr("not tested"), tr("Test connections, or right-click the row")};
        }
        cell->setText(state.text);
        cell->setToolTip(state.detail);
        cell->setForeground(state.tone == Tone::Muted ? palette().brush(QPalette::PlaceholderText)
                                                      : QBrush(StatusChip::color(state.tone)));
        return;
    }
}

void CredentialsPage::testCredential(const QString &name)
{
    const auto kind = findCredentialKind(name);
    if (!kind || !isProbeable(name)) {
        messageBar()->showMessage(tr("%1 cannot be checked with a live call: a backup to S3 or a restore test proves it.")
                                      .arg(kind ? kind->label : name),
                                  MessageBar::Severity::Info);
        return;
    }
    m_tests.insert(name, {Tone::Muted, tr("testing…"), tr("Waiting for %1").arg(probeSubject(name).provider)});
    showTest(name);
    const QString profile = m_context.profileKey();
    m_credentials.test(name, this)->onFinished(this, [this, name, profile](const Result<QString> &r) {
        if (m_context.profileKey() != profile)
            return;  // answered for a profile no longer shown
        const QString now = m_context.clock().nowUtc().toString(QStringLiteral("HH:mm"));
        if (r)
            m_tests.insert(name, {Tone::Good, tr("✓ works"), tr("%1 (tested %2 UTC)").arg(r.value(), now)});
        else
            m_tests.insert(name, {Tone::Bad, r.error().kind == ErrorKind::Auth ? tr("✗ refused") : tr("✗ failed"),
                                  tr("%1 (tested %2 UTC)").arg(r.error().message, now)});
        showTest(name);
        if (!r)
            messageBar()->showMessage(r.error().message, MessageBar::Severity::Error);
        m_table->resizeColumnToContents(ColConnection);
    });
}

void CredentialsPage::testAll()
{
    messageBar()->clear();
    int started = 0;
    for (const CredentialKind &kind : credentialKinds()) {
        if (m_present.value(kind.name) && isProbeable(kind.name)) {
            testCredential(kind.name);
            ++started;
        }
    }
    if (started == 0)
        messageBar()->showMessage(tr("No credential that can be checked live is set."), MessageBar::Severity::Info);
}

void CredentialsPage::showContextMenu(const QPoint &pos)
{
    const int row = m_table->rowAt(pos.y());
    if (row < 0)
        return;
    m_table->selectRow(row);
    const QString name = selectedName();
    QMenu menu(this);
    QAction *test = menu.addAction(tr("Test connection"), this, [this, name] { testCredential(name); });
    test->setEnabled(isProbeable(name) && m_present.value(name));
    menu.addAction(tr("Set…"), this, &CredentialsPage::setSelected);
    QAction *rotate = menu.addAction(tr("Rotate…"), this, &CredentialsPage::rotateSelected);
    rotate->setEnabled(findCredentialKind(name) && findCredentialKind(name)->rotatable);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
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
