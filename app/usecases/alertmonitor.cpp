#include "usecases/alertmonitor.h"

#include "alerts/alertsilencestore.h"
#include "backups/restoredrill.h"
#include "config/profile.h"
#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "runbook/checklistservice.h"
#include "runbook/checkrunner.h"
#include "runbook/runbook.h"
#include "store/auditlog.h"
#include "usecases/session.h"

#include <QTimer>


namespace opsdeck {

AlertMonitor::AlertMonitor(Session &session, ProviderSource &providers, QObject *parent)
    : QObject(parent), m_session(session), m_providers(providers),
      m_silences(std::make_unique<AlertSilenceStore>(session.store())), m_runner(new CheckRunner(this)),
      m_startup(new QTimer(this)), m_periodic(new QTimer(this))
{
    connect(m_runner, &CheckRunner::finished, this, &AlertMonitor::checksFinished);
    m_startup->setSingleShot(true);
    m_startup->setInterval(kStartupDelayMs);
    connect(m_startup, &QTimer::timeout, this, &AlertMonitor::evaluate);
    m_periodic->setInterval(kReevaluateMs);
    connect(m_periodic, &QTimer::timeout, this, &AlertMonitor::evaluate);
    connect(&m_session, &Session::profileChanged, this, [this] {
        if (isEvaluated() || m_evaluating)
            evaluate();
    });
}

AlertMonitor::~AlertMonitor() = default;

void AlertMonitor::start()
{
    // Notifications matter even if nobody opens the Alerts page.
    if (m_session.hasProfile() || m_session.isDemo())
        m_startup->start();
}

void AlertMonitor::evaluate()
{
    m_startup->stop();
    m_periodic->start();  // the next automatic evaluation counts from now
    const Profile profile = m_session.profile();
    auto runbook = loadRunbook(profile.runbookFile);
    if (!runbook) {
        Q_EMIT evaluationFailed(tr("Cannot evaluate the alerts: %1").arg(runbook.error().message));
        return;
    }
    QList<RunbookItem> checks;
    for (const RunbookList &list : runbook->lists)
        if (list.cadence == Cadence::Daily)
            for (const RunbookItem &item : list.items)
                if (item.kind == ItemKind::Check)
                    checks.append(item);
    ChecklistStore records(m_session.store(), m_session.audit(), m_session.clock());
    m_evaluating = true;
    Q_EMIT evaluationStarted();
    m_runner->run(ChecklistService::environment(m_providers, m_session.store(), records, m_session.clock(), profile), checks);
}

void AlertMonitor::checksFinished()
{
    m_evaluating = false;
    m_metrics = m_runner->metrics();
    m_checkProblems.clear();
    for (const CheckResult &r : m_runner->results())
        if (r.status == CheckStatus::Error || r.status == CheckStatus::Skipped)
            m_checkProblems << r.itemId + QStringLiteral(": ") + r.evidence;
    decide(m_session.profile().thresholds);
}

void AlertMonitor::decide(const Thresholds &thresholds)
{
    const Profile &profile = m_session.profile();
    // The thresholds decide on what the checks measured (also for a runbook without an "alerts" item).
    QList<Alert> alerts = evaluateAlerts(thresholds, m_metrics);
    const DrillStatus drill = DrillRecords(m_session.store(), profile.name).status(m_session.clock().nowUtc());
    if (drill.health == DrillHealth::Red)
        alerts.append(Alert{kRestoreTestAlert, drill.text, 0, 0});
    m_alerts = alerts;
    m_evaluatedAt = m_session.clock().nowUtc();

    const QList<AlertSilence> silences = m_silences->load().valueOr({});
    const QList<Alert> unsilenced = withoutSilenced(alerts, silences, m_evaluatedAt);
    QSet<QString> firing;
    for (const Alert &a : unsilenced) {
        firing.insert(a.id);
        if (!m_notified.contains(a.id))
            Q_EMIT alertFired(tr("OpsDeck alert: %1").arg(opsdeck::alertName(a.id)), a.message);
    }
    m_notified = firing;
    Q_EMIT evaluated();
}

QStringList AlertMonitor::unevaluated() const { return unevaluatedAlerts(m_metrics); }

Result<QList<AlertSilence>> AlertMonitor::silences() const { return m_silences->load(); }

Status AlertMonitor::silence(const QString &alertId, int hours)
{
    const QDateTime now = m_session.clock().nowUtc();
    const QDateTime until = now.addSecs(qint64(hours) * 3600);
    if (Status s = m_silences->silence(alertId, until, now); !s)
        return s;
    (void)m_session.audit().append(QStringLiteral("alert.silence"), alertId,
                                   QJsonObject{{QStringLiteral("until"), until.toString(Qt::ISODate)},
                                               {QStringLiteral("hours"), hours}});
    Q_EMIT silencesChanged();
    return {};
}

Status AlertMonitor::unsilence(const QString &alertId)
{
    if (Status s = m_silences->clear(alertId); !s)
        return s;
    Q_EMIT silencesChanged();
    return {};
}

Status AlertMonitor::setThresholds(const Thresholds &thresholds)
{
    Profile profile = m_session.profile();
    if (profile.name.isEmpty())
        return makeError(ErrorKind::Config, tr("Create a profile first: thresholds are stored per profile."));
    profile.thresholds = thresholds;
    // The demo profile is rebuilt at every start (its sandbox ports change): it is not stored.
    if (!profile.demo)
        m_session.profiles().save(profile);
    if (!m_metrics.isEmpty() && !m_evaluating)
        decide(thresholds);  // at once on the last measurements
    m_session.setProfile(profile);  // every page sees them; an evaluated monitor measures again
    return {};
}

} // namespace opsdeck
