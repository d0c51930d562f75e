#include "pages/alertspage.h"

#include "alertsmodel.h"
#include "config/profile.h"
#include "core/clock.h"
#include "messagebar.h"
#include "usecases/alertmonitor.h"
#include "usecases/session.h"
#include "widgets/statuschip.h"
#include "widgets/tonedelegate.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>


namespace opsdeck {

namespace {
QDoubleSpinBox *spin(QWidget *parent, const char *name, double max, int decimals, const QString &prefix,
                     const QString &suffix)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(0, max);
    box->setDecimals(decimals);
    box->setPrefix(prefix);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}
} // namespace

AlertsPage::AlertsPage(Session &context, AlertMonitor &monitor, QWidget *parent)
    : Page(QStringLiteral("alerts"), tr("Alerts"), parent),
      m_context(context), m_monitor(monitor), m_model(new AlertsModel(this))
{
    m_chip = statusChip();
    m_chip->setObjectName(QStringLiteral("alertsChip"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("alertsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_reload = addRefreshButton(tr("Evaluate now"));
    m_reload->setObjectName(QStringLiteral("evaluateAlerts"));
    contentLayout()->addWidget(m_summary);

    auto *row = new QHBoxLayout;
    row->addWidget(buildThresholds());
    row->addWidget(buildAlertList(), 1);
    contentLayout()->addLayout(row, 1);

    connect(&m_context, &Session::profileChanged, this, &AlertsPage::profileChanged);
    connect(&m_monitor, &AlertMonitor::evaluationStarted, this, [this] {
        m_reload->setEnabled(false);
        m_chip->setStatus(Tone::Muted, tr("Evaluating…"));
    });
    connect(&m_monitor, &AlertMonitor::evaluated, this, &AlertsPage::showAlerts);
    connect(&m_monitor, &AlertMonitor::evaluationFailed, this, [this](const QString &message) {
        messageBar()->showMessage(message, MessageBar::Severity::Error);
        m_reload->setEnabled(true);
        setReady(true);
    });
    connect(&m_monitor, &AlertMonitor::silencesChanged, this, &AlertsPage::reloadSilences);

    setEditedThresholds(m_context.profile().thresholds);
    m_chip->setStatus(Tone::Muted, tr("Not evaluated"));
    if (m_monitor.isEvaluated())
        showAlerts();
    else
        updateSummary();
    setReady(m_monitor.isEvaluated());
}

bool AlertsPage::isEvaluating() const { return m_monitor.isEvaluating(); }
QJsonObject AlertsPage::metrics() const { return m_monitor.metrics(); }

AlertsPage::~AlertsPage() = default;

QWidget *AlertsPage::buildThresholds()
{
    auto *box = new QGroupBox(tr("Thresholds of this profile"), this);
    auto *form = new QFormLayout(box);
    m_errorRate = spin(box, "thresholdErrorRate", 100, 2, QString(), tr(" %"));
    m_p95 = spin(box, "thresholdP95", 600'000, 0, QString(), tr(" ms"));
    m_cost = spin(box, "thresholdCost", 1'000'000, 2, QStringLiteral("$"), tr(" / day"));
    m_failedWorkflows = new QSpinBox(box);
    m_failedWorkflows->setObjectName(QStringLiteral("thresholdFailedWorkflows"));
    m_failedWorkflows->setRange(0, 10'000);
    m_failedWorkflows->setSuffix(tr(" in 24 h"));
    m_dbConnections = spin(box, "thresholdDbConnections", 100, 1, QString(), tr(" % of the pool"));
    form->addRow(tr("Error rate above"), m_errorRate);
    form->addRow(tr("P95 response time above"), m_p95);
    form->addRow(tr("API cost above"), m_cost);
    form->addRow(tr("Failed workflow runs above"), m_failedWorkflows);
    form->addRow(tr("DB connections above"), m_dbConnections);
    auto *save = new QPushButton(tr("Save thresholds"), box);
    save->setObjectName(QStringLiteral("saveThresholds"));
    form->addRow(save);
    connect(save, &QPushButton::clicked, this, &AlertsPage::saveThresholds);
    box->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Maximum);
    auto *wrap = new QWidget(this);
    auto *layout = new QVBoxLayout(wrap);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addStretch();
    return wrap;
}

QWidget *AlertsPage::buildAlertList()
{
    auto *wrap = new QWidget(this);
    auto *layout = new QVBoxLayout(wrap);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view = new QTableView(wrap);
    m_view->setObjectName(QStringLiteral("alertsTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ToneDelegate(m_view));
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    for (int column : {AlertsModel::State, AlertsModel::Since, AlertsModel::Name, AlertsModel::Value, AlertsModel::Threshold,
                       AlertsModel::Silenced})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_view->setToolTip(tr("Double-click a rule to open the page that shows what it measures"));
    connect(m_view, &QTableView::doubleClicked, this, [this] { openSelectedPage(); });
    header->setSectionResizeMode(AlertsModel::Why, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);
    m_noData = new QLabel(wrap);
    m_noData->setObjectName(QStringLiteral("alertsNoData"));
    m_noData->setTextFormat(Qt::PlainText);
    m_noData->setWordWrap(true);
    layout->addWidget(m_noData);
    m_noData->hide();  // the table says "No data" on each rule; the label stays for the screen reader's summary

    auto *controls = new QHBoxLayout;
    m_silenceFor = new QComboBox(wrap);
    m_silenceFor->setObjectName(QStringLiteral("silenceFor"));
    m_silenceFor->addItem(tr("for 1 hour"), 1);
    m_silenceFor->addItem(tr("for 4 hours"), 4);
    m_silenceFor->addItem(tr("for 24 hours"), 24);
    m_silence = new QPushButton(tr("Silence"), wrap);
    m_silence->setObjectName(QStringLiteral("silenceAlert"));
    m_unsilence = new QPushButton(tr("Unsilence"), wrap);
    m_unsilence->setObjectName(QStringLiteral("unsilenceAlert"));
    controls->addWidget(new QLabel(tr("Selected alert:"), wrap));
    controls->addWidget(m_silence);
    controls->addWidget(m_silenceFor);
    controls->addWidget(m_unsilence);
    controls->addStretch();
    m_openPage = new QPushButton(tr("Open page"), wrap);
    m_openPage->setObjectName(QStringLiteral("openAlertPage"));
    m_openPage->setEnabled(false);
    controls->addWidget(m_openPage);
    connect(m_openPage, &QPushButton::clicked, this, [this] { openSelectedPage(); });
    m_quickFix = new QPushButton(tr("Quick fix…"), wrap);
    m_quickFix->setObjectName(QStringLiteral("quickFix"));
    m_quickFix->setToolTip(tr("The runbook's quick fix for this alert: the recent deployments with a rollback preview "
                              "(error rate), the slow statements with a suggested index (P95)"));
    m_quickFix->setEnabled(false);
    controls->addWidget(m_quickFix);
    connect(m_quickFix, &QPushButton::clicked, this, &AlertsPage::quickFixSelected);
    const auto updateQuickFix = [this] {
        const QModelIndex current = m_view->selectionModel()->currentIndex();
        const bool firing = current.isValid() && m_model->state(current.row()) == RuleState::Firing;
        m_quickFix->setEnabled(firing && !quickFixFor(selectedAlertId()).isEmpty());
        m_openPage->setEnabled(!alertPageId(selectedAlertId()).isEmpty());
        m_silence->setEnabled(current.isValid());
        m_unsilence->setEnabled(current.isValid() && m_model->isSilenced(current.row()));
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, updateQuickFix);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateQuickFix);
    connect(m_model, &QAbstractItemModel::dataChanged, this, updateQuickFix);
    updateQuickFix();
    layout->addLayout(controls);
    connect(m_silence, &QPushButton::clicked, this, &AlertsPage::silenceSelected);
    connect(m_unsilence, &QPushButton::clicked, this, [this] {
        if (const QString id = selectedAlertId(); !id.isEmpty())
            unsilence(id);
    });
    return wrap;
}

void AlertsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (!m_monitor.isEvaluated() && !m_monitor.isEvaluating())
        refresh();
}

void AlertsPage::refresh()
{
    m_monitor.evaluate();
}

void AlertsPage::showAlerts()
{
    m_reload->setEnabled(true);
    auto silences = m_monitor.silences();
    if (!silences)
        messageBar()->showMessage(silences.error().message, MessageBar::Severity::Warning);
    m_model->setAlerts(m_monitor.alerts(), m_monitor.evaluatedAt(), silences.valueOr({}),
                       alertRules(m_context.profile().thresholds, m_monitor.metrics()));
    updateSummary();
    setReady(true);
}

void AlertsPage::updateSummary()
{
    if (!m_model->evaluatedAt().isValid()) {
        m_summary->setText(m_context.hasProfile() || m_context.isDemo()
                               ? tr("The daily checks measure what the thresholds are compared with.")
                               : tr("No profile: create one to evaluate its alerts."));
        m_noData->clear();
        return;
    }
    const int firing = m_model->unsilencedCount();
    int silenced = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        silenced += m_model->state(row) == RuleState::Firing && m_model->isSilenced(row);
    const QStringList missing = m_monitor.unevaluated();
    // Nothing measured is no data, not "no alerts": a threshold nobody compared has not been met.
    const bool nothingMeasured = missing.size() == unevaluatedAlerts(QJsonObject()).size();
    setBadge(firing > 0 ? QString::number(firing) : QString(), Tone::Bad);
    markUpdated(m_model->evaluatedAt());
    if (firing > 0)
        m_chip->setStatus(Tone::Bad, tr("%n alert(s) firing", nullptr, firing));
    else if (nothingMeasured)
        m_chip->setStatus(Tone::Muted, tr("No data"));
    else
        m_chip->setStatus(silenced > 0 ? Tone::Warning : Tone::Good, silenced > 0 ? tr("Silenced") : tr("No alerts"));
    QString text = tr("Evaluated at %1").arg(m_model->evaluatedAt().toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    if (silenced > 0)
        text += tr(" · %n silenced", nullptr, silenced);
    m_summary->setText(text);
    QStringList names;
    for (const QString &id : missing)
        names << AlertsModel::alertName(id);
    m_noData->setText(names.isEmpty() ? QString() : tr("Not evaluated for lack of data: %1.").arg(names.join(QStringLiteral(", "))));
    if (const QStringList problems = m_monitor.checkProblems(); !problems.isEmpty())
        messageBar()->showMessage(tr("Some checks could not measure: %1").arg(problems.join(QStringLiteral("; "))),
                                  MessageBar::Severity::Warning);
}

Thresholds AlertsPage::editedThresholds() const
{
    Thresholds t;
    t.errorRatePercent = m_errorRate->value();
    t.p95Ms = m_p95->value();
    t.costPerDayUsd = m_cost->value();
    t.failedWorkflows24h = m_failedWorkflows->value();
    t.dbConnectionsPercent = m_dbConnections->value();
    return t;
}

void AlertsPage::setEditedThresholds(const Thresholds &t)
{
    m_errorRate->setValue(t.errorRatePercent);
    m_p95->setValue(t.p95Ms);
    m_cost->setValue(t.costPerDayUsd);
    m_failedWorkflows->setValue(t.failedWorkflows24h);
    m_dbConnections->setValue(t.dbConnectionsPercent);
}

void AlertsPage::saveThresholds()
{
    const bool demo = m_context.profile().demo;
    if (Status s = m_monitor.setThresholds(editedThresholds()); !s)
        return messageBar()->showMessage(s.error().message, MessageBar::Severity::Warning);
    messageBar()->showMessage(demo ? tr("Thresholds apply to this demo session.")
                                   : tr("Thresholds saved in profile \"%1\".").arg(m_context.profile().name),
                              MessageBar::Severity::Success);
}

void AlertsPage::profileChanged()
{
    setEditedThresholds(m_context.profile().thresholds);
    if (isVisible() && !m_monitor.isEvaluated() && !m_monitor.isEvaluating())
        refresh();
}

QString AlertsPage::selectedAlertId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->row(current.row()).alert.id : QString();
}

QString AlertsPage::quickFixFor(const QString &alertId)
{
    if (alertId == QLatin1String("error-rate"))
        return QStringLiteral("error-rate");
    if (alertId == QLatin1String("p95"))
        return QStringLiteral("slow-responses");
    return {};
}

void AlertsPage::openSelectedPage()
{
    if (const QString page = alertPageId(selectedAlertId()); !page.isEmpty())
        Q_EMIT openPageRequested(page);
}

void AlertsPage::quickFixSelected()
{
    if (const QString fix = quickFixFor(selectedAlertId()); !fix.isEmpty())
        Q_EMIT quickFixRequested(fix);
}

void AlertsPage::silenceSelected()
{
    const QString id = selectedAlertId();
    if (id.isEmpty()) {
        messageBar()->showMessage(tr("Select an alert to silence."), MessageBar::Severity::Info);
        return;
    }
    silence(id, m_silenceFor->currentData().toInt());
}

void AlertsPage::silence(const QString &alertId, int hours)
{
    if (Status s = m_monitor.silence(alertId, hours); !s)
        return messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
    const QDateTime until = m_context.clock().nowUtc().addSecs(qint64(hours) * 3600);
    messageBar()->showMessage(tr("%1 silenced until %2.")
                                  .arg(AlertsModel::alertName(alertId),
                                       until.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                              MessageBar::Severity::Info);
}

void AlertsPage::unsilence(const QString &alertId)
{
    if (Status s = m_monitor.unsilence(alertId); !s)
        return messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
    messageBar()->showMessage(tr("%1 is no longer silenced.").arg(AlertsModel::alertName(alertId)),
                              MessageBar::Severity::Info);
}

void AlertsPage::reloadSilences()
{
    auto silences = m_monitor.silences();
    m_model->setSilences(silences.valueOr({}), m_context.clock().nowUtc());
    updateSummary();
}

} // namespace opsdeck
