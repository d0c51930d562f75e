#include "dialogs/backupdialogs.h"

#include "core/text.h"
#include "database/pgconnectioninfo.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace opsdeck {

RestoreDialog::RestoreDialog(const BackupManifest &backup, const QString &server, bool keyed, QWidget *parent)
    : TypedConfirmDialog(parent), m_target(new QLineEdit(this)), m_table(new QLineEdit(this))
{
    setObjectName(QStringLiteral("restoreDialog"));
    setWindowTitle(tr("Restore a backup"));
    auto *summary = new QLabel(this);
    summary->setTextFormat(Qt::PlainText);
    summary->setWordWrap(true);
    summary->setText(tr("Backup %1 of %2, taken %3 UTC (%4, %5).\nIt is restored on %6 into the database named below, "
                        "which is created when it does not exist. The restore runs in one transaction: if anything "
                        "fails, nothing is kept.")
                         .arg(sanitizeForDisplay(backup.id), sanitizeForDisplay(backup.database),
                              backup.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                              QLocale().formattedDataSize(backup.sizeBytes),
                              backup.verified ? tr("verified") : tr("NOT verified"), server));
    contentLayout()->addWidget(summary);
    auto *form = new QFormLayout;
    m_target->setObjectName(QStringLiteral("restoreTarget"));
    m_target->setText(backup.database + QStringLiteral("_restore"));
    m_table->setObjectName(QStringLiteral("restoreTable"));
    m_table->setPlaceholderText(tr("empty: the whole database"));
    form->addRow(tr("Target database"), m_target);
    form->addRow(tr("Only this table"), m_table);
    contentLayout()->addLayout(form);
    if (keyed && backup.mac.isEmpty()) {
        // Unsigned under a backup key: made before OpsDeck signed its backups, or planted in the store.
        m_allowUnsigned = new QCheckBox(tr("Restore although this backup is not signed (made before OpsDeck signed "
                                           "its backups, or not made by OpsDeck); recorded in the audit trail"),
                                        this);
        m_allowUnsigned->setObjectName(QStringLiteral("allowUnsigned"));
        contentLayout()->addWidget(m_allowUnsigned);
    }
    setActionText(tr("Restore"));
    connect(m_target, &QLineEdit::textChanged, this, &RestoreDialog::targetChanged);
    connect(m_table, &QLineEdit::textChanged, this, &RestoreDialog::targetChanged);
    targetChanged();
}

QString RestoreDialog::targetDatabase() const { return m_target->text(); }
QString RestoreDialog::table() const { return m_table->text(); }
bool RestoreDialog::allowUnsigned() const { return m_allowUnsigned && m_allowUnsigned->isChecked(); }

void RestoreDialog::targetChanged()
{
    // Only valid names can be confirmed; a new target needs a new confirmation.
    const bool ok = isSafeIdentifier(m_target->text()) && (m_table->text().isEmpty() || isSafeTableName(m_table->text()));
    setExpectedText(ok ? m_target->text() : QString());
}

QString PruneDialog::confirmationFor(const QString &location)
{
    if (location.startsWith(QLatin1String("s3://")))
        return QUrl(location).host();
    const QString name = QFileInfo(location).fileName();
    return name.isEmpty() ? location : name;
}

PruneDialog::PruneDialog(const PrunePlan &plan, QWidget *parent) : TypedConfirmDialog(parent), m_plan(plan)
{
    setObjectName(QStringLiteral("pruneDialog"));
    setWindowTitle(tr("Prune backups"));
    const QStringList removals = plan.removals();
    auto *summary = new QLabel(this);
    summary->setTextFormat(Qt::PlainText);
    summary->setWordWrap(true);
    summary->setText(tr("Retention: %1. %n backup(s) of %2 in %3 will be removed; the newest verified backup is "
                        "always kept.",
                        nullptr, int(removals.size()))
                         .arg(plan.policy.describe())
                         .arg(plan.decisions.size())
                         .arg(sanitizeForDisplay(plan.location)));
    contentLayout()->addWidget(summary);
    auto *list = new QListWidget(this);
    list->setObjectName(QStringLiteral("prunePlan"));
    for (const RetentionDecision &d : plan.decisions)
        list->addItem(tr("%1  %2  %3")
                          .arg(d.keep ? tr("keep  ") : tr("REMOVE"), sanitizeForDisplay(d.id), d.reasons.join(QStringLiteral(", "))));
    contentLayout()->addWidget(list, 1);
    setActionText(tr("Remove %n backup(s)", nullptr, int(removals.size())));
    setExpectedText(removals.isEmpty() ? QString() : confirmationFor(plan.location));
    resize(640, 420);
}

} // namespace opsdeck
