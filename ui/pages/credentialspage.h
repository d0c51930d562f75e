#pragma once

#include "core/job.h"
#include "page.h"
#include "tone.h"

#include <QHash>

class QPushButton;
class QTableWidget;

namespace opsdeck {

class CredentialsUseCase;
class RotationDialog;
class RotationUseCase;
class Session;

// Credentials of the active profile: where each is stored (keychain or environment), age, rotation
// due date (overdue in red, due within two weeks in amber) and the GitHub Actions secrets a rotation
// updates. Rotate… opens the rotation wizard. Values are never shown.
class CredentialsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialsPage)
public:
    CredentialsPage(Session &context, CredentialsUseCase &credentials, RotationUseCase &rotation, QWidget *parent = nullptr);
    void refresh() override;
    // Stores value for credential name (asks before replacing an existing one).
    void storeCredential(const QString &name, const QByteArray &value);
    // Deletes credential name after the user confirmed it.
    void deleteCredential(const QString &name);
    // Opens the rotation wizard for credential name (non-modal); the list refreshes when it ends.
    RotationDialog *rotateCredential(const QString &name);
    // Checks credential name live (a read-only call to its provider, a fresh database connection);
    // the Connection column shows the answer until the next test.
    void testCredential(const QString &name);
    // Tests every credential that is set and can be checked live, side by side.
    void testAll();
    QTableWidget *table() const { return m_table; }

private:
    void setSelected();
    void deleteSelected();
    void rotateSelected();
    QString selectedName() const;
    void showTest(const QString &name);
    void showContextMenu(const QPoint &pos);

    struct TestState {
        Tone tone = Tone::Muted;
        QString text;
        QString detail;
    };

    Session &m_context;
    CredentialsUseCase &m_credentials;
    RotationUseCase &m_rotation;
    QTableWidget *m_table;
    JobScope m_load;
    QHash<QString, TestState> m_tests;  // by credential name, kept across refreshes
    QHash<QString, bool> m_present;     // whether a value is set (listed), by name
    QPushButton *m_testAll;
};

} // namespace opsdeck
