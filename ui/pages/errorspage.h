#pragma once

#include "core/job.h"
#include "page.h"

#include <QDateTime>
#include <QPointer>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace opsdeck {

class Session;
class ErrorGroupsModel;
class ProviderSource;
class StatusChip;
struct ErrorReport;

// The production deployment's Vercel error logs of the last 24 h, grouped by signature
// (count, first / last seen, paths), with the selected group's sample and paths in a detail
// pane. Log text is shown as plain text only.
class ErrorsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorsPage)
public:
    ErrorsPage(Session &context, ProviderSource &providers, QWidget *parent = nullptr);
    ~ErrorsPage() override;

    void refresh() override;
    bool isLoading() const { return m_loading; }
    bool hasLoaded() const { return m_loaded; }

    ErrorGroupsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString detailText() const;
    QDateTime since() const { return m_since; }  // start of the window last asked for

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showReport(const ErrorReport &report);
    void showFailure(const QString &message);
    void showSelected();

    Session &m_context;
    ProviderSource &m_providers;
    ErrorGroupsModel *m_model;
    JobScope m_load;  // owns the client and jobs of the current load
    bool m_loading = false;
    bool m_loaded = false;
    QDateTime m_since;

    StatusChip *m_chip = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_reload = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
};

} // namespace opsdeck
