#pragma once

#include "logs/logrotator.h"
#include "messagebar.h"
#include "usecases/logsusecase.h"

#include <QGroupBox>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace opsdeck {

class Session;
class LogsRotationModel;

// The Logs page's rotation section: a preview table computed by the same planner the run
// executes, and a Run button behind a confirmation. Scanning and compressing run off the GUI thread;
// the run is refused when the audit trail cannot be written, and its outcome is audited when it ends.
class LogsRotationPanel : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsRotationPanel)
public:
    LogsRotationPanel(Session &context, LogsUseCase &logs, QWidget *parent = nullptr);

    void setFolders(const QStringList &folders);
    void preview();
    void runRotation();
    LogsRotationModel *model() const { return m_model; }
    bool isBusy() const { return m_busy; }
    RotationPolicy policy() const;
    // The profile's rotation settings into the fields (on creation and when the profile changes).
    void loadProfileSettings();
    // The fields into the active profile (stored, except for the demo's throwaway profile).
    void saveProfileSettings();

Q_SIGNALS:
    void message(const QString &text, opsdeck::MessageBar::Severity severity);
    void finished();  // a preview or a run ended

private:
    void setBusy(bool busy);
    void previewDone(const Result<RotationPlan> &plan);
    void runDone(const Result<LogsUseCase::Rotated> &rotated);

    Session &m_context;
    LogsUseCase &m_logs;
    QComboBox *m_folder;
    QLineEdit *m_pattern;
    QSpinBox *m_compressDays;
    QSpinBox *m_deleteDays;
    QPushButton *m_preview;
    QPushButton *m_run;
    QPushButton *m_save;
    QTableView *m_view;
    LogsRotationModel *m_model;
    bool m_busy = false;
    bool m_planReady = false;
};

} // namespace opsdeck
