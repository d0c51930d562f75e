// What OpsDeck reads from Anthropic's Admin API and what it sends (api-reference.md section 4).
#include <catch2/catch.hpp>

#include "providers/anthropic/anthropicparser.h"
#include "providers/anthropic/anthropicrequests.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace opsdeck;
using opsdeck::test::fixture;

namespace {
HttpResponse response(int status, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    return r;
}
} // namespace

TEST_CASE("Anthropic cost amounts are decimal strings in cents: \"123.45\" is $1.2345")
{
    const auto page = parseAnthropicCostReport(fixture(QStringLiteral("anthropic/cost_report.json")));
    REQUIRE(page.ok());
    CHECK(page->hasMore);
    CHECK(page->nextPage == QLatin1String("page_MjAyNi0wMS0wMw=="));
    REQUIRE(page->items.size() == 3);
    const AnthropicCostRow &input = page->items.at(0);
    CHECK(input.amountUsd == 1.2345);  // exactly the double nearest to 1.2345
    CHECK(input.amountCents == QLatin1String("123.45"));
    CHECK(input.day == QDate(2026, 1, 1));
    CHECK(input.model == QLatin1String("claude-sonnet-4-6"));
    CHECK(input.tokenType == QLatin1String("uncached_input_tokens"));
    CHECK(input.workspaceId.isEmpty());  // default workspace
    CHECK(page->items.at(1).amountUsd == 18.345);
    CHECK(page->items.at(1).workspaceId == QLatin1String("wrkspc_01"));
    CHECK(page->items.at(2).amountUsd == 0.05);
    CHECK(page->items.at(2).costType == QLatin1String("web_search"));
}

TEST_CASE("Cents convert by moving the decimal point, not by binary arithmetic")
{
    CHECK(centsToUsd(QStringLiteral("123.45")) == 1.2345);
    CHECK(centsToUsd(QStringLiteral("1834.5")) == 18.345);
    CHECK(centsToUsd(QStringLiteral("0.1")) == 0.001);
    CHECK(centsToUsd(QStringLiteral("7")) == 0.07);
    CHECK(centsToUsd(QStringLiteral("-250")) == -2.5);
    CHECK(centsToUsd(QStringLiteral("0")) == 0.0);
    CHECK(centsToUsd(QStringLiteral("1000000000000.01")) == 10000000000.0001);
    for (const char *bad : {"", "abc", "12.3.4", "1e3", "$12", "12,5", ".5", "5.", "NaN", "inf", "- 5"}) {
        INFO(bad);
        CHECK_FALSE(centsToUsd(QString::fromLatin1(bad)).has_value());
    }
}

TEST_CASE("Anthropic amounts that are not decimal strings are rejected")
{
    struct Case {
        const char *fixture;
        const char *mentions;
    };
    const Case cases[] = {
        {"anthropic/cost_report_number_amount.json", "'data[0].results[0].amount' is a number, expected a decimal string"},
        {"anthropic/cost_report_garbage_amount.json", "is not a decimal number (\"12.3.4\")"},
        {"anthropic/cost_report_null_amount.json", "'data[0].results[0].amount' is null"},
        {"anthropic/cost_report_bad_bucket.json", "'data[0].starting_at' is a number, expected a string"},
        {"openai/costs_wrongtype.json", "'data' is a string, expected an array"},
        {"vercel/html_error.html", "HTML page"},
    };
    for (const Case &c : cases) {
        INFO(c.fixture);
        const auto page = parseAnthropicCostReport(fixture(QString::fromLatin1(c.fixture)));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == ErrorKind::BadResponse);
        CHECK(page.error().message.contains(QLatin1String("Anthropic")));
        CHECK(page.error().message.contains(QString::fromUtf8(c.mentions)));
    }
    const QByteArray whole = fixture(QStringLiteral("anthropic/cost_report.json"));
    CHECK_FALSE(parseAnthropicCostReport(whole.left(whole.size() - 30)).ok());
}

TEST_CASE("Anthropic usage rows split uncached, cache read, 5m/1h cache writes and output")
{
    const auto page = parseAnthropicUsageReport(fixture(QStringLiteral("anthropic/usage_report.json")));
    REQUIRE(page.ok());
    CHECK_FALSE(page->hasMore);
    REQUIRE(page->items.size() == 1);
    const AnthropicUsageRow &r = page->items.at(0);
    CHECK(r.model == QLatin1String("claude-sonnet-4-6"));
    CHECK(r.uncachedInputTokens == 820000);
    CHECK(r.cacheReadInputTokens == 4100000);
    CHECK(r.cacheCreation5mTokens == 300000);
    CHECK(r.cacheCreation1hTokens == 12);
    CHECK(r.outputTokens == 190000);
    CHECK(r.webSearchRequests == 12);

    const auto wrong = parseAnthropicUsageReport(fixture(QStringLiteral("anthropic/usage_report_wrong_type.json")));
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message.contains(QLatin1String("uncached_input_tokens' is a string")));
}

TEST_CASE("Anthropic API keys page with last_id as the next cursor")
{
    const auto page = parseAnthropicApiKeys(fixture(QStringLiteral("anthropic/api_keys.json")));
    REQUIRE(page.ok());
    CHECK(page->hasMore);
    CHECK(page->lastId == QLatin1String("apikey_02"));
    REQUIRE(page->items.size() == 2);
    CHECK(page->items.at(0).status == QLatin1String("active"));
    CHECK_FALSE(page->items.at(0).expiresAt.isValid());
    CHECK(page->items.at(1).expiresAt == QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
    CHECK(page->items.at(1).partialKeyHint == QLatin1String("sk-ant-api03-Xy...AAAA"));

    const auto missing = parseAnthropicApiKeys(R"({"data":[],"has_more":true})");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.contains(QLatin1String("last_id")));
}

TEST_CASE("Anthropic errors: spend cap, rate limit, overload and auth")
{
    const Error spend = anthropicError(response(429, fixture(QStringLiteral("anthropic/error_spend_limit.json"))));
    CHECK(spend.kind == ErrorKind::RateLimited);
    CHECK(spend.message.contains(QLatin1String("spend cap")));
    CHECK(spend.detail.contains(QLatin1String("req_011CSHoEeqs5C35K2UUqR7Fy")));
    const Error limited = anthropicError(response(429, fixture(QStringLiteral("anthropic/error_rate_limit.json"))));
    CHECK(limited.kind == ErrorKind::RateLimited);
    CHECK_FALSE(limited.message.contains(QLatin1String("spend")));
    const Error overloaded = anthropicError(response(529, fixture(QStringLiteral("anthropic/error_overloaded.json"))));
    CHECK(overloaded.kind == ErrorKind::Network);
    CHECK(overloaded.message.contains(QLatin1String("overloaded")));
    CHECK(overloaded.httpStatus == 529);
    const Error auth = anthropicError(response(401, fixture(QStringLiteral("anthropic/error_auth.json"))));
    CHECK(auth.kind == ErrorKind::Auth);
    CHECK(auth.detail.contains(QLatin1String("authentication_error")));
}

TEST_CASE("Anthropic requests: x-api-key, pinned version, RFC 3339 times and group_by[]")
{
    AnthropicConfig c;
    c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/anthropic"));
    c.adminKey = QStringLiteral("test-token-not-real");
    const QDateTime start(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime end = QDateTime(QDate(2026, 1, 8), QTime(1, 0), Qt::OffsetFromUTC, 3600);  // = 00:00Z
    const HttpRequest r = anthropic::costReportRequest(c, start, end, {QStringLiteral("description")},
                                                       QStringLiteral("page_X"));
    CHECK(r.url.path() == QLatin1String("/anthropic/v1/organizations/cost_report"));
    CHECK(r.url.toEncoded().contains("group_by[]=description"));
    const QUrlQuery q(r.url);
    CHECK(q.queryItemValue(QStringLiteral("starting_at"), QUrl::FullyDecoded) == QLatin1String("2026-01-01T00:00:00Z"));
    CHECK(q.queryItemValue(QStringLiteral("ending_at"), QUrl::FullyDecoded) == QLatin1String("2026-01-08T00:00:00Z"));
    CHECK(q.queryItemValue(QStringLiteral("page")) == QLatin1String("page_X"));
    CHECK(r.header("anthropic-version") == "2023-06-01");
    REQUIRE(r.authHeaders.size() == 1);
    CHECK(r.authHeaders.at(0).first == "x-api-key");
    CHECK(r.authHeaders.at(0).second == "test-token-not-real");

    const HttpRequest usage = anthropic::usageReportRequest(c, start, {}, {QStringLiteral("model")}, {});
    CHECK(usage.url.path() == QLatin1String("/anthropic/v1/organizations/usage_report/messages"));
    CHECK(QUrlQuery(usage.url).allQueryItemValues(QStringLiteral("group_by[]")) == QStringList{QStringLiteral("model")});

    const HttpRequest keys = anthropic::listApiKeysRequest(c, {}, QStringLiteral("apikey_02"));
    CHECK(QUrlQuery(keys.url).queryItemValue(QStringLiteral("after_id")) == QLatin1String("apikey_02"));
    const HttpRequest update = anthropic::updateApiKeyRequest(c, QStringLiteral("apikey_01"), QStringLiteral("inactive"));
    CHECK(update.method == "POST");
    CHECK_FALSE(update.isIdempotent());
    CHECK(QJsonDocument::fromJson(update.body).object().value(QStringLiteral("status")).toString()
          == QLatin1String("inactive"));
}
