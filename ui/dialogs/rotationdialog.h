#pragma once

#include "core/job.h"
#include "usecases/rotationusecase.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace opsdeck {

class MessageBar;
class Session;

// The rotation wizard of the Credentials page (runbook M1), the same loop as `secrets rotate`:
//   1. the new value (typed into a password field; the database password is generated), the
//      GitHub repository and the Actions secrets it goes to;
//   2. the plan, step by step, and an explicit "Rotate" (nothing has changed before it);
//   3. each step's outcome as it ends, then what changed and what did not.
// Closing it while the loop runs does not stop the loop: the steps already started finish and are
// audited.
class RotationDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RotationDialog)
public:
    RotationDialog(Session &session, RotationUseCase &rotation, const QString &credential, QWidget *parent = nullptr);

    enum class Stage { Value, Plan, Progress };
    Stage stage() const;
    // Stage 1 -> 2; false (with the reason in the message bar) when the input cannot be rotated.
    bool showPlan();
    // Stage 2 -> 3: starts the loop.
    void startRotation();
    bool isRunning() const { return m_running; }
    const std::optional<SecretRotationReport> &report() const { return m_report; }

    QLineEdit *valueEdit() const { return m_value; }
    QLineEdit *repoEdit() const { return m_repo; }
    QLineEdit *secretsEdit() const { return m_secrets; }
    QListWidget *planList() const { return m_plan; }
    QListWidget *stepList() const { return m_steps; }
    MessageBar *messageBar() const { return m_bar; }

Q_SIGNALS:
    void rotationFinished(bool ok);

private:
    SecretRotationRequest request() const;
    void stepEnded(const SecretRotationStep &step);
    void finished(const Result<SecretRotationReport> &report);

    Session &m_session;
    RotationUseCase &m_rotation;
    QString m_credential;
    QStackedWidget *m_stack;
    MessageBar *m_bar;
    QLineEdit *m_value = nullptr;
    QLineEdit *m_repo;
    QLineEdit *m_secrets;
    QListWidget *m_plan;
    QListWidget *m_steps;
    QLabel *m_summary;
    QPushButton *m_back;
    QPushButton *m_next;
    QPushButton *m_close;
    bool m_running = false;
    std::optional<SecretRotationReport> m_report;
};

} // namespace opsdeck
