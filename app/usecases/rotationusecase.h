#pragma once

#include "core/job.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace opsdeck {

class CredentialResolver;
class ProviderClients;
class Session;

// One step of a rotation, as the CLI's --json and the wizard show it.
struct SecretRotationStep {
    QString step;  // validate, store, push, retire, audit
    bool ok = false;
    QString detail;
    bool warning = false;  // ok, but something the user must do by hand (an old key left active...)
};

struct SecretRotationRequest {
    QString credential;      // a rotatable credential's keychain name
    QByteArray newValue;     // the new value (database-password: empty with generate)
    bool generate = false;   // database-password: make a random one
    QString githubRepo;      // empty: the profile's repository
    QStringList secretNames; // empty: the profile's choice, else the credential's defaults
    bool noPush = false;     // push nowhere, whatever the profile says
    QString via;             // "gui", "cli": in the audit entries
    // Called on the caller's thread as each step ends (the wizard's live list).
    std::function<void(const SecretRotationStep &)> onStep;
};

struct SecretRotationPlanStep {
    QString step;
    QString detail;
};

struct SecretRotationPlan {
    QString credential;
    QString label;
    QString profile;
    QString repo;             // empty: nothing is pushed
    QStringList secretNames;
    QList<SecretRotationPlanStep> steps;
};

struct SecretRotationReport {
    QString credential;
    QList<SecretRotationStep> steps;  // the steps that ran, in order; a failed one is the last
    QString changed;            // what was changed, for people ("the keychain's value, VERCEL_TOKEN in acme/web")
    QString unchanged;          // what a failure left as it was
    bool ok() const
    {
        for (const SecretRotationStep &s : steps)
            if (!s.ok)
                return false;
        return !steps.isEmpty();
    }
};

// Credential rotation as one loop, the same for the wizard and `secrets rotate` (runbook M1):
// validate the new value with a live read-only call (the database: ALTER ROLE, then a fresh
// connection), store it in the keychain, push it sealed to the configured GitHub Actions secrets,
// retire the old one where the provider allows (an Anthropic key set inactive, an OpenAI key
// deleted, matched on both ends of its redacted form, never on a prefix), and write an audit entry
// with each step's outcome. A failed step stops the loop; a value that fails validation changes
// nothing at all. Values never reach the audit trail, a log or a report.
class RotationUseCase
{
public:
    RotationUseCase(Session &session, CredentialResolver &resolver, ProviderClients &providers);

    // What rotate() would do with request, for the confirmation; a Config error for a request that
    // cannot run (unknown or not rotatable credential, bad repository or secret name).
    Result<SecretRotationPlan> plan(const SecretRotationRequest &request) const;

    // The job fails only when the request cannot run at all (as plan()); otherwise its report says
    // which steps ran and how each went.
    Job<SecretRotationReport> *rotate(SecretRotationRequest request, QObject *owner);

private:
    Session &m_session;
    CredentialResolver &m_resolver;
    ProviderClients &m_providers;
};

} // namespace opsdeck
