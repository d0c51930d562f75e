#pragma once

#include "backups/backupmanifest.h"
#include "backups/backupservice.h"
#include "dialogs/typedconfirmdialog.h"

class QCheckBox;
class QLineEdit;

namespace opsdeck {

// Restore a backup into a named database (created when missing), or one table of it. The user types
// the target database's name to confirm; changing the target re-arms the confirmation.
class RestoreDialog : public TypedConfirmDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreDialog)
public:
    // keyed: the profile has a backup key, so an unsigned backup is restored only when allowed here.
    RestoreDialog(const BackupManifest &backup, const QString &server, bool keyed, QWidget *parent = nullptr);

    QString targetDatabase() const;
    QString table() const;
    bool allowUnsigned() const;
    QCheckBox *allowUnsignedBox() const { return m_allowUnsigned; }
    QLineEdit *targetEdit() const { return m_target; }
    QLineEdit *tableEdit() const { return m_table; }

private:
    void targetChanged();

    QLineEdit *m_target;
    QLineEdit *m_table;
    QCheckBox *m_allowUnsigned = nullptr;
};

// The prune's dry run (every backup it removes, and why the others stay) and a typed confirmation
// of the destination's name. The plan shown is the plan executed; a changed destination is refused.
class PruneDialog : public TypedConfirmDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PruneDialog)
public:
    explicit PruneDialog(const PrunePlan &plan, QWidget *parent = nullptr);
    const PrunePlan &plan() const { return m_plan; }
    static QString confirmationFor(const QString &location);

private:
    PrunePlan m_plan;
};

} // namespace opsdeck
