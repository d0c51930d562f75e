#pragma once

#include "core/job.h"
#include "page.h"

class QLabel;
class QPushButton;
class QTableView;

namespace opsdeck {

class EnvMatrixModel;
class Session;
class StatusChip;
class TroubleshootUseCase;

// The Vercel project's environment variables as a name × target matrix (names only, never values):
// a name set for preview but missing in production, or the reverse, stands out; the runbook's
// secrets show the credential that feeds them and how long ago it was rotated (double-click opens
// the Credentials page).
class EnvironmentPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentPage)
public:
    EnvironmentPage(Session &session, TroubleshootUseCase &troubleshoot, QWidget *parent = nullptr);

    void refresh() override;
    EnvMatrixModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString summaryText() const;

Q_SIGNALS:
    void openPageRequested(const QString &pageId);

private:
    Session &m_session;
    TroubleshootUseCase &m_troubleshoot;
    EnvMatrixModel *m_model;
    QTableView *m_view;
    StatusChip *m_chip;
    QLabel *m_summary;
    QPushButton *m_reload;
    JobScope m_load;
};

} // namespace opsdeck
