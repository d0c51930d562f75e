#pragma once

#include "page.h"
#include "runbook/runbook.h"

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace opsdeck {

class Session;
class ChecklistModel;
class ChecklistService;
class ChecklistUseCase;
class StatusDelegate;

// The start page: today's checklist runs its checks, shows evidence, and the SRE signs items off.
class ChecklistPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistPage)
public:
    ChecklistPage(Session &context, ChecklistUseCase &checklist, QWidget *parent = nullptr);
    ~ChecklistPage() override;

    void refresh() override;
    ChecklistModel *model() const { return m_model; }
    ChecklistService *service() const { return m_service; }
    QString currentListId() const;
    void showList(const QString &listId);
    void showDate(const QDate &date);
    // Sign-offs (also used by tests).
    bool tick(const QString &itemId, bool done);
    bool addNote(const QString &itemId, const QString &note);
    bool acknowledge(const QString &itemId, const QString &reason);
    bool exportReport(const QString &path);
    // Signs off every automated item of the day that passed and is still open: one audit entry
    // listing them ("checklist.sign-off-passing"), then each item's own. Returns the items signed.
    QStringList signOffPassing();
    QStringList passingOpenItems() const;
    QString progressText() const;  // "3 of 7 signed off · 2 fail · 1 warn · 3 pass · 1 manual"

    // The quick-fixes item's choices (error-rate, slow-responses, deployment-failed) with their labels.
    static QList<std::pair<QString, QString>> quickFixChoices();

Q_SIGNALS:
    void openPageRequested(const QString &pageId);
    void quickFixRequested(const QString &quickFix);
    void checksFinished();

private:
    void loadDay();
    // The ticks of today as the store has them now (after a change that may have stopped halfway).
    void reloadTicks();
    void runChecks();
    void updateDetail();
    void updateProgress();
    void fillListCombo();
    bool loadRunbookFile();  // the active profile's runbook; false (with the error shown) when it is broken
    QString selectedItemId() const;
    bool applyTick(const QString &itemId, int state, const QString &note);

    Session &m_context;
    ChecklistUseCase &m_checklist;
    ChecklistService *m_service;
    std::optional<Runbook> m_runbook;
    QString m_runbookFile;  // the file m_runbook came from (empty: the built-in one)
    ChecklistModel *m_model;
    StatusDelegate *m_delegate;
    QTableView *m_view;
    QComboBox *m_lists;
    QComboBox *m_history;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QLabel *m_detailTitle;
    QLabel *m_detailText;
    QPlainTextEdit *m_manual;
    QPushButton *m_tickButton, *m_noteButton, *m_ackButton, *m_openButton, *m_refreshButton;
    QPushButton *m_signOffPassing = nullptr;
    QTimer *m_spinner;
    QDate m_date;
};

} // namespace opsdeck
