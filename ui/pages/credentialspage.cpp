#include "credentialspage.h"

#include "appcontext.h"
#include "core/clock.h"
#include "messagebar.h"
#include "messagebox.h"
#include "secrets/credentials.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
enum Col { ColName, ColStored, ColAge, ColDue, ColCount };
}

CredentialsPage::CredentialsPage(AppContext &context, QWidget *parent)
    : Page(QStringLiteral("credentials"), tr("Credentials"),
           parent ? parent->style()->standardIcon(QStyle::SP_DialogApplyButton) : QIcon(), parent),
      m_context(context), m_table(new QTableWidget(this))
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
    connect(reload, &QPushButton::clicked, this, &CredentialsPage::refresh);
    connect(&m_context, &AppContext::profileChanged, this, &CredentialsPage::refresh);
    refresh();
}

QString CredentialsPage::profileKey() const
{
    return m_context.profile().name.isEmpty() ? QStringLiteral("default") : m_context.profile().name;
}

QString CredentialsPage::selectedName() const
{
    const int row = m_table->currentRow();
    return row >= 0 ? m_table->item(row, ColName)->data(Qt::UserRole).toString() : QString();
}

void CredentialsPage::refresh()
{
    const QList<CredentialKind> &kinds = credentialKinds();
    m_table->setRowCount(int(kinds.size()));
    setReady(false);
    messageBar()->clear();
    m_pending = int(kinds.size());
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QDateTime now = m_context.clock().nowUtc();
    for (int row = 0; row < kinds.size(); ++row) {
        const CredentialKind kind = kinds[row];
        auto *name = new QTableWidgetItem(kind.label);
        name->setData(Qt::UserRole, kind.name);
        m_table->setItem(row, ColName, name);
        auto fill = [this, row, kind, now](const QString &where, const QDateTime &storedAt) {
            m_table->setItem(row, ColStored, new QTableWidgetItem(where));
            m_table->setItem(row, ColAge, new QTableWidgetItem(storedAt.isValid() ? QString::number(storedAt.daysTo(now))
                                                                                  : QStringLiteral("–")));
            const QDate due = storedAt.isValid() && kind.rotateEveryDays > 0 ? storedAt.addDays(kind.rotateEveryDays).date() : QDate();
            auto *dueItem = new QTableWidgetItem(due.isValid() ? due.toString(Qt::ISODate) : QStringLiteral("–"));
            if (due.isValid() && due <= now.date())
                dueItem->setForeground(QColor(0xcf, 0x22, 0x2e));
            m_table->setItem(row, ColDue, dueItem);
            if (--m_pending == 0) {
                m_table->resizeColumnsToContents();
                setReady(true);
            }
        };
        if (m_context.isDemo()) {
            fill(tr("demo sandbox"), QDateTime());
            continue;
        }
        if (credentialFromEnvironment(kind, env)) {
            fill(tr("environment (%1)").arg(kind.envVars.join(QLatin1Char('/'))), QDateTime());
            continue;
        }
        const QString profile = profileKey();
        m_context.secrets().read({profile, kind.name}, this, [this, fill, kind, profile](const Result<QByteArray> &r) {
            if (r.ok()) {
                fill(tr("system keychain"), m_context.secretIndex().storedAt(profile, kind.name));
            } else if (r.error().kind == ErrorKind::NotFound) {
                fill(m_context.secretIndex().isRecorded(profile, kind.name) ? tr("missing from keychain (backend changed?)")
                                                                            : tr("not set"),
                     QDateTime());
            } else {
                messageBar()->showMessage(r.error().message, MessageBar::Severity::Error);
                fill(tr("keychain unavailable"), QDateTime());
            }
        });
    }
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
    const SecretRef ref{profileKey(), name};
    m_context.secrets().read(ref, this, [this, ref, value](const Result<QByteArray> &existing) {
        if (!existing.ok() && existing.error().kind != ErrorKind::NotFound) {
            messageBar()->showMessage(existing.error().message, MessageBar::Severity::Error);
            return;
        }
        const bool replacing = existing.ok();
        if (replacing
            && MessageBox::question(this, tr("Replace credential"),
                                    tr("%1 is already stored for profile %2. Replace it? The old value cannot be recovered.")
                                        .arg(ref.name, ref.profile))
                != QMessageBox::Yes)
            return;
        // Fail closed: no audit entry, no change.
        auto audit = m_context.audit().append(replacing ? QStringLiteral("secret.replace") : QStringLiteral("secret.set"),
                                              ref.key(), QJsonObject{{QStringLiteral("via"), QStringLiteral("gui")}});
        if (!audit) {
            messageBar()->showMessage(tr("Not stored: the audit entry could not be written (%1)").arg(audit.error().message),
                                      MessageBar::Severity::Error);
            return;
        }
        m_context.secrets().write(ref, value, this, [this, ref](const Status &s) {
            if (!s) {
                messageBar()->showMessage(s.error().message, MessageBar::Severity::Error);
                return;
            }
            m_context.secretIndex().recordStored(ref.profile, ref.name, m_context.clock().nowUtc(),
                                                 QStringLiteral("secret-service"));
            refresh();
            messageBar()->showMessage(tr("Stored %1 in the system keychain.").arg(ref.name), MessageBar::Severity::Success);
        });
    });
}

void CredentialsPage::deleteSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const SecretRef ref{profileKey(), name};
    if (MessageBox::question(this, tr("Delete credential"),
                             tr("Delete %1 of profile %2 from the system keychain?").arg(name, ref.profile))
        != QMessageBox::Yes)
        return;
    if (auto audit = m_context.audit().append(QStringLiteral("secret.delete"), ref.key(), QJsonObject()); !audit) {
        messageBar()->showMessage(audit.error().message, MessageBar::Severity::Error);
        return;
    }
    m_context.secrets().remove(ref, this, [this, ref](const Status &s) {
        if (!s) {
            messageBar()->showMessage(s.error().message, MessageBar::Severity::Error);
            return;
        }
        m_context.secretIndex().recordRemoved(ref.profile, ref.name);
        refresh();
    });
}

} // namespace opsdeck
