#include "pages/logspage.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "logs/loganalyzer.h"
#include "logs/loggenerator.h"
#include "logs/loghistory.h"
#include "logs/logsources.h"
#include "pages/logscards.h"
#include "pages/logscharts.h"
#include "logserrorsmodel.h"
#include "pages/logsrotationpanel.h"
#include "logsseries.h"
#include "messagebar.h"
#include "suspiciousipsmodel.h"
#include "topipsmodel.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QThreadPool>

namespace opsdeck {

LogsPage::LogsPage(Session &context, LogsUseCase &logs, QWidget *parent)
    : Page(QStringLiteral("logs"), tr("Logs"), parent),
      m_context(context), m_sourceLabel(new QLabel(this)), m_format(new QComboBox(this)),
      m_analyze(new QPushButton(tr("Analyse"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_emptyState(new QLabel(this)), m_results(new QWidget(this)),
      m_cards(new LogsCards(m_results)), m_charts(new LogsCharts(m_results)), m_tabs(new QTabWidget(this)),
      m_topIps(new TopIpsModel(this)), m_suspicious(new SuspiciousIpsModel(this)), m_errors(new LogsErrorsModel(this)),
      m_rotation(new LogsRotationPanel(context, logs, this)), m_logs(logs)
{
    auto *bar = new QHBoxLayout;
    m_sourceLabel->setObjectName(QStringLiteral("logSources"));
    m_sourceLabel->setTextFormat(Qt::PlainText);
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *files = new QPushButton(tr("Files…"), this);
    auto *folder = new QPushButton(tr("Folder…"), this);
    m_format->setObjectName(QStringLiteral("logFormat"));
    m_format->setEditable(true);
    m_format->addItems({QStringLiteral("auto"), QStringLiteral("combined"), QStringLiteral("combined_rt")});
    m_format->setToolTip(tr("auto: nginx/Apache combined with an optional trailing $request_time; or an nginx "
                            "log_format / Apache LogFormat string"));
    m_analyze->setObjectName(QStringLiteral("analyzeLogs"));
    m_cancel->setObjectName(QStringLiteral("cancelAnalysis"));
    m_cancel->setEnabled(false);
    m_progress->setObjectName(QStringLiteral("analysisProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(180);
    m_progress->hide();
    bar->addWidget(new QLabel(tr("Sources:"), this));
    bar->addWidget(m_sourceLabel, 1);
    bar->addWidget(files);
    bar->addWidget(folder);
    bar->addWidget(new QLabel(tr("Format"), this));
    bar->addWidget(m_format);
    addHeaderWidget(m_analyze);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    contentLayout()->addLayout(bar);

    m_emptyState->setObjectName(QStringLiteral("logsEmptyState"));
    m_emptyState->setTextFormat(Qt::PlainText);
    m_emptyState->setWordWrap(true);
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setText(tr("No log folders are configured for this profile.\n\nAdd them on the Profiles page (log "
                             "folders), or choose log files or a folder above. Plain and .gz access logs in nginx/Apache "
                             "combined format and application logs (app*.log) are read."));
    contentLayout()->addWidget(m_emptyState, 1);

    auto *results = new QVBoxLayout(m_results);
    results->setContentsMargins(0, 0, 0, 0);
    results->addWidget(m_cards);
    results->addWidget(m_charts, 2);
    contentLayout()->addWidget(m_results, 2);
    addTable(m_topIps, QStringLiteral("topIpsTable"), tr("Top IPs"));
    addTable(m_suspicious, QStringLiteral("suspiciousTable"), tr("Suspicious IPs"));
    addTable(m_errors, QStringLiteral("errorsTable"), tr("Errors"));
    m_tabs->addTab(m_rotation, tr("Rotation"));
    contentLayout()->addWidget(m_tabs, 2);
    m_results->hide();

    connect(files, &QPushButton::clicked, this, &LogsPage::chooseFiles);
    connect(folder, &QPushButton::clicked, this, &LogsPage::chooseFolder);
    connect(m_analyze, &QPushButton::clicked, this, &LogsPage::analyze);
    connect(m_cancel, &QPushButton::clicked, this, &LogsPage::cancel);
    connect(m_rotation, &LogsRotationPanel::message, messageBar(), &MessageBar::showMessage);
    connect(&m_context, &Session::profileChanged, this, [this] {
        if (!m_customSources)
            useDefaultSources();
    });
    useDefaultSources();
}

// m_load goes with the page: the analyses are told to stop, nothing waits for them.
LogsPage::~LogsPage() = default;

QTableView *LogsPage::addTable(QAbstractItemModel *model, const QString &name, const QString &title)
{
    auto *view = new QTableView(m_tabs);
    view->setObjectName(name);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    m_tabs->addTab(view, title);
    return view;
}

void LogsPage::useDefaultSources()
{
    if (m_context.isDemo()) {
        const QString folder = m_context.dataDir() + QStringLiteral("/demo-logs");
        m_sources = {folder};
        m_sourceLabel->setText(QDir::toNativeSeparators(folder));
        m_rotation->setFolders({folder});
        m_emptyState->hide();
        setReady(false);
        // The demo's logs are generated once, off the GUI thread, then analysed.
        const QDateTime now = m_context.clock().nowUtc();
        Job<void>::run(QThreadPool::globalInstance(), [folder, now](JobChannel &) { return writeDemoLogs(folder, now); }, this)
            ->onFinished(this, [this](const Status &s) {
                m_demoReady = true;
                if (!s) {
                    messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
                    setReady(true);
                } else if (m_shown) {
                    analyze();
                }
            });
        return;
    }
    setSources(m_context.profile().logDirs);
    m_customSources = false;
}

void LogsPage::setSources(const QStringList &paths)
{
    m_sources = paths;
    m_customSources = true;
    m_sourceLabel->setText(paths.isEmpty() ? tr("none") : QDir::toNativeSeparators(paths.join(QStringLiteral(", "))));
    QStringList folders;
    for (const QString &p : paths)
        if (QFileInfo(p).isDir())
            folders << p;
    m_rotation->setFolders(folders);
    m_emptyState->setVisible(paths.isEmpty() && !m_analysis);
    m_analyze->setEnabled(!paths.isEmpty() && !isAnalyzing());
    if (paths.isEmpty()) {
        messageBar()->showMessage(tr("No log folders: add them to the profile or choose files or a folder."),
                                  MessageBar::Severity::Info);
        setReady(true);
    } else {
        messageBar()->clear();
        if (!m_shown)
            setReady(false);  // analysed when first shown
    }
}

void LogsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    if (!m_sources.isEmpty() && !isAnalyzing() && (!m_context.isDemo() || m_demoReady))
        analyze();
}

void LogsPage::refresh()
{
    if (!m_sources.isEmpty())
        analyze();
}

void LogsPage::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Choose log files"), m_sources.value(0),
                                                            tr("Logs (*.log *.log.* *.gz);;All files (*)"));
    if (files.isEmpty())
        return;
    setSources(files);
    analyze();
}

void LogsPage::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a log folder"), m_sources.value(0));
    if (folder.isEmpty())
        return;
    setSources({folder});
    analyze();
}

void LogsPage::analyze()
{
    if (isAnalyzing() || m_sources.isEmpty())
        return;
    // Folders contribute the files of the last eight days: the weekly review, not every old archive.
    const LogSources src = LogSources::resolve(m_sources, m_context.clock().nowUtc().addDays(-8));
    m_problems.clear();
    for (const QString &missing : src.missing)
        m_problems << tr("%1 does not exist.").arg(QDir::toNativeSeparators(missing));
    if (src.isEmpty()) {
        m_problems << tr("No access or application logs of the last 8 days found in %1.")
                          .arg(QDir::toNativeSeparators(m_sources.join(QStringLiteral(", "))));
        messageBar()->showMessage(m_problems.join(QLatin1Char(' ')), MessageBar::Severity::Warning);
        setReady(true);
        return;
    }
    setReady(false);
    m_cancelled = false;
    m_analysis.reset();
    m_appAnalysis.reset();
    m_pending = 0;
    QObject *load = m_load.renew();
    // A cancelled analysis finishes as Cancelled: not a problem to show.
    const auto problem = [this](const Error &e) {
        if (e.kind != ErrorKind::Cancelled)
            m_problems << e.toString();
    };
    if (!src.accessLogs.isEmpty()) {
        LogAnalysisRequest request;
        request.files = src.accessLogs;
        request.format = m_format->currentText();
        ++m_pending;
        Job<LogAnalysis> *access = m_logs.analyzeAccess(request, load);
        connect(access, &JobBase::progress, m_progress, [this](const QString &, qint64 done, qint64 total) {
            m_progress->setValue(total > 0 ? int(std::min<qint64>(1000, done * 1000 / total)) : 0);
        });
        access->onFinished(load, [this, problem](const Result<LogAnalysis> &r) {
            if (r)
                m_analysis = r.value();
            else
                problem(r.error());
            --m_pending;
            finishIfDone();
        });
    }
    if (!src.appLogs.isEmpty()) {
        ++m_pending;
        m_logs.analyzeApp(m_logs.appLogRequest(src.appLogs), load)->onFinished(load, [this, problem](const Result<AppLogAnalysis> &r) {
            if (r)
                m_appAnalysis = r.value();
            else
                problem(r.error());
            --m_pending;
            finishIfDone();
        });
    }
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->setEnabled(true);
    m_analyze->setEnabled(false);
    messageBar()->showMessage(tr("Analysing %n file(s)…", nullptr, int(src.accessLogs.size() + src.appLogs.size())),
                              MessageBar::Severity::Info);
}

void LogsPage::cancel()
{
    if (!isAnalyzing())
        return;
    m_cancelled = true;
    for (JobBase *job : m_load.context()->findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        job->cancel();
}

void LogsPage::finishIfDone()
{
    if (m_pending > 0)
        return;
    m_progress->hide();
    m_cancel->setEnabled(false);
    m_analyze->setEnabled(!m_sources.isEmpty());
    if (m_cancelled) {
        messageBar()->showMessage(tr("Analysis cancelled."), MessageBar::Severity::Info);
        m_analysis.reset();
        m_appAnalysis.reset();
        setReady(true);
        return;
    }
    m_errors->setErrors(m_appAnalysis ? m_appAnalysis->byType : QList<AppErrorType>(),
                        m_analysis ? m_analysis->topErrorPaths : QList<PathErrors>());
    if (m_analysis)
        showAnalysis(*m_analysis);
    if (!m_problems.isEmpty())
        messageBar()->showMessage(m_problems.join(QLatin1Char(' ')), MessageBar::Severity::Error);
    setReady(true);
}

void LogsPage::showAnalysis(const LogAnalysis &a)
{
    const QDateTime now = m_context.clock().nowUtc();
    const QString subject = LogHistory::subjectFor(m_sources);
    LogHistory history(m_context.store());
    const auto lastWeek = history.previous(subject, now);
    m_cards->setCards(LogsSeries::cards(a, lastWeek ? *lastWeek : std::nullopt));
    m_charts->setAnalysis(a);
    m_topIps->setIps(a.topIps, a.requests);
    m_suspicious->setIps(a.suspiciousIps);
    m_emptyState->hide();
    m_results->show();
    markUpdated();
    setStatus(a.suspiciousIps.isEmpty() ? Tone::Good : Tone::Warning,
              tr("%n suspicious IP(s)", nullptr, int(a.suspiciousIps.size())));
    if (const Status saved = history.record(subject, LogSnapshot::of(a, now)); !saved)
        m_problems << saved.error().toString();

    QStringList notes = a.warnings;
    const Thresholds &t = m_context.profile().thresholds;
    if (a.requests > 0 && a.errorRate * 100.0 > t.errorRatePercent)
        notes << tr("Error rate %1 % is above the profile's %2 % threshold.")
                     .arg(QString::number(a.errorRate * 100.0, 'f', 2), QString::number(t.errorRatePercent));
    if (a.latency && a.latency->p95Ms > t.p95Ms)
        notes << tr("P95 %1 ms is above the profile's %2 ms threshold.")
                     .arg(QString::number(a.latency->p95Ms, 'f', 0), QString::number(t.p95Ms, 'f', 0));
    const QString summary = tr("%L1 requests in %n file(s), %L2 malformed lines; %3.", nullptr, int(a.files.size()))
                                .arg(a.requests)
                                .arg(a.malformedLines)
                                .arg(tr("%n suspicious IP(s)", nullptr, int(a.suspiciousIps.size())));
    messageBar()->showMessage(notes.isEmpty() ? summary : summary + QLatin1Char(' ') + notes.join(QLatin1Char(' ')),
                              notes.isEmpty() ? MessageBar::Severity::Success : MessageBar::Severity::Warning);
}

} // namespace opsdeck
