#pragma once

#include "rollback/rollbackservice.h"
#include "dialogs/typedconfirmdialog.h"
#include "tone.h"

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace opsdeck {

// The Deployments page's rollback / promote dialog: prepares the plan (the dry run), previews it (both deployments,
// their commits and the commits between, the target's age, what Vercel keeps from the old build),
// asks for the project name to be typed, then executes once and follows the alias job and the
// health re-check to the end. Everything is asynchronous; the dialog cannot be closed mid-run.
class RollbackDialog : public TypedConfirmDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackDialog)
public:
    enum class Stage { Preparing, Preview, Running, Done, Failed };

    RollbackDialog(RollbackService &service, RollbackRequest request, QWidget *parent = nullptr);

    Stage stage() const { return m_stage; }
    const std::optional<RollbackPlan> &plan() const { return m_plan; }
    QString outcomeText() const;

    void prepare();  // (again): a fresh plan from the current state

Q_SIGNALS:
    void stageChanged(opsdeck::RollbackDialog::Stage stage);
    // Vercel was asked to change production (whatever came of it): the page reloads.
    void productionRequested();

public Q_SLOTS:
    void reject() override;

private:
    void setStage(Stage stage);
    void showPlan(const RollbackPlan &plan);
    void execute();
    void showOutcome(const Result<RollbackOutcome> &outcome);
    void showMessage(const QString &text, Tone tone);
    void addProgress(const QString &text);

    RollbackService &m_service;
    RollbackRequest m_request;
    std::optional<RollbackPlan> m_plan;
    Stage m_stage = Stage::Preparing;
    bool m_sent = false;

    QLabel *m_title;
    QLabel *m_current;
    QLabel *m_target;
    QLabel *m_domains;
    QLabel *m_commitsTitle;
    QListWidget *m_commits;
    QLabel *m_note;
    QLineEdit *m_reason;
    QProgressBar *m_progress;
    QListWidget *m_log;
    QLabel *m_outcome;
    QPushButton *m_prepareAgain;
};

} // namespace opsdeck
