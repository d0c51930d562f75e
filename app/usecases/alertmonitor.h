#pragma once

#include "alerts/alertengine.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

class QTimer;

namespace opsdeck {

class AlertSilenceStore;
class CheckRunner;
class ProviderSource;
class Session;

// The runbook's alerts for the active profile, evaluated soon after start-up and then every
// 15 minutes whether or not a page is open: the daily checks measure, the thresholds decide, and a
// failed restore test is an alert too. The Alerts page shows the state; the tray or the desktop's
// notification service listens to alertFired().
class AlertMonitor : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertMonitor)
public:
    static constexpr int kStartupDelayMs = 5'000;
    static constexpr int kReevaluateMs = 15 * 60'000;
    static inline const QString kRestoreTestAlert = QStringLiteral("restore-test");

    AlertMonitor(Session &session, ProviderSource &providers, QObject *parent = nullptr);
    ~AlertMonitor() override;

    // Arms the start-up evaluation (when there is a profile). Call once the front end is up.
    void start();
    void evaluate();

    bool isEvaluating() const { return m_evaluating; }
    bool isEvaluated() const { return m_evaluatedAt.isValid(); }
    QDateTime evaluatedAt() const { return m_evaluatedAt; }
    QList<Alert> alerts() const { return m_alerts; }
    QJsonObject metrics() const { return m_metrics; }          // what the last evaluation measured
    QStringList unevaluated() const;                           // alert ids without data
    QStringList checkProblems() const { return m_checkProblems; }

    Result<QList<AlertSilence>> silences() const;
    Status silence(const QString &alertId, int hours);  // audited
    Status unsilence(const QString &alertId);

    // Stores the thresholds in the profile (the demo's only for the session) and decides again on the
    // last measurements.
    Status setThresholds(const Thresholds &thresholds);

Q_SIGNALS:
    void evaluationStarted();
    void evaluated();
    void evaluationFailed(const QString &message);
    void silencesChanged();
    // An alert that starts to fire, unsilenced.
    void alertFired(const QString &title, const QString &message);

private:
    void checksFinished();
    void decide(const Thresholds &thresholds);

    Session &m_session;
    ProviderSource &m_providers;
    std::unique_ptr<AlertSilenceStore> m_silences;
    CheckRunner *m_runner;
    QTimer *m_startup;
    QTimer *m_periodic;
    QJsonObject m_metrics;
    QStringList m_checkProblems;
    QList<Alert> m_alerts;
    QSet<QString> m_notified;
    QDateTime m_evaluatedAt;
    bool m_evaluating = false;
};

} // namespace opsdeck
