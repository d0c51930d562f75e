#include "sandbox/sandboxseeder.h"

#include "sandbox/sandboxcosts.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxrandom.h"

#include <algorithm>
#include <set>

namespace opsdeck {

namespace {

using sandboxformat::kDayMs;
constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;

struct Person {
    const char *login;
    const char *name;
};
constexpr Person kPeople[] = {
    {"maria", "Maria Keller"}, {"jonas", "Jonas Berg"}, {"li-wei", "Li Wei"}, {"sam", "Sam Okafor"}};

const QStringList &commitMessages()
{
    static const QStringList messages = {
        QStringLiteral("fix login redirect"), QStringLiteral("add order export"),
        QStringLiteral("tune db pool size"), QStringLiteral("refactor checkout flow"),
        QStringLiteral("cache product list"), QStringLiteral("bump next to 15.2"),
        QStringLiteral("add rate limiting to /api/orders"), QStringLiteral("fix currency rounding"),
        QStringLiteral("move sessions to edge"), QStringLiteral("improve search relevance"),
        QStringLiteral("add health endpoint details"), QStringLiteral("handle stripe webhook retries"),
        QStringLiteral("fix timezone in invoices"), QStringLiteral("lazy-load dashboard charts"),
        QStringLiteral("add audit log for refunds"), QStringLiteral("remove legacy cart api")};
    return messages;
}

const QStringList &branches()
{
    static const QStringList names = {
        QStringLiteral("feat/order-export"), QStringLiteral("fix/checkout-timeout"), QStringLiteral("chore/deps"),
        QStringLiteral("feat/dark-mode"), QStringLiteral("fix/session-refresh"), QStringLiteral("feat/search-v2")};
    return names;
}

// count distinct times (epoch ms) between nowMs - maxBackMs and nowMs - minBackMs, newest first.
QList<qint64> distinctTimes(SandboxRandom &rng, qint64 nowMs, int count, qint64 minBackMs, qint64 maxBackMs)
{
    std::set<qint64> seen;
    while (static_cast<int>(seen.size()) < count)
        seen.insert(nowMs - rng.range(minBackMs, maxBackMs - 1));
    QList<qint64> out(seen.rbegin(), seen.rend());
    return out;
}

} // namespace

QList<SandboxDeployment> SandboxSeeder::deployments() const
{
    SandboxRandom rng(m_seed ^ 0xDE910ULL);
    const int total = kProductionDeployments + kPreviewDeployments;
    const QList<qint64> times = distinctTimes(rng, m_nowMs, total, 30 * kMinuteMs, 30 * kDayMs);
    QList<bool> production(total, false);
    std::fill(production.begin(), production.begin() + kProductionDeployments, true);
    for (int i = total - 1; i > 0; --i)
        std::swap(production[i], production[static_cast<int>(rng.range(0, i))]);

    const int failedProduction = static_cast<int>(rng.range(0, 2));  // among the newest three
    QList<SandboxDeployment> out;
    int productionSeen = 0;
    bool currentFound = false;
    for (int i = 0; i < total; ++i) {
        SandboxDeployment d;
        const Person &who = kPeople[rng.range(0, 3)];
        d.uid = QStringLiteral("dpl_") + rng.alnum(24);
        d.url = QStringLiteral("web-") + rng.lowerAlnum(9) + QStringLiteral("-acme.vercel.app");
        d.created = times.at(i);
        d.buildingAt = d.created + rng.range(800, 4000);
        d.ready = d.buildingAt + rng.range(35'000, 150'000);
        d.production = production.at(i);
        d.creatorUid = QStringLiteral("u_") + QString::fromLatin1(who.login);
        d.creatorName = QString::fromLatin1(who.login);
        d.authorName = QString::fromLatin1(who.name);
        d.sha = rng.hex(40);
        d.message = rng.pick(commitMessages());
        d.ref = d.production ? QStringLiteral("main") : rng.pick(branches());
        d.state = QStringLiteral("READY");
        if (d.production) {
            if (productionSeen++ == failedProduction) {
                d.state = QStringLiteral("ERROR");
                d.errorCode = QStringLiteral("BUILD_FAILED");
                d.errorMessage = QStringLiteral("Command \"npm run build\" exited with 1");
                d.message = QStringLiteral("migrate orders table to new schema");
            } else {
                d.promoted = true;
                d.rollbackCandidate = currentFound;  // the newest READY one serves production now
                currentFound = true;
            }
        }
        out.append(d);
    }
    return out;
}

QList<SandboxLogLine> SandboxSeeder::runtimeLogs() const
{
    SandboxRandom rng(m_seed ^ 0x1065ULL);
    struct Signature {
        int count;
        const char *path;
        const char *method;
    };
    const Signature signatures[] = {{15, "/api/me", "GET"},
                                    {10, "/api/orders", "GET"},
                                    {7, "/api/orders/[id]", "GET"},
                                    {5, "/api/checkout", "POST"},
                                    {3, "/api/reports/daily", "GET"}};
    QList<SandboxLogLine> out;
    for (int kind = 0; kind < 5; ++kind) {
        for (int n = 0; n < signatures[kind].count; ++n) {
            SandboxLogLine line;
            line.level = QStringLiteral("error");
            line.source = QStringLiteral("serverless");
            line.requestMethod = QString::fromLatin1(signatures[kind].method);
            line.requestPath = QString::fromLatin1(signatures[kind].path);
            line.statusCode = 500;
            switch (kind) {
            case 0:
                line.message = QStringLiteral("TypeError: Cannot read properties of undefined (reading 'id') at "
                                              "getSession (/var/task/.next/server/chunks/%1.js:1:%2)")
                                   .arg(rng.range(100, 999)).arg(rng.range(1000, 99999));
                break;
            case 1:
                line.message = QStringLiteral("Error: connect ETIMEDOUT 10.0.0.12:5432");
                line.statusCode = 504;
                break;
            case 2: {
                const QString order = QStringLiteral("ord_%1").arg(rng.range(10000, 99999));
                line.requestPath = QStringLiteral("/api/orders/") + order;
                line.message = QStringLiteral("Error: Order %1 not found").arg(order);
                break;
            }
            case 3:
                line.message = QStringLiteral("FetchError: request to https://api.stripe.com/v1/payment_intents "
                                              "failed, reason: socket hang up");
                line.statusCode = 502;
                break;
            default:
                line.message = QStringLiteral("Error: Task timed out after 10.0%1 seconds").arg(rng.range(1, 9));
                line.statusCode = 504;
                break;
            }
            out.append(line);
        }
    }
    const QStringList infos = {QStringLiteral("Cache miss for /api/products"),
                               QStringLiteral("Slow query: SELECT orders took 1432ms"),
                               QStringLiteral("Webhook stripe.payment_intent.succeeded processed")};
    for (int n = 0; n < 20; ++n) {
        SandboxLogLine line;
        const int which = static_cast<int>(rng.range(0, 2));
        line.level = which == 1 ? QStringLiteral("warning") : QStringLiteral("info");
        line.message = infos.at(which);
        line.source = QStringLiteral("serverless");
        line.requestMethod = which == 2 ? QStringLiteral("POST") : QStringLiteral("GET");
        line.requestPath = which == 2 ? QStringLiteral("/api/webhooks/stripe") : QStringLiteral("/api/products");
        out.append(line);
    }
    for (qsizetype i = out.size() - 1; i > 0; --i)
        std::swap(out[i], out[rng.range(0, i)]);
    const QList<qint64> times = distinctTimes(rng, m_nowMs, static_cast<int>(out.size()), 1000, kDayMs);
    for (qsizetype i = 0; i < out.size(); ++i) {
        out[i].timestampMs = times.at(out.size() - 1 - i);
        out[i].rowId = QStringLiteral("r_") + rng.lowerAlnum(12);
        out[i].requestId = QStringLiteral("iad1::") + rng.lowerAlnum(5) + QLatin1Char('-')
                           + QString::number(out[i].timestampMs) + QLatin1Char('-') + rng.lowerAlnum(12);
    }
    // Vercel's `request` lines: one per request served, with its status. Each failed function call above
    // answered its request with a 5xx; the rest of the day's traffic succeeds (or is a 304/404), so the
    // error rate lands a little above the runbook's 1 %.
    QList<SandboxLogLine> requests;
    for (const SandboxLogLine &line : std::as_const(out)) {
        if (line.level != QLatin1String("error"))
            continue;
        SandboxLogLine r = line;
        r.level = QStringLiteral("warning");
        r.source = QStringLiteral("request");
        r.message = r.requestMethod + QLatin1Char(' ') + r.requestPath + QLatin1Char(' ') + QString::number(r.statusCode);
        r.rowId = QStringLiteral("r_") + rng.lowerAlnum(12);
        requests.append(r);
    }
    const char *const pages[] = {"/", "/api/products", "/api/me", "/api/orders", "/pricing", "/api/cart"};
    const QList<qint64> trafficTimes = distinctTimes(rng, m_nowMs, kRequestLines, 1000, kDayMs);
    for (const qint64 at : trafficTimes) {
        SandboxLogLine r;
        r.timestampMs = at;
        r.source = QStringLiteral("request");
        r.requestMethod = QStringLiteral("GET");
        r.requestPath = QString::fromLatin1(pages[rng.range(0, 5)]);
        const qint64 roll = rng.range(0, 99);
        r.statusCode = roll < 2 ? 404 : roll < 12 ? 304 : 200;
        r.level = r.statusCode >= 400 ? QStringLiteral("warning") : QStringLiteral("info");
        r.message = r.requestMethod + QLatin1Char(' ') + r.requestPath + QLatin1Char(' ') + QString::number(r.statusCode);
        r.rowId = QStringLiteral("r_") + rng.lowerAlnum(12);
        r.requestId = QStringLiteral("iad1::") + rng.lowerAlnum(5) + QLatin1Char('-') + QString::number(at)
                      + QLatin1Char('-') + rng.lowerAlnum(12);
        requests.append(r);
    }
    out += requests;
    std::stable_sort(out.begin(), out.end(),
                     [](const SandboxLogLine &a, const SandboxLogLine &b) { return a.timestampMs < b.timestampMs; });
    return out;
}

QList<SandboxRun> SandboxSeeder::runs() const
{
    SandboxRandom rng(m_seed ^ 0x6170ULL);
    constexpr int kRecent = 7;
    QList<qint64> times = distinctTimes(rng, m_nowMs, kRecent, 10 * kMinuteMs, kDayMs);
    times += distinctTimes(rng, m_nowMs, kRuns - kRecent, kDayMs + kHourMs, 30 * kDayMs);
    const int failures = static_cast<int>(rng.range(4, 5));
    QList<SandboxRun> out;
    for (int i = 0; i < kRuns; ++i) {
        SandboxRun r;
        const bool recent = i < kRecent;
        const bool failing = recent && i >= 1 && i <= failures;
        const bool e2e = !failing && i != 0 && rng.chance(0.3);
        r.workflowId = e2e ? 61'234'002 : 61'234'001;
        r.name = e2e ? QStringLiteral("E2E") : QStringLiteral("CI");
        r.path = e2e ? QStringLiteral(".github/workflows/e2e.yml") : QStringLiteral(".github/workflows/ci.yml");
        r.event = e2e ? QStringLiteral("schedule")
                      : (failing || rng.chance(0.6) ? QStringLiteral("push") : QStringLiteral("pull_request"));
        r.headBranch = r.event == QLatin1String("pull_request") ? rng.pick(branches()) : QStringLiteral("main");
        r.headSha = rng.hex(40);
        r.displayTitle = e2e ? QStringLiteral("Nightly E2E") : rng.pick(commitMessages());
        if (failing)
            r.displayTitle = QStringLiteral("migrate orders table to new schema");
        r.actor = QString::fromLatin1(kPeople[rng.range(0, 3)].login);
        r.createdAt = times.at(i);
        r.runStartedAt = r.createdAt + rng.range(2000, 10'000);
        r.status = QStringLiteral("completed");
        r.conclusion = QStringLiteral("success");
        if (i == 0) {
            r.status = QStringLiteral("in_progress");
            r.conclusion.clear();
            r.updatedAt = r.runStartedAt;
        } else {
            r.updatedAt = r.runStartedAt + rng.range(2 * kMinuteMs, 9 * kMinuteMs);
        }
        if (failing)
            r.conclusion = QStringLiteral("failure");
        if (i == 23)
            r.conclusion = e2e ? QStringLiteral("failure") : QStringLiteral("cancelled");
        if (i == 41 && r.conclusion == QLatin1String("success"))
            r.runAttempt = 2;
        out.append(r);
    }
    // Ids and run numbers grow with time, per workflow for the numbers.
    qint64 id = 9'100'000'000LL;
    int ciNumber = 380;
    int e2eNumber = 95;
    for (qsizetype i = out.size() - 1; i >= 0; --i) {
        id += rng.range(1000, 90'000);
        out[i].id = id;
        out[i].runNumber = out[i].workflowId == 61'234'002 ? ++e2eNumber : ++ciNumber;
    }
    return out;
}

QList<SandboxSecret> SandboxSeeder::secrets() const
{
    const auto secret = [&](const char *name, int createdDaysAgo, int updatedDaysAgo) {
        SandboxSecret s;
        s.name = QString::fromLatin1(name);
        s.createdAt = (m_nowMs - createdDaysAgo * kDayMs) / 1000 * 1000;
        s.updatedAt = (m_nowMs - updatedDaysAgo * kDayMs) / 1000 * 1000;
        return s;
    };
    return {secret("ANTHROPIC_API_KEY", 120, 40), secret("DATABASE_URL", 300, 300),
            secret("OPENAI_API_KEY", 150, 150), secret("VERCEL_TOKEN", 200, 85)};
}

QList<SandboxPullRequest> SandboxSeeder::pullRequests() const
{
    SandboxRandom rng(m_seed ^ 0x9011ULL);
    SandboxPullRequest pr;
    pr.number = 141;
    pr.title = QStringLiteral("Bump next from 15.1.0 to 15.2.3");
    pr.body = QStringLiteral("Bumps next from 15.1.0 to 15.2.3.");
    pr.head = QStringLiteral("dependabot/npm_and_yarn/next-15.2.3");
    pr.base = QStringLiteral("main");
    pr.headSha = rng.hex(40);
    pr.user = QStringLiteral("dependabot[bot]");
    pr.state = QStringLiteral("open");
    pr.createdAt = (m_nowMs - 3 * kDayMs - rng.range(0, kDayMs)) / 1000 * 1000;
    return {pr};
}

QList<SandboxAlert> SandboxSeeder::alerts() const
{
    SandboxRandom rng(m_seed ^ 0xA1E7ULL);
    struct Package {
        const char *name, *severity, *range, *patched, *summary, *state;
    };
    const Package packages[] = {
        {"next", "critical", ">= 15.0.0, < 15.2.3", "15.2.3", "Authorization bypass in middleware", "open"},
        {"axios", "high", ">= 1.0.0, < 1.8.2", "1.8.2", "Server-side request forgery via absolute URLs", "open"},
        {"braces", "high", "< 3.0.3", "3.0.3", "Uncontrolled resource consumption", "fixed"},
        {"ws", "high", ">= 8.0.0, < 8.17.1", "8.17.1", "Denial of service with many HTTP headers", "open"},
        {"cross-spawn", "high", "< 7.0.5", "7.0.5", "Regular expression denial of service", "fixed"},
        {"path-to-regexp", "high", "< 0.1.12", "0.1.12", "Backtracking regular expressions", "open"},
        {"jsonwebtoken", "medium", "< 9.0.0", "9.0.0", "Insecure key type accepted", "dismissed"},
        {"semver", "medium", "< 7.5.2", "7.5.2", "Regular expression denial of service", "fixed"},
        {"nanoid", "medium", "< 3.3.8", "3.3.8", "Predictable results with non-integer values", "open"},
        {"esbuild", "medium", "<= 0.24.2", "0.25.0", "Development server accepts any origin", "dismissed"},
        {"postcss", "medium", "< 8.4.31", "8.4.31", "Line return parsing error", "fixed"},
        {"cookie", "low", "< 0.7.0", "0.7.0", "Out-of-bounds characters in cookie name", "open"},
    };
    QList<qint64> created = distinctTimes(rng, m_nowMs, 12, 2 * kDayMs, 120 * kDayMs);
    std::reverse(created.begin(), created.end());
    QList<SandboxAlert> out;
    int number = 1;
    for (const Package &p : packages) {
        SandboxAlert a;
        a.number = number++;
        a.packageName = QString::fromLatin1(p.name);
        a.severity = QString::fromLatin1(p.severity);
        a.vulnerableRange = QString::fromLatin1(p.range);
        a.firstPatched = QString::fromLatin1(p.patched);
        a.summary = QString::fromLatin1(p.summary);
        a.state = QString::fromLatin1(p.state);
        a.manifestPath = QStringLiteral("package-lock.json");
        a.scope = a.packageName == QLatin1String("esbuild") ? QStringLiteral("development") : QStringLiteral("runtime");
        const QStringView ghsa = u"23456789cfghjmpqrvwx";
        a.ghsaId = QStringLiteral("GHSA-%1-%2-%3").arg(rng.token(4, ghsa), rng.token(4, ghsa), rng.token(4, ghsa));
        a.cveId = QStringLiteral("CVE-2026-%1").arg(rng.range(20000, 59999));
        a.createdAt = created.at(a.number - 1) / 1000 * 1000;
        a.updatedAt = a.createdAt;
        if (a.state == QLatin1String("fixed"))
            a.fixedAt = a.updatedAt = a.createdAt + rng.range(kDayMs, 10 * kDayMs) / 1000 * 1000;
        if (a.state == QLatin1String("dismissed"))
            a.dismissedAt = a.updatedAt = a.createdAt + rng.range(kHourMs, 5 * kDayMs) / 1000 * 1000;
        out.append(a);
    }
    return out;
}

QList<SandboxApiKey> SandboxSeeder::apiKeys() const
{
    SandboxRandom rng(m_seed ^ 0x4E75ULL);
    const QStringList used = SandboxCosts::anthropicApiKeyIds();
    const auto key = [&](const QString &id, const char *name, const char *status, int daysAgo, const QString &ws) {
        SandboxApiKey k;
        k.id = id;
        k.name = QString::fromLatin1(name);
        k.status = QString::fromLatin1(status);
        k.createdAt = (m_nowMs - daysAgo * kDayMs - rng.range(0, kDayMs)) / 1000 * 1000;
        k.createdBy = QStringLiteral("user_01SandboxAdmin000000000");
        k.hint = QStringLiteral("sk-ant-api03-") + rng.alnum(3) + QStringLiteral("...") + rng.alnum(4);
        k.workspaceId = ws;
        return k;
    };
    return {key(used.at(1), "batch-jobs", "active", 60, QStringLiteral("wrkspc_01SandboxBatchJobs0")),
            key(used.at(0), "web-backend", "active", 90, {}),
            key(QStringLiteral("apikey_01SandboxCiEvals000000"), "ci-evals", "inactive", 200, {}),
            key(QStringLiteral("apikey_01SandboxOldWebBackend"), "old-web-backend", "archived", 400, {})};
}

QList<SandboxEnvVar> SandboxSeeder::envVars() const
{
    SandboxRandom rng(m_seed ^ 0xE57ULL);
    const QStringList all{QStringLiteral("production"), QStringLiteral("preview"), QStringLiteral("development")};
    const QStringList deployed{QStringLiteral("production"), QStringLiteral("preview")};
    const auto var = [&](const char *key, const char *type, QStringList targets, int daysAgo, const QString &branch = {}) {
        SandboxEnvVar v;
        v.id = QStringLiteral("env_") + rng.alnum(16);
        v.key = QString::fromLatin1(key);
        v.type = QString::fromLatin1(type);
        v.targets = std::move(targets);
        v.gitBranch = branch;
        v.createdAt = (m_nowMs - (daysAgo + 30) * kDayMs) / 1000 * 1000;
        v.updatedAt = (m_nowMs - daysAgo * kDayMs - rng.range(0, kDayMs)) / 1000 * 1000;
        v.value = QStringLiteral("sandbox-") + rng.alnum(12);  // stands for a secret: never listed
        return v;
    };
    // DATABASE_URL differs per target (two entries); the payment webhook secret was added for preview
    // and development, and never for production (the failed production build's story); a legacy URL
    // is left in production only.
    return {var("DATABASE_URL", "encrypted", {QStringLiteral("production")}, 41),
            var("DATABASE_URL", "encrypted", {QStringLiteral("preview"), QStringLiteral("development")}, 41),
            var("OPENAI_API_KEY", "sensitive", deployed, 33),
            var("ANTHROPIC_API_KEY", "sensitive", deployed, 33),
            var("NEXT_PUBLIC_APP_URL", "plain", all, 120),
            var("SESSION_SECRET", "encrypted", all, 200),
            var("STRIPE_WEBHOOK_SECRET", "encrypted", {QStringLiteral("preview"), QStringLiteral("development")}, 2),
            var("FEATURE_ORDERS_V2", "plain", {QStringLiteral("preview")}, 2, QStringLiteral("feat/orders-v2")),
            var("LEGACY_API_URL", "plain", {QStringLiteral("production")}, 400),
            var("VERCEL_URL", "system", all, 400)};
}

} // namespace opsdeck
