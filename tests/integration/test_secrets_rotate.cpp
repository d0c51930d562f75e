// `opsdeck-cli secrets rotate`: the monthly rotation loop against the sandbox's key endpoints, the
// real keychain and, for the database password, a real PostgreSQL cluster. Validate live, store,
// push sealed to GitHub Actions, retire the old key on both ends of its redacted form, audit.
#include "appcontext.h"
#include "config/profile.h"
#include "database/pgconnectioninfo.h"
#include "database/pgsession.h"
#include "pgcluster.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"
#include "clirunner.h"
#include "testcontext.h"
#include "testsupport.h"
#include "usecases/session.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QUrl>

using namespace opsdeck;

namespace {

// The sandbox, an isolated home shared by the CLI and an in-process app (to seed and read the real
// keychain), and a profile of its own (the keyring is shared with the other tests of the run).
class Fixture
{
public:
    Fixture()
    {
        SandboxOptions o;
        o.seed = 23;
        sandbox = std::make_unique<Sandbox>(o);
        REQUIRE(sandbox->start().ok());
        runner.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPENAI_ADMIN_KEY", "ANTHROPIC_ADMIN_KEY",
                         "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DATABASE_URL", "OPSDECK_OPENAI_PROJECT"});
        ctx = test::makeContext(runner, {.demo = false});
        Profile p;
        p.name = QStringLiteral("rotate-%1").arg(QRandomGenerator::global()->generate());
        p.vercelApi = sandbox->vercelApi();
        p.vercelProject = QString::fromLatin1(Sandbox::kVercelProjectId);
        p.vercelTeam = QString::fromLatin1(Sandbox::kVercelTeamId);
        p.githubApi = sandbox->githubApi();
        p.githubRepo = QString::fromLatin1(Sandbox::kGithubRepo);
        p.openaiApi = sandbox->openaiApi();
        p.anthropicApi = sandbox->anthropicApi();
        p.openaiProject = QString::fromLatin1(SandboxWorld::kOpenAiProjectId);
        ctx->profiles().save(p);
        ctx->setProfile(p);
        store("github-token", Sandbox::kGithubToken);
        store("vercel-token", Sandbox::kVercelToken);
        store("openai-admin-key", Sandbox::kOpenAiKey);
        store("anthropic-admin-key", Sandbox::kAnthropicKey);
        store("openai-api-key", Sandbox::kOpenAiApiKey);
        store("anthropic-api-key", Sandbox::kAnthropicApiKey);
    }
    ~Fixture()
    {
        for (const char *name : {"github-token", "vercel-token", "openai-admin-key", "anthropic-admin-key", "openai-api-key",
                                 "anthropic-api-key", "database-password"}) {
            bool done = false;
            ctx->secrets().remove({ctx->profile().name, QString::fromLatin1(name)}, ctx.get(), [&done](const Status &) { done = true; });
            test::waitUntil([&] { return done; });
        }
    }

    void store(const char *name, const QByteArray &value)
    {
        std::optional<Status> done;
        ctx->secrets().write({ctx->profile().name, QString::fromLatin1(name)}, value, ctx.get(),
                             [&done](const Status &s) { done = s; });
        REQUIRE(test::waitUntil([&] { return done.has_value(); }, 10'000));
        REQUIRE(done->ok());
    }

    QByteArray stored(const char *name)
    {
        std::optional<Result<QByteArray>> r;
        ctx->secrets().read({ctx->profile().name, QString::fromLatin1(name)}, ctx.get(),
                            [&r](const Result<QByteArray> &v) { r = v; });
        REQUIRE(test::waitUntil([&] { return r.has_value(); }, 10'000));
        return r->ok() ? r->value() : QByteArray("(" + r->error().message.toUtf8() + ")");
    }

    test::CliResult cli(const QStringList &args, const QByteArray &input = {})
    {
        return runner.run(QStringList{QStringLiteral("--profile"), ctx->profile().name} + args, input);
    }

    test::CliResult rotate(const QString &name, const QByteArray &value, const QStringList &extra = {})
    {
        return cli(QStringList{QStringLiteral("--json"), QStringLiteral("secrets"), QStringLiteral("rotate"), name,
                               QStringLiteral("--yes")}
                       + extra,
                   value);
    }

    QList<AuditEntry> audit(const QString &action)
    {
        auto entries = ctx->audit().list(1000);
        REQUIRE(entries.ok());
        QList<AuditEntry> out;
        for (const AuditEntry &e : entries.value())
            if (e.action == action && e.target.startsWith(ctx->profile().name + QLatin1Char('/')))
                out.prepend(e);
        return out;
    }

    std::unique_ptr<Sandbox> sandbox;
    test::CliRunner runner;
    std::unique_ptr<AppContext> ctx;
};

// {"validate": {...}, "store": {...}} from the --json report.
QHash<QString, QJsonObject> stepsOf(const test::CliResult &r)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : r.object().value(QStringLiteral("steps")).toArray())
        out.insert(v[QStringLiteral("step")].toString(), v.toObject());
    return out;
}

QString describe(const test::CliResult &r)
{
    return QString::fromUtf8(r.out + r.err);
}

bool allOk(const QHash<QString, QJsonObject> &steps)
{
    for (const char *s : {"validate", "store", "push", "retire", "audit"})
        if (!steps.value(QLatin1String(s)).value(QStringLiteral("ok")).toBool())
            return false;
    return true;
}

const SandboxApiKey *anthropicKeyNamed(const Sandbox &sandbox, const QString &name)
{
    for (const SandboxApiKey &k : sandbox.world().apiKeys())
        if (k.name == name)
            return &k;
    return nullptr;
}

bool openAiKeyListed(const Sandbox &sandbox, const QString &id)
{
    for (const SandboxOpenAiKey &k : sandbox.world().openaiKeys())
        if (k.id == id)
            return true;
    return false;
}

} // namespace

TEST_CASE("secrets rotate: every provider's key validated live, stored, pushed, the old one retired, audited")
{
    Fixture f;
    Sandbox &sandbox = *f.sandbox;

    SECTION("Vercel token: pushed as VERCEL_TOKEN; the old token is revoked by hand")
    {
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("vercel-token"));
        const test::CliResult r = f.rotate(QStringLiteral("vercel-token"), fresh + "\n");
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        const auto steps = stepsOf(r);
        CHECK(allOk(steps));
        CHECK(steps[QStringLiteral("validate")][QStringLiteral("detail")].toString().contains(QStringLiteral("acme-sre")));
        CHECK(f.stored("vercel-token") == fresh);
        CHECK(sandbox.decryptedSecret(QStringLiteral("VERCEL_TOKEN")) == fresh);
        CHECK(steps[QStringLiteral("retire")][QStringLiteral("detail")].toString().contains(QStringLiteral("Tokens")));
        CHECK(sandbox.requestCount(QStringLiteral("/vercel/v2/user")) == 1);
    }
    SECTION("GitHub token: no Actions secret by default, one when asked with --as")
    {
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("github-token"));
        test::CliResult r = f.rotate(QStringLiteral("github-token"), fresh);
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        CHECK(stepsOf(r)[QStringLiteral("push")][QStringLiteral("detail")].toString().contains(QStringLiteral("no GitHub Actions secret")));
        CHECK(f.stored("github-token") == fresh);
        const QByteArray second = sandbox.issueKey(QStringLiteral("github-token"));
        r = f.rotate(QStringLiteral("github-token"), second, {QStringLiteral("--as"), QStringLiteral("DEPLOY_PAT"),
                                                              QStringLiteral("--as"), QStringLiteral("RELEASE_PAT")});
        REQUIRE(r.exitCode == 0);
        CHECK(sandbox.decryptedSecret(QStringLiteral("DEPLOY_PAT")) == second);
        CHECK(sandbox.decryptedSecret(QStringLiteral("RELEASE_PAT")) == second);
    }
    SECTION("OpenAI API key: pushed as OPENAI_API_KEY, the old project key deleted")
    {
        REQUIRE(openAiKeyListed(sandbox, QStringLiteral("key_demo_web_backend")));
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("openai-api-key"));
        const test::CliResult r = f.rotate(QStringLiteral("openai-api-key"), fresh);
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        const auto steps = stepsOf(r);
        CHECK(allOk(steps));
        CHECK(sandbox.decryptedSecret(QStringLiteral("OPENAI_API_KEY")) == fresh);
        CHECK_FALSE(openAiKeyListed(sandbox, QStringLiteral("key_demo_web_backend")));
        CHECK(openAiKeyListed(sandbox, QStringLiteral("key_demo_web_preview")));  // the other key of the project
        CHECK_FALSE(sandbox.world().acceptsKey(QStringLiteral("openai-api-key"), QByteArray(Sandbox::kOpenAiApiKey)));
        CHECK(steps[QStringLiteral("retire")][QStringLiteral("detail")].toString().contains(QStringLiteral("key_demo_web_backend")));
    }
    SECTION("Anthropic API key: pushed as ANTHROPIC_API_KEY, the old key set inactive, the others untouched")
    {
        const QString batchBefore = anthropicKeyNamed(sandbox, QStringLiteral("batch-jobs"))->status;
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("anthropic-api-key"));
        const test::CliResult r = f.rotate(QStringLiteral("anthropic-api-key"), fresh);
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        CHECK(allOk(stepsOf(r)));
        CHECK(sandbox.decryptedSecret(QStringLiteral("ANTHROPIC_API_KEY")) == fresh);
        CHECK(anthropicKeyNamed(sandbox, QStringLiteral("web-backend"))->status == QStringLiteral("inactive"));
        CHECK(anthropicKeyNamed(sandbox, QStringLiteral("batch-jobs"))->status == batchBefore);
        CHECK_FALSE(sandbox.world().acceptsKey(QStringLiteral("anthropic-api-key"), QByteArray(Sandbox::kAnthropicApiKey)));
        CHECK(sandbox.world().acceptsKey(QStringLiteral("anthropic-api-key"), fresh));
    }
    SECTION("OpenAI admin key: the old admin key deleted with the new one; costs still read")
    {
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("openai-admin-key"));
        const test::CliResult r = f.rotate(QStringLiteral("openai-admin-key"), fresh);
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        CHECK(allOk(stepsOf(r)));
        CHECK_FALSE(openAiKeyListed(sandbox, QStringLiteral("key_demo_admin")));
        CHECK(f.stored("openai-admin-key") == fresh);
        // No admin-key secret unless configured.
        CHECK_FALSE(sandbox.decryptedSecret(QStringLiteral("OPENAI_ADMIN_KEY")).has_value());
        const test::CliResult costs = f.cli({QStringLiteral("--json"), QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("3")});
        INFO(describe(costs).toStdString());
        CHECK(costs.exitCode == 0);
    }
    SECTION("Anthropic admin key: stored after a live check; the Admin API cannot retire it")
    {
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("anthropic-admin-key"));
        const test::CliResult r = f.rotate(QStringLiteral("anthropic-admin-key"), fresh);
        INFO(describe(r).toStdString());
        REQUIRE(r.exitCode == 0);
        const auto steps = stepsOf(r);
        CHECK(allOk(steps));
        CHECK(steps[QStringLiteral("retire")][QStringLiteral("detail")].toString().contains(QStringLiteral("Console")));
        CHECK(f.stored("anthropic-admin-key") == fresh);
    }

    // Each rotation is audited with every step, and no value is anywhere in the home.
    const QList<AuditEntry> rotations = f.audit(QStringLiteral("secret.rotate"));
    REQUIRE(rotations.size() >= 1);
    const QJsonArray steps = rotations.last().details.value(QStringLiteral("steps")).toArray();
    CHECK(steps.size() == 4);  // validate, store, push, retire: the audit step is the entry itself
    CHECK(f.audit(QStringLiteral("secret.rotate.start")).size() == rotations.size());
    for (const SandboxOpenAiKey &k : sandbox.world().openaiKeys())
        if (!k.value.isEmpty())
            CHECK(test::filesContaining(f.runner.home(), k.value).isEmpty());
}

TEST_CASE("secrets rotate: a value that fails validation changes nothing; without --yes only the plan")
{
    Fixture f;
    Sandbox &sandbox = *f.sandbox;
    const int auditBefore = int(f.audit(QStringLiteral("secret.rotate.start")).size());

    test::CliResult r = f.rotate(QStringLiteral("vercel-token"), "vercel_not-a-valid-token-0000");
    INFO(describe(r).toStdString());
    CHECK(r.exitCode == 1);
    const auto steps = stepsOf(r);
    CHECK(steps.size() == 1);
    CHECK_FALSE(steps[QStringLiteral("validate")][QStringLiteral("ok")].toBool());
    CHECK(steps[QStringLiteral("validate")][QStringLiteral("detail")].toString().contains(QStringLiteral("nothing was changed")));
    CHECK(f.stored("vercel-token") == QByteArray(Sandbox::kVercelToken));
    CHECK_FALSE(sandbox.decryptedSecret(QStringLiteral("VERCEL_TOKEN")).has_value());
    CHECK(sandbox.requestCount(QStringLiteral("/github/repos")) == 0);
    CHECK(f.audit(QStringLiteral("secret.rotate.start")).size() == auditBefore);

    // The value in use is not a new one.
    r = f.rotate(QStringLiteral("anthropic-api-key"), QByteArray(Sandbox::kAnthropicApiKey));
    CHECK(r.exitCode == 1);
    CHECK(describe(r).contains(QStringLiteral("already in use")));

    // The plan: no stdin read, nothing sent, nothing stored.
    const int requests = sandbox.requestCount(QStringLiteral("/"));
    r = f.cli({QStringLiteral("secrets"), QStringLiteral("rotate"), QStringLiteral("openai-api-key")}, "sk-proj-should-not-be-read\n");
    INFO(describe(r).toStdString());
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains("OPENAI_API_KEY in acme/web"));
    CHECK(r.out.contains("proj_demo_web"));
    CHECK(r.out.contains("Nothing was changed"));
    r = f.cli({QStringLiteral("--json"), QStringLiteral("secrets"), QStringLiteral("rotate"), QStringLiteral("database-password")});
    CHECK(r.exitCode == 0);
    CHECK(r.object().value(QStringLiteral("plan")).toArray().size() == 5);
    CHECK(r.object().value(QStringLiteral("changed")) == QJsonValue(false));
    CHECK(sandbox.requestCount(QStringLiteral("/")) == requests);
    CHECK(f.stored("openai-api-key") == QByteArray(Sandbox::kOpenAiApiKey));

    // Credentials OpsDeck cannot validate or retire are replaced with secrets set.
    r = f.rotate(QStringLiteral("aws-secret-access-key"), "x");
    CHECK(r.exitCode == 2);
    CHECK(describe(r).contains(QStringLiteral("secrets set")));
    r = f.rotate(QStringLiteral("database-password"), "typed-password-0000");
    CHECK(r.exitCode == 2);
    CHECK(describe(r).contains(QStringLiteral("--generate")));
}

TEST_CASE("secrets rotate: no key or two keys match the old value: a warning naming them, nothing retired")
{
    Fixture f;
    Sandbox &sandbox = *f.sandbox;
    SECTION("two Anthropic keys show the old value's ends")
    {
        const SandboxApiKey *web = anthropicKeyNamed(sandbox, QStringLiteral("web-backend"));
        SandboxApiKey *batch = sandbox.world().apiKey(anthropicKeyNamed(sandbox, QStringLiteral("batch-jobs"))->id);
        batch->hint = web->hint;
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("anthropic-api-key"));
        const test::CliResult r = f.rotate(QStringLiteral("anthropic-api-key"), fresh);
        INFO(describe(r).toStdString());
        CHECK(r.exitCode == 0);
        const QJsonObject retire = stepsOf(r)[QStringLiteral("retire")];
        CHECK(retire[QStringLiteral("warning")].toBool());
        CHECK(retire[QStringLiteral("detail")].toString().contains(QStringLiteral("\"web-backend\"")));
        CHECK(retire[QStringLiteral("detail")].toString().contains(QStringLiteral("\"batch-jobs\"")));
        CHECK(anthropicKeyNamed(sandbox, QStringLiteral("web-backend"))->status == QStringLiteral("active"));
        CHECK(anthropicKeyNamed(sandbox, QStringLiteral("batch-jobs"))->status == QStringLiteral("active"));
    }
    SECTION("no OpenAI project key shows the old value's ends (a prefix alone is not a match)")
    {
        // The same first characters as the listed key, other last ones.
        f.store("openai-api-key", QByteArray(Sandbox::kOpenAiApiKey).chopped(4) + "ZZZZ");
        const QByteArray fresh = sandbox.issueKey(QStringLiteral("openai-api-key"));
        const test::CliResult r = f.rotate(QStringLiteral("openai-api-key"), fresh);
        INFO(describe(r).toStdString());
        CHECK(r.exitCode == 0);
        const QJsonObject retire = stepsOf(r)[QStringLiteral("retire")];
        CHECK(retire[QStringLiteral("warning")].toBool());
        CHECK(retire[QStringLiteral("detail")].toString().contains(QStringLiteral("nothing was retired")));
        CHECK(openAiKeyListed(sandbox, QStringLiteral("key_demo_web_backend")));
    }
}

TEST_CASE("secrets rotate: a push that fails stops the loop, says what changed, and is audited")
{
    Fixture f;
    Sandbox &sandbox = *f.sandbox;
    SandboxFaults faults;
    faults.serverErrorNext = 50;
    const QByteArray fresh = sandbox.issueKey(QStringLiteral("vercel-token"));
    sandbox.setFaults(QStringLiteral("github"), faults);
    const test::CliResult r = f.rotate(QStringLiteral("vercel-token"), fresh);
    INFO(describe(r).toStdString());
    CHECK(r.exitCode == 1);
    const auto steps = stepsOf(r);
    CHECK(steps[QStringLiteral("store")][QStringLiteral("ok")].toBool());
    CHECK_FALSE(steps[QStringLiteral("push")][QStringLiteral("ok")].toBool());
    CHECK_FALSE(steps.contains(QStringLiteral("retire")));
    CHECK(steps[QStringLiteral("audit")][QStringLiteral("ok")].toBool());
    CHECK(r.object().value(QStringLiteral("changed")).toString().contains(QStringLiteral("keychain")));
    CHECK(r.object().value(QStringLiteral("unchanged")).toString().contains(QStringLiteral("GitHub")));
    CHECK(f.stored("vercel-token") == fresh);
    CHECK(f.audit(QStringLiteral("secret.rotate")).size() == 1);
}

TEST_CASE("secrets rotate database-password: a generated password set with a SCRAM verifier, proven, pushed as DATABASE_URL")
{
    test::PgCluster pg;
    REQUIRE(pg.start());
    const QByteArray oldPassword = "old-app-password-not-real";
    pg.psql(QStringLiteral("CREATE ROLE app LOGIN PASSWORD '%1'").arg(QString::fromLatin1(oldPassword)));
    Fixture f;
    Profile p = f.ctx->profile();
    p.databaseUrl = QStringLiteral("postgresql://app@127.0.0.1:%1/postgres").arg(pg.port());
    f.ctx->profiles().save(p);
    f.store("database-password", oldPassword);

    const test::CliResult r = f.cli({QStringLiteral("--json"), QStringLiteral("secrets"), QStringLiteral("rotate"),
                                     QStringLiteral("database-password"), QStringLiteral("--generate"), QStringLiteral("--yes")});
    INFO(describe(r).toStdString());
    REQUIRE(r.exitCode == 0);
    const auto steps = stepsOf(r);
    CHECK(allOk(steps));
    const QByteArray fresh = f.stored("database-password");
    CHECK(fresh.size() == 32);
    CHECK(fresh != oldPassword);

    // DATABASE_URL in GitHub is the whole URL with the new password; it connects, the old one does not.
    const auto secret = f.sandbox->decryptedSecret(QStringLiteral("DATABASE_URL"));
    REQUIRE(secret.has_value());
    const QUrl url(QString::fromUtf8(*secret));
    CHECK(url.userName() == QStringLiteral("app"));
    CHECK(url.password().toUtf8() == fresh);
    CHECK(url.port() == pg.port());
    auto info = PgConnectionInfo::fromUrl(QString::fromUtf8(*secret));
    REQUIRE(info.ok());
    {
        auto db = PgSession::open(info.value(), QStringLiteral("rotate-proof-new"));
        CHECK(db.ok());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("rotate-proof-new"));
    PgConnectionInfo old = info.value();
    old.password = oldPassword;
    {
        auto db = PgSession::open(old, QStringLiteral("rotate-proof-old"));
        CHECK_FALSE(db.ok());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("rotate-proof-old"));
    // The server stored a SCRAM verifier and was never sent the password itself.
    CHECK(pg.psql(QStringLiteral("SELECT rolpassword LIKE 'SCRAM-SHA-256$4096:%' FROM pg_authid WHERE rolname = 'app'")).trimmed() == "t");
    CHECK(test::filesContaining(f.runner.home(), fresh).isEmpty());

    // secrets test proves the stored password with a fresh connection, and says so when it no longer works.
    const test::CliResult works = f.cli({QStringLiteral("secrets"), QStringLiteral("test"), QStringLiteral("database-password")});
    INFO(describe(works).toStdString());
    CHECK(works.exitCode == 0);
    CHECK(works.out.contains("PostgreSQL accepted the password (role app on PostgreSQL 15"));
    f.store("database-password", oldPassword);
    const test::CliResult refused = f.cli({QStringLiteral("secrets"), QStringLiteral("test"), QStringLiteral("database-password")});
    INFO(describe(refused).toStdString());
    CHECK(refused.exitCode == 1);
    CHECK(refused.out.contains("PostgreSQL refused the password"));
    CHECK_FALSE(refused.out.contains(oldPassword));
}
