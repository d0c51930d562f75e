#include "sandbox/sandboxworld.h"

#include "sandbox/sandbox.h"
#include "sandbox/sandboxseeder.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>

namespace opsdeck {

namespace {

constexpr qint64 kMaxSecretBytes = 48 * 1024;

quint64 splitMix(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

SandboxWorld::SandboxWorld(quint64 seed, const QDateTime &now)
    : m_seed(seed)
    , m_startMs(now.toUTC().toMSecsSinceEpoch() / 1000 * 1000)
    , m_healthState(seed ^ 0x4EA174ULL)
{
    const SandboxSeeder seeder(seed, m_startMs);
    m_deployments = seeder.deployments();
    for (const SandboxDeployment &d : std::as_const(m_deployments)) {
        if (d.production && d.state == QLatin1String("READY")) {
            m_productionId = d.uid;
            break;
        }
    }
    m_logs = seeder.runtimeLogs();
    m_logsDeploymentId = m_productionId;
    m_runs = seeder.runs();
    m_secrets = seeder.secrets();
    m_pulls = seeder.pullRequests();
    m_alerts = seeder.alerts();
    m_apiKeys = seeder.apiKeys();
    m_envVars = seeder.envVars();
    m_costs.generate(seed, QDateTime::fromMSecsSinceEpoch(m_startMs, Qt::UTC));

    // GitHub's secrets key pair. Random on purpose: only the sandbox can open what a client seals.
    if (sodium_init() < 0)
        qFatal("libsodium could not be initialised");
    m_publicKey.resize(crypto_box_PUBLICKEYBYTES);
    m_secretKey.resize(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(reinterpret_cast<unsigned char *>(m_publicKey.data()),
                       reinterpret_cast<unsigned char *>(m_secretKey.data()));
    quint64 keyState = seed ^ 0x5EC4E7ULL;
    m_keyId = QString::number(splitMix(keyState) % 1'000'000'000'000'000'000ULL);

    // The credentials the demo starts with, and the product's runtime keys in the providers' lists.
    m_keyState = seed ^ 0x6B65790ULL;
    m_tokens[QStringLiteral("vercel-token")].insert(QByteArray(Sandbox::kVercelToken));
    m_tokens[QStringLiteral("github-token")].insert(QByteArray(Sandbox::kGithubToken));
    m_tokens[QStringLiteral("anthropic-admin-key")].insert(QByteArray(Sandbox::kAnthropicKey));
    const qint64 seededAt = m_startMs - 120 * 86'400'000LL;
    const auto openaiKey = [&](const char *id, const char *name, const QString &project, const QByteArray &value) {
        SandboxOpenAiKey k{QString::fromLatin1(id), QString::fromLatin1(name), project, seededAt, value, {}};
        k.redacted = value.isEmpty() ? QStringLiteral("sk-proj-Xq...9fQa") : openAiRedacted(value);
        m_openaiKeys.append(k);
    };
    openaiKey("key_demo_admin", "opsdeck-costs", {}, QByteArray(Sandbox::kOpenAiKey));
    openaiKey("key_demo_web_backend", "web-backend", QString::fromLatin1(kOpenAiProjectId), QByteArray(Sandbox::kOpenAiApiKey));
    openaiKey("key_demo_web_preview", "web-preview", QString::fromLatin1(kOpenAiProjectId), {});
    openaiKey("key_demo_batch_jobs", "batch-jobs", QStringLiteral("proj_demo_jobs"), {});
    // The runtime key the web backend uses is one of the listed Anthropic keys.
    for (SandboxApiKey &k : m_apiKeys) {
        if (k.name == QLatin1String("web-backend")) {
            k.value = QByteArray(Sandbox::kAnthropicApiKey);
            k.hint = anthropicHint(k.value);
        }
    }
}

QString SandboxWorld::openAiRedacted(const QByteArray &value)
{
    return QString::fromLatin1(value.left(11)) + QStringLiteral("...") + QString::fromLatin1(value.right(4));
}

QString SandboxWorld::anthropicHint(const QByteArray &value)
{
    return QString::fromLatin1(value.left(16)) + QStringLiteral("...") + QString::fromLatin1(value.right(4));
}

QByteArray SandboxWorld::issueKey(const QString &kind, qint64 nowMs, const QString &name)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray random;
    for (int i = 0; i < 40; ++i)
        random.append(alphabet[splitMix(m_keyState) % (sizeof alphabet - 1)]);
    const QString label = name.isEmpty() ? QStringLiteral("rotated-%1").arg(nowMs / 1000) : name;
    if (kind == QLatin1String("openai-admin-key") || kind == QLatin1String("openai-api-key")) {
        const bool admin = kind == QLatin1String("openai-admin-key");
        const QByteArray value = (admin ? QByteArrayLiteral("sk-admin-") : QByteArrayLiteral("sk-proj-")) + random;
        SandboxOpenAiKey k{QStringLiteral("key_") + QString::fromLatin1(random.left(16)), label,
                           admin ? QString() : QString::fromLatin1(kOpenAiProjectId), nowMs, value, openAiRedacted(value)};
        m_openaiKeys.append(k);
        return value;
    }
    if (kind == QLatin1String("anthropic-api-key")) {
        const QByteArray value = QByteArrayLiteral("sk-ant-api03-") + random + QByteArrayLiteral("AA");
        SandboxApiKey k;
        k.id = QStringLiteral("apikey_01") + QString::fromLatin1(random.left(20));
        k.name = label;
        k.status = QStringLiteral("active");
        k.createdAt = nowMs / 1000 * 1000;
        k.createdBy = QStringLiteral("user_01SandboxAdmin000000000");
        k.hint = anthropicHint(value);
        k.value = value;
        m_apiKeys.append(k);
        return value;
    }
    const QByteArray prefix = kind == QLatin1String("github-token")          ? QByteArrayLiteral("github_pat_")
                              : kind == QLatin1String("anthropic-admin-key") ? QByteArrayLiteral("sk-ant-admin01-")
                                                                              : QByteArrayLiteral("vercel_");
    const QByteArray value = prefix + random;
    m_tokens[kind].insert(value);
    return value;
}

bool SandboxWorld::acceptsKey(const QString &kind, const QByteArray &value) const
{
    if (value.isEmpty())
        return false;
    if (kind == QLatin1String("openai-admin-key") || kind == QLatin1String("openai-api-key")) {
        const bool admin = kind == QLatin1String("openai-admin-key");
        return std::any_of(m_openaiKeys.begin(), m_openaiKeys.end(), [&](const SandboxOpenAiKey &k) {
            return k.value == value && k.projectId.isEmpty() == admin;
        });
    }
    if (kind == QLatin1String("anthropic-api-key")) {
        return std::any_of(m_apiKeys.begin(), m_apiKeys.end(), [&](const SandboxApiKey &k) {
            return k.value == value && k.status == QLatin1String("active");
        });
    }
    return m_tokens.value(kind).contains(value);
}

bool SandboxWorld::deleteOpenAiKey(const QString &projectId, const QString &id)
{
    for (qsizetype i = 0; i < m_openaiKeys.size(); ++i) {
        if (m_openaiKeys[i].id == id && m_openaiKeys[i].projectId == projectId) {
            m_openaiKeys.removeAt(i);
            return true;
        }
    }
    return false;
}

SandboxWorld::~SandboxWorld()
{
    sodium_memzero(m_secretKey.data(), static_cast<size_t>(m_secretKey.size()));
    for (SandboxSecret &s : m_secrets)
        sodium_memzero(s.plaintext.data(), static_cast<size_t>(s.plaintext.size()));
}

const SandboxDeployment *SandboxWorld::deployment(const QString &idOrUrl) const
{
    QString key = idOrUrl;
    if (key.startsWith(QLatin1String("https://")))
        key = key.mid(8);
    for (const SandboxDeployment &d : m_deployments) {
        if (d.uid == key || d.url == key || aliasesOf(d.uid).contains(key))
            return &d;
    }
    return nullptr;
}

QStringList SandboxWorld::aliasesOf(const QString &deploymentId) const
{
    if (deploymentId == m_productionId) {
        return {QString::fromLatin1(kProductionDomain), QStringLiteral("web-acme.vercel.app"),
                QStringLiteral("web-git-main-acme.vercel.app")};
    }
    for (const SandboxDeployment &d : m_deployments) {
        if (d.uid == deploymentId && !d.production && d.state == QLatin1String("READY")) {
            QString branch = d.ref;
            branch.replace(QLatin1Char('/'), QLatin1Char('-'));
            return {QStringLiteral("web-git-%1-acme.vercel.app").arg(branch)};
        }
    }
    return {};
}

void SandboxWorld::startAliasRequest(const QString &type, const QString &deploymentId, qint64 nowMs)
{
    SandboxAliasRequest request;
    request.type = type;
    request.toDeploymentId = deploymentId;
    request.fromDeploymentId = m_productionId;
    request.requestedAt = nowMs;
    request.jobStatus = QStringLiteral("pending");
    request.willFail = m_nextAliasFails;
    m_nextAliasFails = false;
    m_aliasRequest = request;
}

void SandboxWorld::advanceAliasRequest(qint64 nowMs, bool poll)
{
    if (!m_aliasRequest)
        return;
    SandboxAliasRequest &r = *m_aliasRequest;
    if (r.jobStatus != QLatin1String("pending") && r.jobStatus != QLatin1String("in-progress"))
        return;
    if (poll)
        ++r.polls;
    // Progress after the 2nd and 4th status poll, or after 3 s and 6 s, whichever comes first.
    const qint64 elapsed = nowMs - r.requestedAt;
    const int byPolls = r.polls >= 4 ? 2 : (r.polls >= 2 ? 1 : 0);
    const int byTime = elapsed >= 6000 ? 2 : (elapsed >= 3000 ? 1 : 0);
    const int stage = std::max(byPolls, byTime);
    if (stage == 1) {
        r.jobStatus = QStringLiteral("in-progress");
    } else if (stage == 2) {
        r.jobStatus = r.willFail ? QStringLiteral("failed") : QStringLiteral("succeeded");
        if (!r.willFail)
            setProduction(r.toDeploymentId);
    }
}

void SandboxWorld::setProduction(const QString &deploymentId)
{
    m_productionId = deploymentId;
    for (SandboxDeployment &d : m_deployments) {
        if (d.uid == deploymentId)
            d.promoted = true;
        d.rollbackCandidate = d.production && d.state == QLatin1String("READY") && d.uid != m_productionId;
    }
}

const SandboxRun *SandboxWorld::run(qint64 id) const
{
    for (const SandboxRun &r : m_runs) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

void SandboxWorld::rerun(qint64 id, qint64 nowMs)
{
    for (SandboxRun &r : m_runs) {
        if (r.id != id)
            continue;
        ++r.runAttempt;
        r.status = QStringLiteral("queued");
        r.conclusion.clear();
        r.updatedAt = r.runStartedAt = nowMs / 1000 * 1000;
        r.ticks = 0;
        r.rerunAt = nowMs;
    }
}

void SandboxWorld::cancelRun(qint64 id, qint64 nowMs)
{
    for (SandboxRun &r : m_runs) {
        if (r.id != id)
            continue;
        r.status = QStringLiteral("completed");
        r.conclusion = QStringLiteral("cancelled");
        r.updatedAt = std::max(r.updatedAt + 1000, nowMs / 1000 * 1000);
        r.rerunAt = 0;
    }
}

void SandboxWorld::advanceRuns(qint64 nowMs, bool poll)
{
    for (SandboxRun &r : m_runs) {
        if (r.rerunAt == 0)
            continue;
        if (poll)
            ++r.ticks;
        // queued -> in_progress at the 2nd poll or after 2 s; completed at the 4th poll or after 5 s.
        const qint64 elapsed = nowMs - r.rerunAt;
        const int byTicks = r.ticks >= 4 ? 2 : (r.ticks >= 2 ? 1 : 0);
        const int byTime = elapsed >= 5000 ? 2 : (elapsed >= 2000 ? 1 : 0);
        const int stage = std::max(byTicks, byTime);
        const QString status = stage == 2 ? QStringLiteral("completed")
                                          : (stage == 1 ? QStringLiteral("in_progress") : QStringLiteral("queued"));
        if (status != r.status) {
            r.status = status;
            r.updatedAt = std::max(r.updatedAt + 1000, nowMs / 1000 * 1000);
        }
        if (stage == 2) {
            r.conclusion = QStringLiteral("success");
            r.rerunAt = 0;
        }
    }
}

SandboxWorld::SecretWrite SandboxWorld::putSecret(const QString &name, const QByteArray &encryptedBase64,
                                                  const QString &keyId, qint64 nowMs)
{
    if (keyId != m_keyId)
        return SecretWrite::WrongKeyId;
    const auto decoded = QByteArray::fromBase64Encoding(encryptedBase64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < static_cast<qsizetype>(crypto_box_SEALBYTES))
        return SecretWrite::Undecryptable;
    const QByteArray &sealed = decoded.decoded;
    QByteArray plain(sealed.size() - static_cast<qsizetype>(crypto_box_SEALBYTES), Qt::Uninitialized);
    if (plain.size() > kMaxSecretBytes)
        return SecretWrite::TooLarge;
    if (crypto_box_seal_open(reinterpret_cast<unsigned char *>(plain.data()),
                             reinterpret_cast<const unsigned char *>(sealed.constData()),
                             static_cast<unsigned long long>(sealed.size()),
                             reinterpret_cast<const unsigned char *>(m_publicKey.constData()),
                             reinterpret_cast<const unsigned char *>(m_secretKey.constData()))
        != 0) {
        return SecretWrite::Undecryptable;
    }
    const QString upper = name.toUpper();
    const qint64 now = nowMs / 1000 * 1000;
    for (SandboxSecret &s : m_secrets) {
        if (s.name == upper) {
            sodium_memzero(s.plaintext.data(), static_cast<size_t>(s.plaintext.size()));
            s.plaintext = plain;
            s.hasPlaintext = true;
            s.updatedAt = std::max(now, s.updatedAt + 1000);  // every rotation is visible
            return SecretWrite::Updated;
        }
    }
    SandboxSecret s;
    s.name = upper;
    s.createdAt = s.updatedAt = now;
    s.plaintext = plain;
    s.hasPlaintext = true;
    const auto at = std::lower_bound(m_secrets.begin(), m_secrets.end(), upper,
                                     [](const SandboxSecret &a, const QString &n) { return a.name < n; });
    m_secrets.insert(at, s);
    return SecretWrite::Created;
}

bool SandboxWorld::deleteSecret(const QString &name)
{
    const QString upper = name.toUpper();
    for (qsizetype i = 0; i < m_secrets.size(); ++i) {
        if (m_secrets.at(i).name == upper) {
            sodium_memzero(m_secrets[i].plaintext.data(), static_cast<size_t>(m_secrets[i].plaintext.size()));
            m_secrets.removeAt(i);
            return true;
        }
    }
    return false;
}

std::optional<QByteArray> SandboxWorld::decryptedSecret(const QString &name) const
{
    const QString upper = name.toUpper();
    for (const SandboxSecret &s : m_secrets) {
        if (s.name == upper && s.hasPlaintext)
            return s.plaintext;
    }
    return std::nullopt;
}

const SandboxPullRequest &SandboxWorld::addPullRequest(SandboxPullRequest pr)
{
    int number = 0;
    for (const SandboxPullRequest &p : m_pulls)
        number = std::max(number, p.number);
    pr.number = number + 1;
    m_pulls.append(pr);
    return m_pulls.last();
}

SandboxApiKey *SandboxWorld::apiKey(const QString &id)
{
    for (SandboxApiKey &k : m_apiKeys) {
        if (k.id == id)
            return &k;
    }
    return nullptr;
}

QList<std::pair<QDateTime, int>> SandboxWorld::healthHistory(const QDateTime &until, int days, int intervalMinutes) const
{
    QList<std::pair<QDateTime, int>> out;
    quint64 state = m_seed ^ 0x4EA1749157ULL;
    const qint64 step = qint64(intervalMinutes) * 60;
    const QDateTime end = until.toUTC();
    const QDateTime start = end.addSecs(-qint64(days) * 86'400);
    // The outage: three probes in a row, two days before, in the afternoon.
    const QDateTime outage = QDateTime(end.date().addDays(-2), QTime(14, 5), Qt::UTC);
    for (QDateTime at = start.addSecs(step); at < end; at = at.addSecs(step)) {
        if (at >= outage && at < outage.addSecs(3 * step)) {
            out.append({at, -1});
            continue;
        }
        const double hour = at.time().hour() + at.time().minute() / 60.0;
        const double load = 0.5 + 0.5 * std::sin((hour - 9.0) / 24.0 * 2 * M_PI);  // highest around 15:00 UTC
        int ms = 45 + int(70 * load) + int(splitMix(state) % 40);
        if (splitMix(state) % 100 < 2)
            ms *= 3 + int(splitMix(state) % 5);  // a slow one now and then
        out.append({at, ms});
    }
    return out;
}

int SandboxWorld::nextHealthLatencyMs()
{
    return 20 + static_cast<int>(splitMix(m_healthState) % 181);
}

} // namespace opsdeck
