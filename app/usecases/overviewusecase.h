#pragma once

#include "core/job.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace opsdeck {

class AlertMonitor;
class BackupsUseCase;
class ChecklistUseCase;
class CredentialsUseCase;
class ProviderSource;
class Session;

enum class OverviewLevel { Unknown, Good, Warning, Bad };

// One card of the Overview: a headline figure, a line of detail, where it came from and how old it
// is. A source that fails keeps the card's last good value, marked stale with why.
struct OverviewCard {
    QString id;         // health, production, spend, ci, alerts, backups, credentials, checklist
    QString title;      // "Health", "Serving production", ...
    QString value;      // the headline: "All 2 up", "$41.20 of $50.00", "3 failed"
    QString detail;     // one line under it
    OverviewLevel level = OverviewLevel::Unknown;
    QString source;     // "Vercel API", "stored probes", "audit trail", ...
    QDateTime asOf;     // when the data was read or measured (invalid: unknown)
    QString pageId;     // the page the card opens
    bool stale = false; // the source failed now: this is the last good value
    QString problem;    // why it is stale, or why there is no value
};

// The console at a glance: each card from the use case that owns its data (the same figures the
// pages show), read in parallel; the providers are asked live, the rest comes from the store.
class OverviewUseCase
{
public:
    OverviewUseCase(Session &session, ProviderSource &providers, ChecklistUseCase &checklist,
                    CredentialsUseCase &credentials, BackupsUseCase &backups, AlertMonitor *alerts);

    // Every card, in display order. Never fails: a card whose source failed is stale or says why.
    Job<QList<OverviewCard>> *load(QObject *owner);

    static QStringList cardIds();

private:
    // The card as measured now, or the last good one marked stale when this one has a problem.
    OverviewCard remember(OverviewCard card);

    Session &m_session;
    ProviderSource &m_providers;
    ChecklistUseCase &m_checklist;
    CredentialsUseCase &m_credentials;
    BackupsUseCase &m_backups;
    AlertMonitor *m_alerts;
    QHash<QString, OverviewCard> m_lastGood;
};

} // namespace opsdeck
