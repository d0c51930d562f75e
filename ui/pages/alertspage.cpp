#include "alertspage.h"

#include "alertsilencestore.h"
#include "alertsmodel.h"
#include "appcontext.h"
#include "config/profile.h"
#include "core/clock.h"
#include "messagebar.h"
#include "providerfactory.h"
#include "runbook/checkliststore.h"
#include "runbook/checkrunner.h"
#include "runbook/runbook.h"
#include "store/auditlog.h"
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
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

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

AlertsPage::AlertsPage(AppContext &context, QWidget *parent)
    : Page(QStringLiteral("alerts"), tr("Alerts"),
           parent ? parent->style()->standardIcon(QStyle::SP_MessageBoxCritical) : QIcon(), parent),
      m_context(context), m_providers(std::make_unique<ProviderFactory>(context)),
      m_silences(std::make_unique<AlertSilenceStore>(context.store())), m_model(new AlertsModel(this)),
      m_runner(new CheckRunner(this)), m_startup(new QTimer(this)), m_periodic(new QTimer(this))
{
    auto *bar = new QHBoxLayout;
    m_chip = new StatusChip(this);
    m_chip->setObjectName(QStringLiteral("alertsChip"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("alertsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_reload = new QPushButton(tr("Evaluate now"), this);
    m_reload->setObjectName(QStringLiteral("evaluateAlerts"));
    bar->addWidget(m_chip);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_reload);
    contentLayout()->addLayout(bar);

    auto *row = new QHBoxLayout;
    row->addWidget(buildThresholds());
    row->addWidget(buildAlertList(), 1);
    contentLayout()->addLayout(row, 1);

    connect(m_reload, &QPushButton::clicked, this, &AlertsPage::refresh);
    connect(m_runner, &CheckRunner::finished, this, &AlertsPage::checksFinished);
    connect(&m_context, &AppContext::profileChanged, this, &AlertsPage::profileChanged);
    m_startup->setSingleShot(true);
    m_startup->setInterval(kStartupDelayMs);
    connect(m_startup, &QTimer::timeout, this, &AlertsPage::refresh);
    m_periodic->setInterval(kReevaluateMs);
    connect(m_periodic, &QTimer::timeout, this, &AlertsPage::refresh);

    setEditedThresholds(m_context.profile().thresholds);
    m_chip->setStatus(Tone::Muted, tr("Not evaluated"));
    updateSummary();
    setReady(false);
    // Notifications matter even if nobody opens this page: evaluate soon after start-up.
    if (m_context.hasProfile() || m_context.isDemo())
        m_startup->start();
}

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
    for (int column : {AlertsModel::Since, AlertsModel::Name, AlertsModel::Value, AlertsModel::Threshold, AlertsModel::Silenced})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AlertsModel::Why, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);
    m_noData = new QLabel(wrap);
    m_noData->setObjectName(QStringLiteral("alertsNoData"));
    m_noData->setTextFormat(Qt::PlainText);
    m_noData->setWordWrap(true);
    layout->addWidget(m_noData);

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
    if (!m_evaluated && !m_evaluating)
        refresh();
}

void AlertsPage::refresh()
{
    m_startup->stop();
    m_periodic->start();  // the next automatic evaluation counts from now
    const Profile profile = m_context.profile();
    auto runbook = loadRunbook(profile.runbookFile);
    if (!runbook) {
        messageBar()->showMessage(tr("Cannot evaluate the alerts: %1").arg(runbook.error().message),
                                  MessageBar::Severity::Error);
        setReady(true);
        return;
    }
    QList<RunbookItem> checks;
    for (const RunbookList &list : runbook->lists)
        if (list.cadence == Cadence::Daily)
            for (const RunbookItem &item : list.items)
                if (item.kind == ItemKind::Check)
                    checks.append(item);
    m_hasAlertsItem = std::any_of(checks.begin(), checks.end(), [](const RunbookItem &i) { return i.check == QLatin1String("alerts"); });
    CheckEnv env;
    env.providers = m_providers.get();
    env.profile = profile;
    env.clock = &m_context.clock();
    ChecklistStore records(m_context.store(), m_context.audit(), m_context.clock());
    if (auto samples = records.samples(QStringLiteral("health.latencyMs"), QString(), m_context.clock().nowUtc().addDays(-1)))
        for (const auto &s : samples.value())
            env.recentHealthLatenciesMs.append(s.second);
    m_evaluating = true;
    m_reload->setEnabled(false);
    m_chip->setStatus(Tone::Muted, tr("Evaluating…"));
    m_runner->run(env, checks);
}

void AlertsPage::checksFinished()
{
    m_evaluating = false;
    m_evaluated = true;
    m_reload->setEnabled(true);
    m_metrics = m_runner->metrics();
    m_checkProblems.clear();
    for (const CheckResult &r : m_runner->results())
        if (r.status == CheckStatus::Error || r.status == CheckStatus::Skipped)
            m_checkProblems << r.itemId + QStringLiteral(": ") + r.evidence;
    // The runner evaluates the alerts when the list has its "alerts" item; a custom runbook may not.
    const QList<Alert> alerts = m_hasAlertsItem ? m_runner->alerts() : evaluateAlerts(m_context.profile().thresholds, m_metrics);
    showAlerts(alerts, m_context.clock().nowUtc());
}

void AlertsPage::showAlerts(const QList<opsdeck::Alert> &alerts, const QDateTime &at)
{
    auto silences = m_silences->load();
    if (!silences)
        messageBar()->showMessage(silences.error().message, MessageBar::Severity::Warning);
    const QList<Alert> fired = m_model->setAlerts(alerts, at, silences.valueOr({}));
    for (const Alert &a : fired)
        Q_EMIT alertFired(tr("OpsDeck alert: %1").arg(AlertsModel::alertName(a.id)), a.message);
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
    const int silenced = m_model->rowCount() - firing;
    if (firing > 0)
        m_chip->setStatus(Tone::Bad, tr("%n alert(s) firing", nullptr, firing));
    else
        m_chip->setStatus(silenced > 0 ? Tone::Warning : Tone::Good, silenced > 0 ? tr("Silenced") : tr("No alerts"));
    QString text = tr("Evaluated at %1").arg(m_model->evaluatedAt().toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    if (silenced > 0)
        text += tr(" · %n silenced", nullptr, silenced);
    m_summary->setText(text);
    const QStringList missing = unevaluatedAlerts(m_metrics);
    QStringList names;
    for (const QString &id : missing)
        names << AlertsModel::alertName(id);
    m_noData->setText(names.isEmpty() ? QString() : tr("Not evaluated for lack of data: %1.").arg(names.join(QStringLiteral(", "))));
    if (!m_checkProblems.isEmpty())
        messageBar()->showMessage(tr("Some checks could not measure: %1").arg(m_checkProblems.join(QStringLiteral("; "))),
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
    Profile profile = m_context.profile();
    if (profile.name.isEmpty()) {
        messageBar()->showMessage(tr("Create a profile first: thresholds are stored per profile."), MessageBar::Severity::Warning);
        return;
    }
    profile.thresholds = editedThresholds();
    // The demo profile is rebuilt at every start (its sandbox ports change): it is not stored.
    if (!profile.demo)
        m_context.profiles().save(profile);
    if (!m_metrics.isEmpty())
        showAlerts(evaluateAlerts(profile.thresholds, m_metrics), m_context.clock().nowUtc());
    messageBar()->showMessage(profile.demo ? tr("Thresholds apply to this demo session.")
                                           : tr("Thresholds saved in profile \"%1\".").arg(profile.name),
                              MessageBar::Severity::Success);
    m_context.setProfile(profile);  // every page sees them; this one evaluates again
}

void AlertsPage::profileChanged()
{
    setEditedThresholds(m_context.profile().thresholds);
    if (isVisible() || m_evaluated)
        refresh();
}

QString AlertsPage::selectedAlertId() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->row(current.row()).alert.id : QString();
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
    const QDateTime now = m_context.clock().nowUtc();
    const QDateTime until = now.addSecs(qint64(hours) * 3600);
    if (Status s = m_silences->silence(alertId, until, now); !s) {
        messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
        return;
    }
    (void)m_context.audit().append(QStringLiteral("alert.silence"), alertId,
                                   QJsonObject{{QStringLiteral("until"), until.toString(Qt::ISODate)},
                                               {QStringLiteral("hours"), hours}});
    reloadSilences();
    messageBar()->showMessage(tr("%1 silenced until %2.")
                                  .arg(AlertsModel::alertName(alertId),
                                       until.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                              MessageBar::Severity::Info);
}

void AlertsPage::unsilence(const QString &alertId)
{
    if (Status s = m_silences->clear(alertId); !s) {
        messageBar()->showMessage(s.error().toString(), MessageBar::Severity::Error);
        return;
    }
    reloadSilences();
    messageBar()->showMessage(tr("%1 is no longer silenced.").arg(AlertsModel::alertName(alertId)),
                              MessageBar::Severity::Info);
}

void AlertsPage::reloadSilences()
{
    auto silences = m_silences->load();
    m_model->setSilences(silences.valueOr({}), m_context.clock().nowUtc());
    updateSummary();
}

} // namespace opsdeck
