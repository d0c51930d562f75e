#pragma once

#include "logs/apploganalyzer.h"
#include "logs/loganalysis.h"
#include "page.h"
#include "usecases/logsusecase.h"


#include <atomic>
#include <memory>
#include <optional>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace opsdeck {

class Session;
class LogsCards;
class LogsCharts;
class LogsErrorsModel;
class LogsRotationPanel;
class SuspiciousIpsModel;
class TopIpsModel;

// Weekly log review: analyse access and application logs of the profile's log folders (or
// chosen files) in the background with progress and cancel; summary cards compared with last week's
// analysis, a latency histogram, requests over time, top and suspicious IPs, errors; log rotation.
class LogsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsPage)
public:
    LogsPage(Session &context, LogsUseCase &logs, QWidget *parent = nullptr);
    ~LogsPage() override;

    void refresh() override;
    void setSources(const QStringList &paths);  // files and/or folders
    QStringList sources() const { return m_sources; }
    void analyze();
    void cancel();
    bool isAnalyzing() const { return m_pending > 0; }

    const std::optional<LogAnalysis> &analysis() const { return m_analysis; }
    TopIpsModel *topIpsModel() const { return m_topIps; }
    SuspiciousIpsModel *suspiciousModel() const { return m_suspicious; }
    LogsErrorsModel *errorsModel() const { return m_errors; }
    LogsCards *cards() const { return m_cards; }
    LogsCharts *charts() const { return m_charts; }
    LogsRotationPanel *rotation() const { return m_rotation; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void useDefaultSources();
    void chooseFiles();
    void chooseFolder();
    void finishIfDone();
    void showAnalysis(const LogAnalysis &analysis);
    QTableView *addTable(QAbstractItemModel *model, const QString &name, const QString &title);

    Session &m_context;
    QStringList m_sources;
    bool m_customSources = false;
    bool m_shown = false;
    bool m_demoReady = false;
    QLabel *m_sourceLabel;
    QComboBox *m_format;
    QPushButton *m_analyze;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_emptyState;
    QWidget *m_results;
    LogsCards *m_cards;
    LogsCharts *m_charts;
    QTabWidget *m_tabs;
    TopIpsModel *m_topIps;
    SuspiciousIpsModel *m_suspicious;
    LogsErrorsModel *m_errors;
    LogsRotationPanel *m_rotation;
    LogsUseCase &m_logs;
    JobScope m_load;  // the analyses running; a new analysis or the page's end stops them
    int m_pending = 0;
    bool m_cancelled = false;
    QStringList m_problems;
    std::optional<LogAnalysis> m_analysis;
    std::optional<AppLogAnalysis> m_appAnalysis;
};

} // namespace opsdeck
