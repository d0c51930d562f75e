#include "appcontext.h"

#include "config/settings.h"
#include "core/clock.h"
#include "core/logsink.h"
#include "net/httpclient.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"
#include "store/store.h"
#ifdef OPSDECK_HAVE_SANDBOX
#include "sandbox/sandbox.h"
#endif

#include <QCoreApplication>
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
    // The store and audit log close before the QObjects (sandbox, http) go.
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

    const QString dbFile = m_dataDir + (m_options.demo ? QStringLiteral("/opsdeck-demo.db") : QStringLiteral("/opsdeck.db"));
    p.store = std::make_unique<Store>(dbFile);
    if (Status s = p.store->open(); !s)
        return s;
    p.audit = std::make_unique<AuditLog>(*p.store, p.clock);

    if (m_options.demo)
        return startDemo();

    const QString name = m_options.profileName.isEmpty() ? p.profiles->defaultProfileName() : m_options.profileName;
    if (!name.isEmpty()) {
        if (!p.profiles->contains(name) && !m_options.profileName.isEmpty())
            return makeError(ErrorKind::Config, tr("No profile named \"%1\"").arg(name));
        m_profile = p.profiles->load(name);
    } else if (m_options.applyEnvironment) {
        m_profile.name = QStringLiteral("environment");
    }
    if (m_options.applyEnvironment)
        m_profile = applyEnvironment(m_profile, QProcessEnvironment::systemEnvironment());
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
    m_profile = p;
    m_parts->log->add(LogLevel::Info, QStringLiteral("demo"),
                      tr("Demo sandbox listening on %1").arg(m_parts->sandbox->baseUrl().toString()));
    return {};
#else
    return makeError(ErrorKind::Config, tr("This build has no demo sandbox"));
#endif
}

void AppContext::setProfile(const Profile &profile)
{
    m_profile = profile;
    Q_EMIT profileChanged();
}

Clock &AppContext::clock() { return m_parts->clock; }
Settings &AppContext::settings() { return *m_parts->settings; }
ProfileStore &AppContext::profiles() { return *m_parts->profiles; }
SecretStore &AppContext::secrets() { return *m_parts->secrets; }
SecretIndex &AppContext::secretIndex() { return *m_parts->secretIndex; }
Store &AppContext::store() { return *m_parts->store; }
AuditLog &AppContext::audit() { return *m_parts->audit; }
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
