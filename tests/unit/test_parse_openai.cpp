// What OpsDeck reads from OpenAI's Costs and Usage APIs and what it sends (api-reference.md section 3).
#include <catch2/catch.hpp>

#include "providers/openai/openaiparser.h"
#include "providers/openai/openairequests.h"
#include "testsupport.h"

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

TEST_CASE("OpenAI costs accept the amount as a number or a numeric string, with the paging cursor")
{
    const auto page = parseOpenAiCosts(fixture(QStringLiteral("openai/costs_page1.json")));
    REQUIRE(page.ok());
    CHECK(page->hasMore);
    CHECK(page->nextPage == QLatin1String("page_AAAAAGdGxdE"));
    REQUIRE(page->items.size() == 2);  // the empty second bucket adds no rows
    const CostRow &input = page->items.at(0);
    CHECK(input.day == QDate(2026, 1, 1));
    CHECK(input.amountUsd == Approx(12.4731));
    CHECK(input.lineItem == QLatin1String("gpt-5.4, input"));
    CHECK(input.projectId == QLatin1String("proj_abc"));
    CHECK(page->items.at(1).amountUsd == Approx(0.5));  // "0.50" as a string

    const auto last = parseOpenAiCosts(fixture(QStringLiteral("openai/costs_last.json")));
    REQUIRE(last.ok());
    CHECK_FALSE(last->hasMore);
    CHECK(last->nextPage.isEmpty());
    REQUIRE(last->items.size() == 1);
    CHECK(last->items.at(0).amountUsd == Approx(-1.25));  // credits stay negative
    CHECK(last->items.at(0).day == QDate(2026, 1, 3));
    CHECK(last->items.at(0).lineItem.isEmpty());  // null when not grouped
}

TEST_CASE("OpenAI amounts that are null, not numbers or not finite are rejected, never read as 0")
{
    struct Case {
        const char *fixture;
        const char *mentions;
    };
    const Case cases[] = {
        {"openai/costs_null_amount.json", "'data[0].results[0].amount.value' is null"},
        {"openai/costs_garbage_amount.json", "'data[0].results[0].amount.value' is not a number"},
        {"openai/costs_huge_amount.json", "malformed"},  // Qt: "illegal number"
        {"openai/costs_huge_string_amount.json", "amount.value' is not a number"},
        {"openai/costs_missing_amount.json", "'data[0].results[0].amount' is missing"},
        {"openai/costs_eur.json", "expected usd"},
        {"openai/costs_wrongtype.json", "'data' is a string, expected an array"},
        {"openai/costs_has_more_without_cursor.json", "'next_page' is missing although has_more is true"},
        {"vercel/html_error.html", "HTML page"},
    };
    for (const Case &c : cases) {
        INFO(c.fixture);
        const auto page = parseOpenAiCosts(fixture(QString::fromLatin1(c.fixture)));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == ErrorKind::BadResponse);
        CHECK(page.error().message.contains(QLatin1String("OpenAI")));
        CHECK(page.error().message.contains(QString::fromUtf8(c.mentions)));
    }
    const QByteArray whole = fixture(QStringLiteral("openai/costs_page1.json"));
    const auto cut = parseOpenAiCosts(whole.left(whole.size() / 2));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message.contains(QLatin1String("malformed or cut off")));
}

TEST_CASE("Decimal strings are numbers only when the whole text is a number")
{
    CHECK(parseDecimalString(QStringLiteral("12.50")) == 12.5);
    CHECK(parseDecimalString(QStringLiteral("-0.3")) == -0.3);
    CHECK(parseDecimalString(QStringLiteral("1e-3")) == 0.001);
    for (const char *bad : {"", "abc", "12,50", "1e400", "inf", "NaN", "0x10", "12.", ".5", "1 2"}) {
        INFO(bad);
        CHECK_FALSE(parseDecimalString(QString::fromLatin1(bad)).has_value());
    }
}

TEST_CASE("OpenAI completions usage rows keep cached tokens apart")
{
    const auto page = parseOpenAiCompletionsUsage(fixture(QStringLiteral("openai/usage.json")));
    REQUIRE(page.ok());
    REQUIRE(page->items.size() == 1);
    const UsageRow &row = page->items.at(0);
    CHECK(row.day == QDate(2026, 1, 1));
    CHECK(row.model == QLatin1String("gpt-5.4-mini"));
    CHECK(row.inputTokens == 1520000);
    CHECK(row.cachedTokens == 900000);
    CHECK(row.outputTokens == 210000);
    CHECK(row.requests == 3400);

    const auto missing = parseOpenAiCompletionsUsage(fixture(QStringLiteral("openai/usage_missing_tokens.json")));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.contains(QLatin1String("'data[0].results[0].output_tokens' is missing")));
    const auto fraction = parseOpenAiCompletionsUsage(fixture(QStringLiteral("openai/usage_fractional_tokens.json")));
    REQUIRE_FALSE(fraction.ok());
    CHECK(fraction.error().message.contains(QLatin1String("input_tokens")));
}

TEST_CASE("OpenAI requests: Unix seconds, repeated group_by, the cursor as page, no doubled /v1")
{
    OpenAiConfig c;
    c.baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1/"));
    c.adminKey = QStringLiteral("test-token-not-real");
    const QDateTime start(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime end(QDate(2026, 1, 8), QTime(0, 0), Qt::UTC);
    const HttpRequest r = openai::costsRequest(c, start, end,
                                               {QStringLiteral("project_id"), QStringLiteral("line_item")},
                                               QStringLiteral("page_AAA"));
    CHECK(r.url.path() == QLatin1String("/v1/organization/costs"));
    const QUrlQuery q(r.url);
    CHECK(q.queryItemValue(QStringLiteral("start_time")) == QLatin1String("1767225600"));
    CHECK(q.queryItemValue(QStringLiteral("end_time")) == QLatin1String("1767830400"));
    CHECK(q.allQueryItemValues(QStringLiteral("group_by"))
          == QStringList{QStringLiteral("project_id"), QStringLiteral("line_item")});
    CHECK(q.queryItemValue(QStringLiteral("page")) == QLatin1String("page_AAA"));
    CHECK(q.queryItemValue(QStringLiteral("bucket_width")) == QLatin1String("1d"));
    REQUIRE(r.authHeaders.size() == 1);
    CHECK(r.authHeaders.at(0).second == "Bearer test-token-not-real");

    OpenAiConfig sandbox = c;
    sandbox.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/openai"));
    const HttpRequest usage = openai::completionsUsageRequest(sandbox, start, {}, {QStringLiteral("model")}, {});
    CHECK(usage.url.path() == QLatin1String("/openai/v1/organization/usage/completions"));
    CHECK_FALSE(QUrlQuery(usage.url).hasQueryItem(QStringLiteral("page")));
    CHECK_FALSE(QUrlQuery(usage.url).hasQueryItem(QStringLiteral("end_time")));
}

TEST_CASE("OpenAI error bodies")
{
    const Error e = openAiError(response(401, fixture(QStringLiteral("openai/error_invalid_key.json"))));
    CHECK(e.kind == ErrorKind::Auth);
    CHECK(e.message.contains(QLatin1String("Incorrect API key")));
    CHECK(e.detail.contains(QLatin1String("invalid_api_key")));
    CHECK(openAiError(response(429, {})).kind == ErrorKind::RateLimited);
    CHECK(openAiError(response(503, {})).kind == ErrorKind::Network);
}
