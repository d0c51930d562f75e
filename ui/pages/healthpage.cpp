#include "pages/healthpage.h"

#include "providers/health/uptime.h"
#include "usecases/session.h"
#include "core/clock.h"
#include "healthhistorymodel.h"
#include "healthmodel.h"
#include "messagebar.h"
#include "providers/providersource.h"
#include "providers/health/healthprobe.h"
#include "runbook/checkliststore.h"
#include "runbook/checks.h"
#include "widgets/statuschip.h"
#include "widgets/tonedelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
const QString &kMetric = kHealthLatencyMetric;
constexpr int kHistoryDays = 7;
constexpr int kHistoryRows = 2000;

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    return view;
}
} // namespace

HealthPage::HealthPage(Session &context, ProviderSource &providers, QWidget *parent)
    : Page(QStringLiteral("health"), tr("Health"), parent),
      m_context(context), m_providers(providers),
      m_records(std::make_unique<ChecklistStore>(context.store(), context.audit(), context.clock())),
      m_model(new HealthModel(this)), m_history(new HealthHistoryModel(this)), m_timer(new QTimer(this))
{
    m_chip = statusChip();
    m_chip->setObjectName(QStringLiteral("healthChip"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("healthSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_probeNow = addRefreshButton(tr("Probe now"));
    m_probeNow->setObjectName(QStringLiteral("probeNow"));
    m_probeNow->setToolTip(tr("Probed every 60 s while this page is open"));
    contentLayout()->addWidget(m_summary);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_view = makeTable(m_model, split);
    m_view->setObjectName(QStringLiteral("healthTable"));
    m_view->setItemDelegate(new ToneDelegate(m_view));
    auto *trend = new ToneDelegate(m_view);
    trend->setSparklineRole(HealthModel::LatenciesRole);
    m_view->setItemDelegateForColumn(HealthModel::Trend, trend);
    m_view->verticalHeader()->setDefaultSectionSize(34);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(HealthModel::Url, QHeaderView::Stretch);
    for (int column : {HealthModel::Latency, HealthModel::Checked, HealthModel::Uptime24h, HealthModel::Uptime7d, HealthModel::P95})
        m_view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(HealthModel::Status, 200);
    m_view->setColumnWidth(HealthModel::Trend, 240);
    auto *chartBox = new QWidget(split);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 6, 0, 0);
    auto *chartBar = new QHBoxLayout;
    auto *chartTitle = new QLabel(tr("Latency over time"), chartBox);
    chartTitle->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_chartRange = new QComboBox(chartBox);
    m_chartRange->setObjectName(QStringLiteral("healthChartRange"));
    m_chartRange->addItems({tr("Last 24 hours"), tr("Last 7 days")});
    chartBar->addWidget(chartTitle);
    chartBar->addStretch(1);
    chartBar->addWidget(m_chartRange);
    chartLayout->addLayout(chartBar);
    m_chart = new HealthChart(chartBox);
    chartLayout->addWidget(m_chart, 1);
    connect(m_chartRange, &QComboBox::currentIndexChanged, this, &HealthPage::drawChart);
    auto *historyBox = new QWidget(split);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 6, 0, 0);
    auto *historyTitle = new QLabel(tr("Stored probes, last %n day(s), newest first", nullptr, kHistoryDays), historyBox);
    historyTitle->setStyleSheet(QStringLiteral("font-weight: bold;"));
    historyLayout->addWidget(historyTitle);
    m_historyView = makeTable(m_history, historyBox);
    m_historyView->setObjectName(QStringLiteral("healthHistory"));
    m_historyView->horizontalHeader()->setStretchLastSection(false);
    m_historyView->horizontalHeader()->setSectionResizeMode(HealthHistoryModel::Url, QHeaderView::Stretch);
    // Fixed widths: a stretch of 2000 rows must not be measured on every probe.
    m_historyView->setColumnWidth(HealthHistoryModel::Time, m_historyView->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00")) + 24);
    m_historyView->setColumnWidth(HealthHistoryModel::Latency, 110);
    historyLayout->addWidget(m_historyView);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    split->setSizes({130, 390, 260});  // a few URLs; the chart gets the room
    contentLayout()->addWidget(split, 1);

    m_timer->setInterval(kAutoProbeMs);
    connect(m_timer, &QTimer::timeout, this, &HealthPage::refresh);
    connect(&m_context, &Session::profileChanged, this, &HealthPage::profileChanged);

    m_model->setUrls(m_context.profile().healthUrls);
    loadHistory();
    updateSummary();
    // Probing waits for the page to be shown; a profile without URLs has nothing to wait for.
    setReady(m_model->rowCount() == 0);
}

HealthPage::~HealthPage() = default;

void HealthPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    m_timer->start();
    if (!m_lastRound.isValid() || m_lastRound.msecsTo(m_context.clock().nowUtc()) >= kAutoProbeMs)
        refresh();
}

void HealthPage::hideEvent(QHideEvent *event)
{
    Page::hideEvent(event);
    m_timer->stop();
}

void HealthPage::profileChanged()
{
    m_cycle.clear();  // the old profile's probes
    m_probing = false;
    m_lastRound = {};
    m_model->setUrls(m_context.profile().healthUrls);
    loadHistory();
    updateSummary();
    if (isVisible())
        refresh();
}

void HealthPage::refresh()
{
    const QStringList urls = m_context.profile().healthUrls;
    if (m_model->urls() != urls)
        m_model->setUrls(urls);
    QObject *cycle = m_cycle.renew();  // a round still running is dropped
    m_lastRound = m_context.clock().nowUtc();
    if (urls.isEmpty()) {
        m_probing = false;
        updateSummary();
        setReady(true);
        return;
    }
    m_probeNow->setEnabled(false);
    m_probing = true;
    HealthProbe *probe = m_providers.health(cycle);
    QList<QUrl> targets;
    for (int row = 0; row < urls.size(); ++row) {
        targets << QUrl(urls[row]);
        m_model->setProbing(row, true);
    }
    const auto each = [this](int row, const HealthResult &h) {
        (void)m_records->addSample(kHealthUpMetric, h.url.toString(), h.ok ? 1.0 : 0.0);
        if (h.latencyMs >= 0) {
            if (Status s = m_records->addSample(kMetric, h.url.toString(), double(h.latencyMs)); !s)
                messageBar()->showMessage(tr("Could not store the probe: %1").arg(s.error().message),
                                          MessageBar::Severity::Warning);
        }
        m_model->setResult(row, h, m_context.clock().nowUtc());
    };
    probe->probeAll(targets, 10'000, each)->onFinished(cycle, [this](const Result<QList<HealthResult>> &) { roundFinished(); });
    updateSummary();
}

void HealthPage::roundFinished()
{
    m_probing = false;
    m_probeNow->setEnabled(true);
    loadHistory();
    updateSummary();
    setReady(true);
}

void HealthPage::loadHistory()
{
    const QDateTime now = m_context.clock().nowUtc();
    const QDateTime dayAgo = now.addDays(-1);
    QList<HealthSample> history;
    QList<HealthChartSeries> chartSeries;
    QList<double> all24h;
    QStringList problems;
    const QStringList urls = m_model->urls();
    for (int row = 0; row < urls.size(); ++row) {
        const QString subject = QUrl(urls[row]).toString();
        auto samples = m_records->samples(kMetric, subject, now.addDays(-kHistoryDays));
        if (!samples) {
            problems << samples.error().message;
            continue;
        }
        QList<std::pair<QDateTime, double>> recent;
        HealthChartSeries line{urls[row], samples.value(), {}};
        std::sort(line.latencyMs.begin(), line.latencyMs.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[at, value] : samples.value()) {
            history.append(HealthSample{at, urls[row], value});
            if (at >= dayAgo) {
                recent.append({at, value});
                all24h.append(value);
            }
        }
        m_model->setSamples(row, std::move(recent));
        if (auto ups = m_records->samples(kHealthUpMetric, subject, now.addDays(-7))) {
            m_model->setUptime(row, uptimePercent(ups.value(), dayAgo), uptimePercent(ups.value(), now.addDays(-7)));
            for (const auto &[at, up] : ups.value())
                if (up < 0.5)
                    line.downAt << at;
        }
        chartSeries << std::move(line);
    }
    m_chartSeries = std::move(chartSeries);
    drawChart();
    std::sort(history.begin(), history.end(), [](const HealthSample &a, const HealthSample &b) { return a.at > b.at; });
    if (history.size() > kHistoryRows)
        history.resize(kHistoryRows);
    m_history->setSamples(std::move(history));
    m_overallP95 = nearestRankPercentile(all24h, 95);
    if (!problems.isEmpty())
        messageBar()->showMessage(tr("Could not read the stored probes: %1").arg(problems.first()),
                                  MessageBar::Severity::Error);
}

void HealthPage::setChartWeek(bool week) { m_chartRange->setCurrentIndex(week ? 1 : 0); }

void HealthPage::drawChart()
{
    const QDateTime now = m_context.clock().nowUtc();
    const bool week = m_chartRange->currentIndex() == 1;
    // The whole last 24 h or 7 days, widened to whole hours (ticks every 5 h) or whole days.
    const QDateTime since = now.addDays(week ? -7 : -1);
    const QDateTime from = week ? QDateTime(since.date(), QTime(0, 0), Qt::UTC)
                                : QDateTime(since.date(), QTime(since.time().hour(), 0), Qt::UTC);
    const QDateTime to = week ? from.addDays(8) : from.addSecs(25 * 3600);
    m_chart->setData(m_chartSeries, from, to, m_context.profile().thresholds.p95Ms);
}

void HealthPage::updateSummary()
{
    const int total = m_model->rowCount();
    if (total == 0) {
        m_chip->setStatus(Tone::Muted, tr("No URLs"));
        m_summary->setText(QString());
        messageBar()->showMessage(tr("The profile \"%1\" has no health URL. Add one (usually <base>/api/health) on the "
                                     "Profiles page.")
                                      .arg(m_context.profile().name),
                                  MessageBar::Severity::Info);
        return;
    }
    const QString p95 = m_overallP95 >= 0 ? tr("P95 over 24 h: %1 ms").arg(m_overallP95, 0, 'f', 0) : tr("no P95 yet");
    if (m_probing) {
        m_chip->setStatus(Tone::Muted, tr("Probing…"));
        m_summary->setText(p95);
        return;
    }
    const int probed = m_model->probedCount();
    const int down = m_model->downCount();
    if (probed == 0) {
        m_chip->setStatus(Tone::Muted, tr("Not checked"));
        m_summary->setText(p95);
        return;
    }
    if (down == 0) {
        m_chip->setStatus(Tone::Good, total == 1 ? tr("Up") : tr("All %1 up").arg(total));
        messageBar()->clear();
    } else {
        m_chip->setStatus(Tone::Bad, tr("%1 of %2 down").arg(down).arg(total));
        QStringList why;
        for (int row = 0; row < total; ++row) {
            const HealthRow &r = m_model->row(row);
            if (r.probed && !r.last.ok)
                why << m_model->index(row, HealthModel::Url).data().toString() + QStringLiteral(": ")
                           + m_model->index(row, HealthModel::Status).data().toString();
        }
        messageBar()->showMessage(why.join(QLatin1Char('\n')), MessageBar::Severity::Warning);
    }
    setBadge(down > 0 ? QStringLiteral("%1/%2").arg(down).arg(total) : QString(), Tone::Bad);
    markUpdated(m_lastRound.toUTC());
    m_summary->setText(tr("%1 · probed every 60 s while this page is open").arg(p95));
}

} // namespace opsdeck
