#include "pages/costspage.h"

#include "usecases/session.h"
#include "costpricemodel.h"
#include "core/clock.h"
#include "core/humantime.h"
#include "costs/costcsv.h"
#include "costs/costservice.h"
#include "costtablemodel.h"
#include "database/pgconnectioninfo.h"
#include "messagebar.h"
#include "pages/costs/costschart.h"
#include "pages/costs/pricetablepanel.h"
#include "pages/costs/whatifpanel.h"
#include "usecases/costsusecase.h"
#include "theme.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPieSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>

#include <algorithm>
#include <memory>

namespace opsdeck {

namespace {
QLabel *plainLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // model names come from provider APIs
    return l;
}
} // namespace

CostsPage::CostsPage(Session &context, CostsUseCase &costs, QWidget *parent)
    : Page(QStringLiteral("costs"), tr("Costs"), parent),
      m_context(context), m_costs(costs), m_table(new CostTableModel(this)), m_prices(new CostPriceModel(this))
{
    m_service = costs.makeService(this);
    m_prices->setEditDate(m_service->today());
    const auto prices = m_service->priceTable();
    m_prices->setTable(prices ? prices.value() : PriceTable::builtIn());
    if (!prices)
        messageBar()->showMessage(prices.error().message + tr(" Using the built-in prices."), MessageBar::Severity::Warning);

    contentLayout()->addWidget(buildToolbar());
    contentLayout()->addWidget(buildSummary());
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_chart = new CostsChart(*m_table, split);
    m_view = new QTableView(split);
    m_view->setObjectName(QStringLiteral("costTable"));
    m_view->setModel(m_table);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->horizontalHeader()->setStretchLastSection(true);
    split->setSizes({760, 560});
    contentLayout()->addWidget(split, 1);
    auto *tabs = new QTabWidget(this);
    m_whatIf = new WhatIfPanel(*m_prices, m_service->clock(), tabs);
    m_priceTable = new PriceTablePanel(*m_prices, *m_service, tabs);
    tabs->addTab(m_whatIf, tr("What-if"));
    tabs->addTab(m_priceTable, tr("Price table"));
    connect(m_priceTable, &PriceTablePanel::pricesChanged, m_whatIf, [this] { m_whatIf->recompute(); });
    connect(m_priceTable, &PriceTablePanel::message, messageBar(), &MessageBar::showMessage);
    tabs->setMaximumHeight(210);
    contentLayout()->addWidget(tabs);

    connect(&context, &Session::profileChanged, this, &CostsPage::refresh);
    showStored();
    // The last usage fetch, so the what-if works at once (and offline); a refresh replaces it.
    if (const auto stored = m_service->storedUsage())
        m_whatIf->setUsage(stored->period, stored->fetchedAt);
    if (!context.hasProfile() && !context.isDemo()) {
        m_status->setText(tr("Create a profile to fetch costs; stored and imported figures are shown."));
        return;  // nothing to fetch from: stay ready with what the store has
    }
    setReady(false);
    refresh();
}

CostsPage::~CostsPage() = default;

QWidget *CostsPage::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_period = new QComboBox(bar);
    m_period->setObjectName(QStringLiteral("costPeriod"));
    for (int d : {7, 30, 90})
        m_period->addItem(tr("Last %n days", nullptr, d), d);
    m_period->setCurrentIndex(1);
    m_grouping = new QComboBox(bar);
    m_grouping->setObjectName(QStringLiteral("costGrouping"));
    m_grouping->addItems({tr("Per provider"), tr("Per model")});
    auto *exportButton = new QPushButton(tr("Export CSV…"), bar);
    auto *importButton = new QPushButton(tr("Import CSV…"), bar);
    addHeaderWidget(importButton);
    addHeaderWidget(exportButton);
    m_refresh = addRefreshButton();
    m_refresh->setObjectName(QStringLiteral("refreshCosts"));
    m_progress = new QProgressBar(bar);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->hide();
    m_status = plainLabel(bar);
    m_age = plainLabel(bar);
    m_age->setObjectName(QStringLiteral("costAge"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_period, m_grouping, m_progress, m_status})
        row->addWidget(w);
    row->addStretch();
    row->addWidget(m_age);

    connect(m_period, &QComboBox::currentIndexChanged, this, [this] { setPeriodDays(m_period->currentData().toInt()); });
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this](int i) { setGroupedByModel(i == 1); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export costs"), QStringLiteral("costs-%1.csv").arg(m_report.to.toString(Qt::ISODate)),
                                                          tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        if (Status s = exportCsv(path); !s)
            messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
        else
            messageBar()->showMessage(tr("Exported %1 figures to %2").arg(m_report.period.figures().size()).arg(path),
                                      MessageBar::Severity::Success);
    });
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import costs"), {}, tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        if (Status s = importCsv(path); !s)
            messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
        else
            messageBar()->showMessage(tr("Imported %1").arg(path), MessageBar::Severity::Success);
    });
    return bar;
}

QWidget *CostsPage::buildSummary()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    const auto card = [box, row](const QString &caption, const char *name) {
        auto *col = new QVBoxLayout;
        auto *title = new QLabel(caption, box);
        auto *value = plainLabel(box);
        value->setObjectName(QLatin1String(name));
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        col->addWidget(title);
        col->addWidget(value);
        if (qstrcmp(name, "cardPeriod") == 0) {  // the change against the previous period, under the total
            auto *change = plainLabel(box);
            change->setObjectName(QStringLiteral("cardPeriodChange"));
            col->addWidget(change);
        }
        col->addStretch();
        row->addLayout(col, 1);
        return value;
    };
    m_cardPeriod = card(tr("This period"), "cardPeriod");
    m_cardMtd = card(tr("Month to date"), "cardMtd");
    m_cardForecast = card(tr("Month-end forecast"), "cardForecast");
    m_cardSpikes = card(tr("Spikes"), "cardSpikes");
    auto *gaugeBox = new QVBoxLayout;
    auto *form = new QHBoxLayout;
    m_users = new QSpinBox(box);
    m_users->setObjectName(QStringLiteral("activeUsers"));
    m_users->setRange(0, 1'000'000'000);
    m_users->setGroupSeparatorShown(true);
    m_users->setSpecialValueText(tr("not entered"));
    m_users->setToolTip(tr("Active users of the product this month, for the cost per 100 users"));
    form->addWidget(new QLabel(tr("Active users this month"), box));
    form->addWidget(m_users);
    m_usersFromDb = new QPushButton(tr("From database"), box);
    m_usersFromDb->setObjectName(QStringLiteral("activeUsersFromDb"));
    m_usersFromDb->setToolTip(tr("Count them with the profile's active-users query (Profiles page), read only"));
    form->addWidget(m_usersFromDb);
    gaugeBox->addLayout(form);
    m_gaugeView = new QChartView(new QChart, box);
    m_gaugeView->setObjectName(QStringLiteral("per100Gauge"));
    m_gaugeView->setRenderHint(QPainter::Antialiasing);
    m_gaugeView->setFixedSize(220, 104);
    m_gaugeView->setStyleSheet(QStringLiteral("background: transparent"));
    m_gaugeView->chart()->legend()->hide();
    m_gaugeView->chart()->setBackgroundVisible(false);
    // A half donut: the plot area is a full circle whose lower half lies outside the view.
    m_gaugeView->chart()->setPlotArea(QRectF(12, 6, 196, 196));
    gaugeBox->addWidget(m_gaugeView, 0, Qt::AlignHCenter);
    m_gaugeLabel = plainLabel(box);
    m_gaugeLabel->setObjectName(QStringLiteral("per100Text"));
    m_gaugeLabel->setAlignment(Qt::AlignCenter);
    gaugeBox->addWidget(m_gaugeLabel);
    row->addLayout(gaugeBox);
    connect(m_users, &QSpinBox::editingFinished, this, [this] { setActiveUsers(m_users->value()); });
    connect(m_usersFromDb, &QPushButton::clicked, this, &CostsPage::countUsersFromDatabase);
    auto enableFromDb = [this] { m_usersFromDb->setEnabled(m_costs.hasActiveUsersQuery()); };
    connect(&m_context, &Session::profileChanged, m_usersFromDb, enableFromDb);
    enableFromDb();
    return box;
}

CostReportOptions CostsPage::reportOptions() const
{
    CostReportOptions o;
    o.days = m_days;
    o.today = m_service->today();
    o.spikeRule.thresholdUsd = m_context.profile().thresholds.costPerDayUsd;
    o.activeUsers = m_service->activeUsers(o.today);
    return o;
}

void CostsPage::showStored()
{
    const CostReportOptions o = reportOptions();
    const CostSeries stored = m_service->load(costHistoryStart(o), o.today);
    for (const ProviderProblem &p : stored.problems)
        messageBar()->showMessage(p.error.toString(), MessageBar::Severity::Error);
    showReport(stored);
}

void CostsPage::refresh()
{
    if (m_job) {  // a newer period or profile: the older refresh is of no use
        disconnect(m_job, nullptr, this, nullptr);
        m_job->cancel();
    }
    const CostReportOptions o = reportOptions();
    Job<CostSeries> *job = m_service->refresh(costHistoryStart(o), o.today);
    m_job = job;
    m_progress->show();
    m_refresh->setEnabled(false);
    m_status->setText(tr("Refreshing from OpenAI and Anthropic…"));
    connect(job, &JobBase::progress, m_status, &QLabel::setText);
    job->onFinished(this, [this](const Result<CostSeries> &r) {
        m_progress->hide();
        m_refresh->setEnabled(true);
        m_status->clear();
        if (!r) {
            messageBar()->showMessage(tr("Could not refresh the costs: %1. Showing the stored figures.").arg(r.error().message),
                                      MessageBar::Severity::Warning);
        } else if (!r->problems.isEmpty()) {
            QStringList parts;
            for (const ProviderProblem &p : r->problems)
                parts << CostTableModel::providerLabel(p.provider) + QStringLiteral(": ") + p.error.message;
            messageBar()->showMessage(tr("Some figures are not fresh (%1). Showing the stored ones.").arg(parts.join(QStringLiteral("; "))),
                                      MessageBar::Severity::Warning);
        } else {
            messageBar()->clear();
        }
        showStored();
        if (r)
            markUpdated();
        setReady(true);
        if (r)
            fetchUsage();
    });
}

void CostsPage::fetchUsage()
{
    if (m_usageJob)
        return;
    const QDate today = m_service->today();
    Job<UsagePeriod> *job = m_service->fetchUsage(today.addDays(-29), today);
    m_usageJob = job;
    job->onFinished(this, [this](const Result<UsagePeriod> &r) {
        if (!r)
            return m_whatIf->usageFailed(r.error().message);
        m_whatIf->setUsage(r.value(), m_service->clock().nowUtc());
    });
}

bool CostsPage::hasUsage() const { return m_whatIf->hasUsage(); }

QString CostsPage::whatIfText() const { return m_whatIf ? m_whatIf->text() : QString(); }

QStackedBarSeries *CostsPage::barSeries() const { return m_chart->barSeries(); }

QChartView *CostsPage::chartView() const { return m_chart; }

QString CostsPage::hoverText() const { return m_chart->hoverText(); }

QString CostsPage::barTip(int dayIndex, int key) const { return m_chart->barTip(dayIndex, key); }

void CostsPage::showReport(const CostSeries &history)
{
    const CostReportOptions o = reportOptions();
    m_report = buildCostReport(history, o);
    m_table->setSeries(m_report.period, m_byModel ? CostGrouping::ByModel : CostGrouping::ByProvider, m_report.spikes,
                       o.spikeRule.thresholdUsd);
    m_view->resizeColumnsToContents();
    QStringList spikeDays;
    for (const Spike &s : m_report.spikes)
        spikeDays << s.day.toString(QStringLiteral("MMM d"));
    m_cardPeriod->setText(CostTableModel::formatUsd(m_table->breakdown().periodTotalCents));
    m_cardPeriod->setToolTip(tr("The last %n days, today included (UTC)", nullptr, m_days));
    auto *change = findChild<QLabel *>(QStringLiteral("cardPeriodChange"));
    if (m_report.previousTotalUsd && *m_report.previousTotalUsd > 0) {
        const double previous = *m_report.previousTotalUsd;
        const double percent = (m_report.totalUsd - previous) / previous * 100.0;
        const bool up = percent >= 0.5;
        const bool down = percent <= -0.5;
        change->setText(tr("%1 %2 % vs previous %n days", nullptr, m_days)
                            .arg(up ? QStringLiteral("▲") : down ? QStringLiteral("▼") : QStringLiteral("="))
                            .arg(QLocale().toString(std::abs(percent), 'f', 0)));
        change->setToolTip(tr("Previous %n days: %1", nullptr, m_days).arg(CostTableModel::formatUsd(previous)));
        QPalette pal = change->palette();
        pal.setColor(QPalette::WindowText, toneTextColor(up ? Tone::Bad : down ? Tone::Good : Tone::Muted, palette()));
        change->setPalette(pal);
    } else {
        change->setText(tr("no previous period stored"));
        change->setToolTip(QString());
        change->setPalette(QPalette());
    }
    m_cardMtd->setText(CostTableModel::formatUsd(m_report.month.mtdUsd));
    m_cardForecast->setText(CostTableModel::formatUsd(m_report.month.forecastUsd));
    m_cardForecast->setToolTip(tr("The month's complete days, plus today at least at their daily mean (%1), plus that mean "
                                  "for each day left").arg(CostTableModel::formatUsd(m_report.month.dailyRateUsd)));
    m_cardSpikes->setText(spikeDays.isEmpty() ? tr("none") : spikeDays.join(QStringLiteral(", ")));
    m_cardSpikes->setToolTip(tr("Days over %1 or more than twice the median of the 7 days before")
                                 .arg(CostTableModel::formatUsd(o.spikeRule.thresholdUsd)));
    m_cardSpikes->setStyleSheet(
        spikeDays.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(toneTextColor(Tone::Bad, palette()).name()));
    {
        QSignalBlocker block(m_users);
        const bool thisMonth = o.activeUsers && o.activeUsers->month == QDate(o.today.year(), o.today.month(), 1);
        m_users->setValue(thisMonth ? int(std::min<qint64>(o.activeUsers->users, m_users->maximum())) : 0);
    }
    m_chart->rebuild(m_report, m_days);
    updateGauge();
    updateAge();
}

void CostsPage::updateGauge()
{
    QChart *chart = m_gaugeView->chart();
    chart->removeAllSeries();
    auto *pie = new QPieSeries;
    pie->setHoleSize(0.55);
    pie->setPieStartAngle(-90);
    pie->setPieEndAngle(90);
    pie->setPieSize(1.0);
    const std::optional<double> v = m_report.per100UsersUsd;
    m_gaugeView->setVisible(v.has_value());  // an empty gauge says nothing: one line until users are known
    const double cap = 2 * kTargetPer100UsersUsd;
    const double shown = v ? std::clamp(*v, 0.0, cap) : 0.0;
    QPieSlice *value = pie->append(QString(), shown);
    QPieSlice *rest = pie->append(QString(), cap - shown);
    value->setColor(toneColor(!v ? Tone::Muted : *v <= kTargetPer100UsersUsd ? Tone::Good : Tone::Bad));
    const QPalette palette = QApplication::palette();
    rest->setColor(trackColor(palette));
    value->setBorderColor(palette.color(QPalette::Window));
    rest->setBorderColor(palette.color(QPalette::Window));
    chart->addSeries(pie);
    m_gaugeLabel->setText(v ? tr("%1 per 100 users a month (target %2)")
                                  .arg(CostTableModel::formatUsd(*v), CostTableModel::formatUsd(kTargetPer100UsersUsd))
                            : tr("Cost per 100 users: enter the month's active users (target %1)")
                                  .arg(CostTableModel::formatUsd(kTargetPer100UsersUsd)));
}

void CostsPage::updateAge()
{
    const QDateTime now = m_service->clock().nowUtc();
    QStringList parts;
    for (const QString &p : costprovider::all()) {
        const QDateTime at = m_report.period.oldestFetch(p);
        parts << CostTableModel::providerLabel(p) + QStringLiteral(": ") + (at.isValid() ? tr("fetched %1").arg(relativeTime(at, now)) : tr("no data"));
    }
    m_age->setText(parts.join(QStringLiteral(" · ")));
}

void CostsPage::setPeriodDays(int days)
{
    if (days == m_days)
        return;
    m_days = days;
    {
        QSignalBlocker block(m_period);
        m_period->setCurrentIndex(std::max(0, m_period->findData(days)));
    }
    showStored();
    refresh();
}

void CostsPage::setGroupedByModel(bool byModel)
{
    m_byModel = byModel;
    {
        QSignalBlocker block(m_grouping);
        m_grouping->setCurrentIndex(byModel ? 1 : 0);
    }
    showStored();
}

void CostsPage::setActiveUsers(qint64 users)
{
    if (Status s = m_service->setActiveUsers(m_service->today(), users); !s)
        return messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
    showStored();
}

void CostsPage::countUsersFromDatabase()
{
    m_usersFromDb->setEnabled(false);
    messageBar()->showMessage(tr("Counting this month's active users on the database…"), MessageBar::Severity::Info);
    m_costs.countActiveUsers(*m_service, m_service->today(), this)->onFinished(this, [this](const Result<qint64> &n) {
        m_usersFromDb->setEnabled(true);
        if (!n)
            return messageBar()->showMessage(n.error().toString(), MessageBar::Severity::Error);
        showStored();
        messageBar()->showMessage(tr("%L1 active users this month, counted on the database.").arg(n.value()),
                                  MessageBar::Severity::Success);
    });
}

Status CostsPage::exportCsv(const QString &path)
{
    QSaveFile file(path);
    const QByteArray data = exportCostsCsv(m_report.period);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return makeError(ErrorKind::Io, tr("Cannot write %1").arg(path), file.errorString());
    return {};
}

Status CostsPage::importCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), file.errorString());
    if (file.size() > 64 * 1024 * 1024)
        return makeError(ErrorKind::Config, tr("%1 is larger than 64 MB").arg(path));
    const auto figures = importCostsCsv(file.readAll());
    if (!figures)
        return figures.error();
    if (Status s = m_service->importFigures(figures.value()); !s)
        return s;
    showStored();
    return {};
}

} // namespace opsdeck
