#pragma once

#include "core/job.h"
#include "page.h"
#include "usecases/ciusecase.h"

#include <QPointer>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace opsdeck {

class Session;
class ProviderSource;
class RunsModel;
class StatusChip;
struct ActionReceipt;
struct WorkflowRun;
template <typename T>
class Result;

// The recent GitHub Actions workflow runs (default 20), failures of the last 24 h in red,
// and "Re-run failed jobs" for a selected failed run: one request however often it is
// clicked while one is in flight, an audit entry "ci.rerun" for every attempt, then a refresh.
class CiPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CiPage)
public:
    static constexpr int kDefaultRuns = 20;

    CiPage(Session &context, ProviderSource &providers, CiUseCase &ci, QWidget *parent = nullptr);
    ~CiPage() override;

    void refresh() override;
    void rerunSelected();  // the button's action
    void selectRun(qint64 runId);

    bool isLoading() const { return m_loading; }
    bool hasLoaded() const { return m_loaded; }
    bool isRerunning() const { return m_rerunning; }
    RunsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *rerunButton() const { return m_rerun; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showFailure(const QString &message);
    void rerunDone(const WorkflowRun &run, const Result<CiUseCase::Rerun> &result);
    void updateButtons();
    int selectedRow() const;

    Session &m_context;
    ProviderSource &m_providers;
    CiUseCase &m_ci;
    RunsModel *m_model;
    JobScope m_load;  // owns the client and jobs of the current load
    bool m_loading = false;
    bool m_loaded = false;
    bool m_loadFailed = false;
    bool m_rerunning = false;
    qint64 m_keepSelected = 0;

    StatusChip *m_chip = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_reload = nullptr;
    QPushButton *m_rerun = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace opsdeck
