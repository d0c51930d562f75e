#pragma once

#include "core/job.h"
#include "deps/npm.h"
#include "page.h"
#include "usecases/depsusecase.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace opsdeck {

class Session;
class StatusChip;

// Dependencies of the product's npm project (runbook M2): what `npm outdated` lists, each with its
// change and risk (high in red, medium in amber), and an update up to a chosen risk done in a
// separate worktree (the checkout is never touched): install, the project's checks with their live
// output, then a commit, a push and the pull request only when every check passes. Cancel stops it
// and removes the worktree.
class DependenciesPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DependenciesPage)
public:
    DependenciesPage(Session &session, DepsUseCase &deps, QWidget *parent = nullptr);

    void refresh() override;
    // Keeps dir as the profile's project folder (for this session in demo mode) and checks it.
    void setProjectDir(const QString &dir);
    // Asks for confirmation (the plan), then updates; false when declined or not possible.
    bool startUpdate();
    // npm audit, audit fix --dry-run and Dependabot, into the Security tab.
    void runAudit();
    // "Patch now" on the advisory of row (the Security tab): asks, then patches on security/<id>.
    bool patchAdvisory(int row);
    QTableWidget *advisoryTable() const { return m_advisories; }
    const std::optional<DepsAuditResult> &lastAudit() const { return m_audit; }
    void cancelUpdate();
    bool isUpdating() const { return m_updating; }
    const std::optional<DepsUpdateReport> &lastReport() const { return m_report; }

    QTableWidget *table() const { return m_table; }
    QPlainTextEdit *log() const { return m_log; }
    QComboBox *riskBox() const { return m_risk; }
    QCheckBox *pullRequestBox() const { return m_pullRequest; }
    QLineEdit *branchEdit() const { return m_branch; }

private:
    void browse();
    void showOutdated(const QList<OutdatedPackage> &rows);
    void updateFinished(const Result<DepsUpdateReport> &report);
    void showAudit(const DepsAuditResult &audit);
    void startRun(const QString &what, std::function<Job<DepsUpdateReport> *(QObject *owner)> start);
    void setUpdating(bool updating);
    QString planText(UpdateRisk level) const;

    Session &m_session;
    DepsUseCase &m_deps;
    QLineEdit *m_dir;
    StatusChip *m_chip;
    QLabel *m_summary;
    QTableWidget *m_table;
    QComboBox *m_risk;
    QLineEdit *m_branch;
    QCheckBox *m_pullRequest;
    QPushButton *m_check;
    QPushButton *m_update;
    QPushButton *m_cancel;
    QPlainTextEdit *m_log;
    QTableWidget *m_advisories;
    QLabel *m_auditSummary;
    QPushButton *m_auditButton;
    QPushButton *m_patch;
    std::optional<DepsAuditResult> m_audit;
    JobScope m_auditLoad;
    QList<OutdatedPackage> m_rows;
    JobScope m_load;
    JobScope m_run;
    bool m_updating = false;
    std::optional<DepsUpdateReport> m_report;
};

} // namespace opsdeck
