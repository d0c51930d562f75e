#pragma once

#include "config/profile.h"
#include "core/job.h"
#include "core/result.h"

#include <QObject>
#include <QString>

#include <memory>

namespace opsdeck {

class AlertMonitor;
class AuditLog;
struct AuditKey;
class BackupsUseCase;
class Clock;
class CostsUseCase;
class LogsUseCase;
class DatabaseUseCase;
class CiUseCase;
class TroubleshootUseCase;
class ChecklistUseCase;
class TimelineUseCase;
class OverviewUseCase;
class CredentialResolver;
class CredentialsUseCase;
class RotationUseCase;
class DepsUseCase;
class ProviderClients;
class RollbackUseCase;
class Session;
class HttpClient;
class LogSink;
class ProfileStore;
class SecretIndex;
class SecretStore;
class Settings;
class Store;
class Sandbox;

struct AppOptions {
    QString profileName;       // empty: the default profile
    bool demo = false;         // start the sandbox and use the Demo profile
    bool applyEnvironment = false;  // CLI: environment overrides the profile; invalid profile values stop it
    QString settingsPath;      // empty: the user's settings file
    QString dataDir;           // empty: the user's app data folder
    quint64 sandboxSeed = 42;
    bool storePrepared = false;  // the GUI ran Store::prepare(storeFile()) on a worker thread already
    bool demoHistory = false;
    // A team's shared store (postgresql://user@host/db; OPSDECK_STORE for the CLI), empty: the local
    // file. Its password: OPSDECK_STORE_PASSWORD, or libpq's own (PGPASSWORD, ~/.pgpass).
    QString storeLocation;    // the GUI demo: a week of stored health probes, as a running monitor would have
};

// The composition root: builds the shared services, the session and one facade (use case) per
// domain once, and hands them to the front ends: the GUI's pages and the CLI's commands receive the
// facades they use. Nothing else constructs services (no singletons as wiring).
class AppContext : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppContext)
public:
    static Result<std::unique_ptr<AppContext>> create(const AppOptions &options, QObject *parent = nullptr);
    // The local store's file for these options (the demo has its own).
    static QString storeFile(const AppOptions &options);
    // This machine's signed head of a shared store's audit trail (a file in dataDir per store).
    static QString sharedAuditHeadFile(const QString &dataDir, const QString &storeLocation);
    ~AppContext() override;

    const AppOptions &options() const { return m_options; }
    Clock &clock();
    Settings &settings();
    ProfileStore &profiles();
    SecretStore &secrets();
    SecretIndex &secretIndex();
    Store &store();
    AuditLog &audit();
    // Loads the audit trail's signing key (OPSDECK_AUDIT_KEY, else the keychain's, made on first use)
    // and hands it to audit(). Entries appended before it arrives are written unsigned, marked so.
    Job<AuditKey> *unlockAudit(QObject *parent = nullptr);
    HttpClient &http();
    LogSink &log();
    Sandbox *sandbox();  // only in demo mode

    Session &session();
    CredentialResolver &credentials();
    ProviderClients &providers();
    CredentialsUseCase &credentialsUseCase();
    RotationUseCase &rotationUseCase();
    DepsUseCase &depsUseCase();
    BackupsUseCase &backups();
    RollbackUseCase &rollback();
    CostsUseCase &costs();
    LogsUseCase &logs();
    DatabaseUseCase &database();
    CiUseCase &ci();
    TroubleshootUseCase &troubleshoot();
    ChecklistUseCase &checklist();
    TimelineUseCase &timeline();
    OverviewUseCase &overview();
    AlertMonitor &alerts();

    bool isDemo() const { return m_options.demo; }
    bool hasProfile() const;
    const Profile &profile() const;
    void setProfile(const Profile &profile);  // switches the active profile (GUI)

    QString dataDir() const { return m_dataDir; }

    static QString demoProfileName() { return QStringLiteral("Demo"); }

Q_SIGNALS:
    void profileChanged();

private:
    explicit AppContext(const AppOptions &options, QObject *parent);
    Status init();
    Status startDemo();
    void seedDemoHistory(const QString &healthUrl);

    struct Parts;
    AppOptions m_options;
    std::unique_ptr<Parts> m_parts;
    QString m_dataDir;
};

} // namespace opsdeck
