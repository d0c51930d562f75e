// What rotation relies on without any network: matching an old key to a provider's redacted form,
// and the monthly checklist's "credentials due" item.
#include "core/clock.h"
#include "runbook/checks.h"
#include "secrets/credentials.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("a redacted key matches only a value with both ends")
{
    const QByteArray anthropic = "sk-ant-api03-R2D4kq7n0e9w8xyzABCDEFGHigAA";
    CHECK(keyHintMatches(QStringLiteral("sk-ant-api03-R2D...igAA"), anthropic));
    CHECK(keyHintMatches(QStringLiteral("sk-ant-api03-R2D…igAA"), anthropic));  // a typographic ellipsis
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-ant-api03-R2D...igAB"), anthropic));  // the prefix alone
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-ant-api03-R2X...igAA"), anthropic));  // the suffix alone
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-ant-api03-R2D"), anthropic));         // no "...": not a redaction
    CHECK_FALSE(keyHintMatches(QStringLiteral("...igAA"), anthropic));                  // no prefix
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-...A"), anthropic));                  // too little of either end
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-ant-api03-R2D...igAA"), "sk-ant-api03-R2DigAA"));  // overlapping ends
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-a...xx...AA"), anthropic));           // two gaps
    CHECK_FALSE(keyHintMatches(QStringLiteral("sk-ant-api03-R2D...igAA"), QByteArray()));
    CHECK(keyHintMatches(QStringLiteral("sk-proj-abc...wxyz"), "sk-proj-abcdefghijklmnopqrstuvwxyz"));
}

TEST_CASE("the inventory: runtime keys with their Actions secrets, keys OpsDeck cannot rotate say so")
{
    const auto openai = findCredentialKind(QStringLiteral("openai-api-key"));
    REQUIRE(openai);
    CHECK(openai->envVars == QStringList{QStringLiteral("OPENAI_API_KEY")});
    CHECK(openai->githubSecrets == QStringList{QStringLiteral("OPENAI_API_KEY")});
    CHECK(findCredentialKind(QStringLiteral("anthropic-api-key"))->githubSecrets == QStringList{QStringLiteral("ANTHROPIC_API_KEY")});
    CHECK(findCredentialKind(QStringLiteral("github-token"))->githubSecrets.isEmpty());
    CHECK(findCredentialKind(QStringLiteral("database-password"))->githubSecrets == QStringList{QStringLiteral("DATABASE_URL")});
    CHECK_FALSE(findCredentialKind(QStringLiteral("aws-secret-access-key"))->rotatable);
    CHECK_FALSE(findCredentialKind(QStringLiteral("backup-encryption-key"))->rotatable);
    Profile p;
    CHECK(p.githubSecretsFor(QStringLiteral("openai-api-key"), openai->githubSecrets) == openai->githubSecrets);
    p.githubSecrets.insert(QStringLiteral("openai-api-key"), {});
    CHECK(p.githubSecretsFor(QStringLiteral("openai-api-key"), openai->githubSecrets).isEmpty());
}

TEST_CASE("the monthly rotation item: red when overdue, amber when due within 14 days, no data when no date is known")
{
    ManualClock clock(QDateTime(QDate(2026, 12, 6), QTime(9, 0), Qt::UTC));
    CheckEnv env;
    env.clock = &clock;
    QHash<QString, QDateTime> stored;
    env.credentialsStoredAt = [&stored] { return stored; };
    RunbookItem item;
    item.id = QStringLiteral("monthly.credentials");
    const auto run = [&] {
        std::optional<CheckResult> r;
        runCredentialsDueCheck(env, item, nullptr, [&r](CheckResult c) { r = c; });
        REQUIRE(r.has_value());
        return *r;
    };
    CheckResult r = run();
    CHECK(r.status == CheckStatus::NoData);

    stored.insert(QStringLiteral("anthropic-api-key"), clock.nowUtc().addDays(-10));
    stored.insert(QStringLiteral("aws-secret-access-key"), clock.nowUtc().addDays(-400));  // not rotated here
    r = run();
    CHECK(r.status == CheckStatus::Pass);

    stored.insert(QStringLiteral("openai-api-key"), clock.nowUtc().addDays(-80));
    r = run();
    CHECK(r.status == CheckStatus::Warn);
    CHECK(r.evidence.contains(QStringLiteral("OpenAI API key (the product's) (due 2026-12-16)")));

    stored.insert(QStringLiteral("vercel-token"), clock.nowUtc().addDays(-91));
    r = run();
    CHECK(r.status == CheckStatus::Fail);
    CHECK(r.evidence.startsWith(QStringLiteral("Overdue: Vercel token (due 2026-12-05)")));
    CHECK(r.evidence.contains(QStringLiteral("due within 14 days: OpenAI API key")));
    CHECK(r.value == QStringLiteral("1"));
}
