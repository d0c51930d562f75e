#include "appcontext.h"

#include "config/settings.h"
#include "database/pgconnectioninfo.h"
#include "core/clock.h"
#include "core/logsink.h"
#include "net/httpclient.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "net/redactor.h"
#include "secrets/auditkey.h"
#include "providers/health/uptime.h"
#include "runbook/checkliststore.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "usecases/alertmonitor.h"
#include "usecases/backupsusecase.h"
#include "usecases/costsusecase.h"
#include "usecases/checklistusecase.h"
#include "usecases/ciusecase.h"
#include "usecases/databaseusecase.h"
#include "usecases/logsusecase.h"
#include "usecases/credentialresolver.h"
#include "usecases/credentialsusecase.h"
#include "usecases/overviewusecase.h"
#include "usecases/timelineusecase.h"
#include "usecases/troubleshootusecase.h"
#include "usecases/rotationusecase.h"
#include "usecases/depsusecase.h"
#include "usecases/providerclients.h"
#include "usecases/rollbackusecase.h"
#include "usecases/session.h"
#ifdef OPSDECK_HAVE_SANDBOX
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"

#include <QPointer>
#endif

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace opsdeck {

struct AppContext::Parts {
    SystemClock &clock = SystemClock::instance();
    std::unique_ptr<Settings> settings;
    std::unique_ptr<ProfileStore> profiles;
    std::unique_ptr<SecretIndex> secretIndex;
    SecretStore *secrets = nullptr;
    LogSink *log = nullptr;
    HttpClient *http = nullptr;
    std::unique_ptr<Store> store;
    std::unique_ptr<AuditLog> audit;
    Session *session = nullptr;
    std::unique_ptr<CredentialResolver> credentials;
    std::unique_ptr<ProviderClients> providers;
    std::unique_ptr<CredentialsUseCase> credentialsUseCase;
    std::unique_ptr<RotationUseCase> rotationUseCase;
    std::unique_ptr<DepsUseCase> depsUseCase;
    std::unique_ptr<BackupsUseCase> backups;
    std::unique_ptr<RollbackUseCase> rollback;
    std::unique_ptr<CostsUseCase> costs;
    std::unique_ptr<LogsUseCase> logs;
    std::unique_ptr<DatabaseUseCase> database;
    std::unique_ptr<CiUseCase> ci;
    std::unique_ptr<TroubleshootUseCase> troubleshoot;
    std::unique_ptr<ChecklistUseCase> checklist;
    std::unique_ptr<TimelineUseCase> timeline;
    std::unique_ptr<OverviewUseCase> overview;
    AlertMonitor *alerts = nullptr;
#ifdef OPSDECK_HAVE_SANDBOX
    Sandbox *sandbox = nullptr;
#endif
};

AppContext::AppContext(const AppOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_parts(std::make_unique<Parts>())
{
}

AppContext::~AppContext()
{
    // The facades go first, then the store and audit log close before the QObjects (sandbox, http) go.
    delete m_parts->alerts;
    m_parts->overview.reset();
    m_parts->timeline.reset();
    m_parts->checklist.reset();
    m_parts->troubleshoot.reset();
    m_parts->ci.reset();
    m_parts->database.reset();
    m_parts->logs.reset();
    m_parts->costs.reset();
    m_parts->rollback.reset();
    m_parts->backups.reset();
    m_parts->depsUseCase.reset();
    m_parts->rotationUseCase.reset();
    m_parts->credentialsUseCase.reset();
    m_parts->providers.reset();
    m_parts->credentials.reset();
    delete m_parts->session;
    m_parts->audit.reset();
    m_parts->store.reset();
}

Result<std::unique_ptr<AppContext>> AppContext::create(const AppOptions &options, QObject *parent)
{
    std::unique_ptr<AppContext> context(new AppContext(options, parent));
    if (Status s = context->init(); !s)
        return s.error();
    return context;
}

Status AppContext::init()
{
    Parts &p = *m_parts;
    p.log = new LogSink(this);
    p.settings = m_options.settingsPath.isEmpty() ? Settings::forUser() : Settings::atPath(m_options.settingsPath);
    p.profiles = std::make_unique<ProfileStore>(*p.settings);
    p.secretIndex = std::make_unique<SecretIndex>(*p.settings);
    p.secrets = new SecretStore(QStringLiteral("OpsDeck"), this);
    p.http = new HttpClient(p.clock, this);
    connect(p.http, &HttpClient::logLine, p.log,
            [log = p.log](const QString &line) { log->add(LogLevel::Debug, QStringLiteral("net"), line); });
    // Proxies come from the system (http_proxy, https_proxy, no_proxy); a company CA from here.
    const QString caBundle = qEnvironmentVariable("OPSDECK_CA_BUNDLE", p.settings->value(keys::caBundle));
    if (!caBundle.isEmpty()) {
        if (Status s = p.http->addCaCertificates(caBundle); !s)
            return s;
    }

    m_dataDir = m_options.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                            : m_options.dataDir;
    if (!QDir().mkpath(m_dataDir))
        return makeError(ErrorKind::Io, tr("Cannot create the data folder %1").arg(m_dataDir));

    if (!m_options.storeLocation.isEmpty() && !Store::isSharedLocation(m_options.storeLocation))
        return makeError(ErrorKind::Config, tr("A shared store is a PostgreSQL URL (postgresql://user@host:port/database), "
                                               "not \"%1\"").arg(PgConnectionInfo::withoutSecret(m_options.storeLocation)));
    // The demo keeps its own file whatever the environment says.
    const bool shared = !m_options.demo && Store::isSharedLocation(m_options.storeLocation);
    p.store = std::make_unique<Store>(shared ? m_options.storeLocation : storeFile(m_options));
    if (shared) {
        // The password from the environment (or libpq's PGPASSWORD, ~/.pgpass), never from settings.
        p.store->setPassword(qEnvironmentVariable("OPSDECK_STORE_PASSWORD").toUtf8());
    }
    if (Status s = p.store->open(m_options.storePrepared ? Store::Checks::Prepared : Store::Checks::Full); !s)
        return s;
    p.audit = std::make_unique<AuditLog>(*p.store, p.clock);
    // The signed head is this machine's anchor: a file beside the local store, or one per shared store
    // in the data folder.
    p.audit->setHeadFile(shared ? sharedAuditHeadFile(m_dataDir, m_options.storeLocation) : AuditLog::headFileFor(p.store->path()));

    p.session = new Session(SessionParts{p.clock, *p.settings, *p.profiles, *p.secrets, *p.secretIndex, *p.store,
                                         *p.audit, *p.http, *p.log},
                            m_options.demo, m_dataDir, this);
    connect(p.session, &Session::profileChanged, this, &AppContext::profileChanged);
    p.credentials = std::make_unique<CredentialResolver>(*p.session);
    p.providers = std::make_unique<ProviderClients>(*p.session, *p.credentials);
    p.credentialsUseCase = std::make_unique<CredentialsUseCase>(*p.session, *p.credentials, *p.providers);
    p.rotationUseCase = std::make_unique<RotationUseCase>(*p.session, *p.credentials, *p.providers);
    p.depsUseCase = std::make_unique<DepsUseCase>(*p.session, *p.credentials, *p.providers);
    p.backups = std::make_unique<BackupsUseCase>(*p.session, *p.credentials, *p.credentialsUseCase);
    p.rollback = std::make_unique<RollbackUseCase>(*p.session, *p.providers);
    p.costs = std::make_unique<CostsUseCase>(*p.session, *p.providers, *p.credentials);
    p.logs = std::make_unique<LogsUseCase>(*p.session);
    p.database = std::make_unique<DatabaseUseCase>(*p.session, *p.credentials);
    p.ci = std::make_unique<CiUseCase>(*p.session, *p.providers);
    p.troubleshoot = std::make_unique<TroubleshootUseCase>(*p.session, *p.providers, *p.credentialsUseCase);
    p.checklist = std::make_unique<ChecklistUseCase>(*p.session, *p.providers);
    p.timeline = std::make_unique<TimelineUseCase>(*p.session, *p.providers);
    p.alerts = new AlertMonitor(*p.session, *p.providers, this);
    p.overview = std::make_unique<OverviewUseCase>(*p.session, *p.providers, *p.checklist, *p.credentialsUseCase, *p.backups, p.alerts);

    if (m_options.demo)
        return startDemo();

    Profile profile;
    const QString name = m_options.profileName.isEmpty() ? p.profiles->defaultProfileName() : m_options.profileName;
    if (!name.isEmpty()) {
        if (!p.profiles->contains(name) && !m_options.profileName.isEmpty())
            return makeError(ErrorKind::Config, tr("No profile named \"%1\"").arg(name));
        profile = p.profiles->load(name);
        // A number the settings file spells wrong keeps its default. The CLI (cron) stops with the key
        // rather than run on a value nobody chose; the GUI starts, says so and shows the profile to fix.
        if (!profile.loadProblems.isEmpty()) {
            const QString problems = profile.loadProblems.join(QStringLiteral("; "));
            if (m_options.applyEnvironment)
                return makeError(ErrorKind::Config, tr("Profile \"%1\" has invalid values: %2").arg(name, problems));
            p.log->add(LogLevel::Warning, QStringLiteral("profile"),
                       tr("Profile \"%1\" has invalid values, their defaults are used: %2").arg(name, problems));
        }
    } else if (m_options.applyEnvironment) {
        profile.name = QStringLiteral("environment");
    }
    if (m_options.applyEnvironment)
        profile = applyEnvironment(profile, QProcessEnvironment::systemEnvironment());
    p.session->setProfile(profile);
    return {};
}

Status AppContext::startDemo()
{
#ifdef OPSDECK_HAVE_SANDBOX
    SandboxOptions so;
    so.seed = m_options.sandboxSeed;
    m_parts->sandbox = new Sandbox(so, this);
    auto started = m_parts->sandbox->start();
    if (!started)
        return started.error();
    Profile p;
    p.name = demoProfileName();
    p.demo = true;
    p.vercelApi = m_parts->sandbox->vercelApi();
    p.vercelProject = QStringLiteral("prj_demo_web");
    p.vercelTeam = QStringLiteral("team_demo");
    p.githubApi = m_parts->sandbox->githubApi();
    p.githubRepo = QStringLiteral("acme/web");
    p.openaiApi = m_parts->sandbox->openaiApi();
    p.anthropicApi = m_parts->sandbox->anthropicApi();
    p.healthUrls = {m_parts->sandbox->healthUrl().toString()};
    p.openaiProject = QString::fromLatin1(SandboxWorld::kOpenAiProjectId);
    m_parts->session->setDemoCredentials({{QStringLiteral("vercel-token"), Sandbox::kVercelToken},
                                          {QStringLiteral("github-token"), Sandbox::kGithubToken},
                                          {QStringLiteral("openai-admin-key"), Sandbox::kOpenAiKey},
                                          {QStringLiteral("anthropic-admin-key"), Sandbox::kAnthropicKey},
                                          {QStringLiteral("openai-api-key"), Sandbox::kOpenAiApiKey},
                                          {QStringLiteral("anthropic-api-key"), Sandbox::kAnthropicApiKey}});
    m_parts->session->setDemoKeyIssuer([sandbox = QPointer<Sandbox>(m_parts->sandbox)](const QString &credential) {
        return sandbox ? sandbox->issueKey(credential) : QByteArray();
    });
    m_parts->session->setProfile(p);
    if (m_options.demoHistory)
        seedDemoHistory(p.healthUrls.first());
    m_parts->log->add(LogLevel::Info, QStringLiteral("demo"),
                      tr("Demo sandbox listening on %1").arg(m_parts->sandbox->baseUrl().toString()));
    return {};
#else
    return makeError(ErrorKind::Config, tr("This build has no demo sandbox"));
#endif
}

void AppContext::seedDemoHistory(const QString &healthUrl)
{
#ifdef OPSDECK_HAVE_SANDBOX
    // The demo's own store: the sandbox's port, part of the URL, changes every run, so the week
    // before this one is written again for this run's URL and the earlier runs' URLs go.
    ChecklistStore records(store(), audit(), clock());
    QList<std::pair<QDateTime, double>> latency;
    QList<std::pair<QDateTime, double>> up;
    const QDateTime now = clock().nowUtc();
    for (const auto &[at, ms] : m_parts->sandbox->world().healthHistory(now.addSecs(-60), 7, 5)) {
        up.append({at, ms >= 0 ? 1.0 : 0.0});
        if (ms >= 0)
            latency.append({at, double(ms)});
    }
    Status s = records.removeSamplesExcept(kHealthLatencyMetric, healthUrl);
    if (s)
        s = records.removeSamplesExcept(kHealthUpMetric, healthUrl);
    if (s)
        s = records.addSamples(kHealthLatencyMetric, healthUrl, latency);
    if (s)
        s = records.addSamples(kHealthUpMetric, healthUrl, up);
    if (!s)
        m_parts->log->add(LogLevel::Warning, QStringLiteral("demo"),
                          tr("The demo's health history could not be written: %1").arg(s.error().message));
#else
    (void)healthUrl;
#endif
}

void AppContext::setProfile(const Profile &profile) { m_parts->session->setProfile(profile); }
bool AppContext::hasProfile() const { return m_parts->session->hasProfile(); }
const Profile &AppContext::profile() const { return m_parts->session->profile(); }
Session &AppContext::session() { return *m_parts->session; }
CredentialResolver &AppContext::credentials() { return *m_parts->credentials; }
ProviderClients &AppContext::providers() { return *m_parts->providers; }
CredentialsUseCase &AppContext::credentialsUseCase() { return *m_parts->credentialsUseCase; }
RotationUseCase &AppContext::rotationUseCase() { return *m_parts->rotationUseCase; }
DepsUseCase &AppContext::depsUseCase() { return *m_parts->depsUseCase; }
BackupsUseCase &AppContext::backups() { return *m_parts->backups; }
RollbackUseCase &AppContext::rollback() { return *m_parts->rollback; }
QString AppContext::sharedAuditHeadFile(const QString &dataDir, const QString &storeLocation)
{
    const QByteArray id = QCryptographicHash::hash(PgConnectionInfo::withoutSecret(storeLocation).toUtf8(), QCryptographicHash::Sha256);
    return dataDir + QStringLiteral("/shared-") + QString::fromLatin1(id.toHex().left(16)) + QStringLiteral(".audit-head");
}

QString AppContext::storeFile(const AppOptions &options)
{
    const QString dir = options.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                                  : options.dataDir;
    return dir + (options.demo ? QStringLiteral("/opsdeck-demo.db") : QStringLiteral("/opsdeck.db"));
}

CostsUseCase &AppContext::costs() { return *m_parts->costs; }
LogsUseCase &AppContext::logs() { return *m_parts->logs; }
DatabaseUseCase &AppContext::database() { return *m_parts->database; }
CiUseCase &AppContext::ci() { return *m_parts->ci; }
TroubleshootUseCase &AppContext::troubleshoot() { return *m_parts->troubleshoot; }
ChecklistUseCase &AppContext::checklist() { return *m_parts->checklist; }
TimelineUseCase &AppContext::timeline() { return *m_parts->timeline; }
OverviewUseCase &AppContext::overview() { return *m_parts->overview; }
AlertMonitor &AppContext::alerts() { return *m_parts->alerts; }

Clock &AppContext::clock() { return m_parts->clock; }
Settings &AppContext::settings() { return *m_parts->settings; }
ProfileStore &AppContext::profiles() { return *m_parts->profiles; }
SecretStore &AppContext::secrets() { return *m_parts->secrets; }
SecretIndex &AppContext::secretIndex() { return *m_parts->secretIndex; }
Store &AppContext::store() { return *m_parts->store; }
AuditLog &AppContext::audit() { return *m_parts->audit; }

Job<AuditKey> *AppContext::unlockAudit(QObject *parent)
{
    auto *job = loadAuditKey(*m_parts->secrets, QProcessEnvironment::systemEnvironment(), parent);
    job->onFinished(this, [this](const Result<AuditKey> &loaded) {
        if (!loaded || !m_parts->audit)
            return;
        if (!loaded.value().key.isEmpty())
            Redactor::global().addSecret(loaded.value().key);
        m_parts->audit->setKey(loaded.value().key, loaded.value().problem);
    });
    return job;
}
HttpClient &AppContext::http() { return *m_parts->http; }
LogSink &AppContext::log() { return *m_parts->log; }

Sandbox *AppContext::sandbox()
{
#ifdef OPSDECK_HAVE_SANDBOX
    return m_parts->sandbox;
#else
    return nullptr;
#endif
}

} // namespace opsdeck
