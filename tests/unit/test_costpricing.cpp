// The dated price table (built in, user override), the what-if, and provider rows -> figures.
#include "costs/costingest.h"
#include "costs/pricetable.h"
#include "costs/whatif.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {
QByteArray resourceTable()
{
    QFile f(QStringLiteral(OPSDECK_FIXTURES_DIR "/../../resources/pricing/default.json"));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

ModelUsage usage(const QString &provider, const QString &model, qint64 uncached, qint64 cached, qint64 output)
{
    ModelUsage u;
    u.provider = provider;
    u.model = model;
    u.uncachedInputTokens = uncached;
    u.cacheReadTokens = cached;
    u.outputTokens = output;
    return u;
}
} // namespace

TEST_CASE("the built-in price table is resources/pricing/default.json, dated, with section 5's prices")
{
    CHECK(QJsonDocument::fromJson(PriceTable::builtInJson()) == QJsonDocument::fromJson(resourceTable()));
    const PriceTable t = PriceTable::builtIn();
    CHECK(t.asOf() == QDate(2026, 11, 1));
    CHECK_FALSE(t.isUserTable());
    CHECK(t.prices().size() >= 25);

    const ModelPrice *sonnet = t.find(QStringLiteral("claude-sonnet-4-6"));
    REQUIRE(sonnet);
    CHECK(sonnet->inputUsd == 3.00);
    CHECK(sonnet->cacheWrite5mUsd == 3.75);
    CHECK(sonnet->cacheWrite1hUsd == 6.00);
    CHECK(sonnet->cachedInputUsd == 0.30);
    CHECK(sonnet->outputUsd == 15.00);
    const ModelPrice *mini = t.find(QStringLiteral("gpt-5.4-mini"));
    REQUIRE(mini);
    CHECK(mini->cachedInputUsd == 0.075);
    CHECK(mini->outputUsd == 4.50);
    CHECK(mini->asOf == QDate(2026, 6, 1));
    CHECK(mini->cacheWrite5mUsd == mini->inputUsd);  // OpenAI: no cache-write premium

    // Unpublished cache prices follow the rules (1.25x / 2x / 0.1x input).
    const ModelPrice *opus55 = t.find(QStringLiteral("claude-opus-5-5"));
    REQUIRE(opus55);
    CHECK(opus55->cacheWrite5mUsd == Approx(5.0));
    CHECK(opus55->cacheWrite1hUsd == Approx(8.0));
    CHECK(opus55->cachedInputUsd == Approx(0.4));
}

TEST_CASE("dated model snapshots find their family's price; unknown models none")
{
    const PriceTable t = PriceTable::builtIn();
    CHECK(t.find(QStringLiteral("gpt-5.4-mini-2026-03-17"))->model == QStringLiteral("gpt-5.4-mini"));
    CHECK(t.find(QStringLiteral("gpt-5.4-2026-03-05"))->model == QStringLiteral("gpt-5.4"));
    CHECK(t.find(QStringLiteral("claude-sonnet-4-5-20250929"))->model == QStringLiteral("claude-sonnet-4-5"));
    CHECK(t.find(QStringLiteral("gpt-5.4x")) == nullptr);
    CHECK(t.find(QStringLiteral("llama-4")) == nullptr);
}

TEST_CASE("a user's edited table overrides the default; a broken one is an error, not the default")
{
    QTemporaryDir dir;
    const QString path = PriceTable::overridePath(dir.path());
    CHECK_FALSE(PriceTable::load(path)->isUserTable());  // no file yet: the built-in table

    PriceTable edited = PriceTable::builtIn();
    QList<ModelPrice> prices = edited.prices();
    prices.first().inputUsd = 4.25;
    prices.first().note = QStringLiteral("negotiated");
    edited.setPrices(prices);
    edited.setAsOf(QDate(2026, 11, 29));
    REQUIRE(edited.save(path).ok());
    const auto loaded = PriceTable::load(path);
    REQUIRE(loaded.ok());
    CHECK(loaded->isUserTable());
    CHECK(loaded->asOf() == QDate(2026, 11, 29));
    CHECK(loaded->prices() == prices);

    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"version\": 1, \"asOf\": \"2026-11-29\", \"models\": [{\"provider\": \"openai\", \"model\": \"x\", "
            "\"input\": -1, \"output\": 2}]}");
    f.close();
    const auto broken = PriceTable::load(path);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.contains(QStringLiteral("negative")));
    CHECK(broken.error().message.contains(QStringLiteral("pricing.json")));
}

TEST_CASE("invalid price tables are refused")
{
    const auto problem = [](const char *json) {
        const auto t = PriceTable::fromJson(QByteArray(json));
        return t.ok() ? QString() : t.error().message;
    };
    CHECK(!problem("[]").isEmpty());
    CHECK(!problem("{\"version\": 2, \"asOf\": \"2026-11-01\", \"models\": []}").isEmpty());
    CHECK(problem("{\"version\": 1, \"asOf\": \"soon\", \"models\": []}").contains(QStringLiteral("asOf")));
    CHECK(problem("{\"version\": 1, \"asOf\": \"2026-11-01\", \"models\": [{\"provider\": \"openai\", \"model\": \"a\", "
                  "\"input\": 1, \"output\": 2}, {\"provider\": \"openai\", \"model\": \"a\", \"input\": 1, \"output\": 2}]}")
              .contains(QStringLiteral("twice")));
    CHECK(problem("{\"version\": 1, \"asOf\": \"2026-11-01\", \"models\": [{\"provider\": \"openai\", \"model\": \"a\", "
                  "\"input\": \"1\", \"output\": 2}]}")
              .contains(QStringLiteral("not a number")));
    CHECK(problem("{\"version\": 1, \"asOf\": \"2026-11-01\", \"models\": [{\"provider\": \"openai\", \"model\": \"a\", "
                  "\"output\": 2}]}")
              .contains(QStringLiteral("no input")));
}

TEST_CASE("what-if: moving half of gpt-5.4's tokens to gpt-5.4-mini saves 70 % of that half")
{
    // 10 days: 10M uncached input, 20M cached, 3M output on gpt-5.4.
    UsagePeriod period;
    period.from = QDate(2026, 11, 1);
    period.to = QDate(2026, 11, 10);
    period.models = {usage(QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 10'000'000, 20'000'000, 3'000'000)};
    const PriceTable t = PriceTable::builtIn();
    // At list price: 10 x 2.50 + 20 x 0.25 + 3 x 15 = 75 $ in 10 days = 225 $ a month.
    CHECK(priceUsage(period.models.first(), *t.find(QStringLiteral("gpt-5.4"))) == Approx(75));

    const auto r = whatIf(period, t, {QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4-mini"), 50});
    REQUIRE(r.ok());
    CHECK(r->periodDays == 10);
    CHECK(r->fromModelMonthlyUsd == Approx(225));
    CHECK(r->currentMonthlyUsd == Approx(112.5));
    // On mini: 10 x 0.75 + 20 x 0.075 + 3 x 4.50 = 22.5 $ / 10 days = 67.5 a month, half = 33.75.
    CHECK(r->proposedMonthlyUsd == Approx(33.75));
    CHECK(r->savingMonthlyUsd == Approx(78.75));
    CHECK(r->tokensMovedPerMonth == 49'500'000);
    CHECK(r->toPriceAsOf == QDate(2026, 6, 1));

    // The other way round costs more: a negative saving.
    period.models.append(usage(QStringLiteral("openai"), QStringLiteral("gpt-5.4-mini"), 1'000'000, 0, 0));
    const auto back = whatIf(period, t, {QStringLiteral("gpt-5.4-mini"), QStringLiteral("gpt-5.4"), 100});
    REQUIRE(back.ok());
    CHECK(back->savingMonthlyUsd == Approx((0.75 - 2.50) * 3));

    CHECK_FALSE(whatIf(period, t, {QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4"), 50}).ok());
    CHECK_FALSE(whatIf(period, t, {QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4-mini"), 150}).ok());
    CHECK(whatIf(period, t, {QStringLiteral("o3"), QStringLiteral("gpt-5.4-mini"), 50}).error().message.contains(QStringLiteral("no recorded usage")));
    CHECK(whatIf(period, t, {QStringLiteral("gpt-5.4"), QStringLiteral("llama-4"), 50}).error().message.contains(QStringLiteral("price table")));
}

TEST_CASE("what-if across providers prices Anthropic cache writes and reads at their own rates")
{
    UsagePeriod period;
    period.from = QDate(2026, 11, 1);
    period.to = QDate(2026, 11, 30);
    ModelUsage opus = usage(QStringLiteral("anthropic"), QStringLiteral("claude-opus-4-6"), 1'000'000, 4'000'000, 500'000);
    opus.cacheWrite5mTokens = 2'000'000;
    period.models = {opus};
    const auto r = whatIf(period, PriceTable::builtIn(), {QStringLiteral("claude-opus-4-6"), QStringLiteral("claude-sonnet-4-6"), 100});
    REQUIRE(r.ok());
    // Opus: 1 x 5 + 4 x 0.5 + 2 x 6.25 + 0.5 x 25 = 32; Sonnet: 3 + 1.2 + 7.5 + 7.5 = 19.2.
    CHECK(r->currentMonthlyUsd == Approx(32));
    CHECK(r->proposedMonthlyUsd == Approx(19.2));
    CHECK(r->savingMonthlyUsd == Approx(12.8));
}

TEST_CASE("provider rows become one figure per day and model")
{
    const QDate d(2026, 11, 27);
    const QDateTime at(QDate(2026, 11, 28), QTime(6, 0), Qt::UTC);
    CHECK(modelOfLineItem(QStringLiteral("gpt-5.4, input")) == QStringLiteral("gpt-5.4"));
    CHECK(modelOfLineItem(QStringLiteral("gpt-5.4-mini, cached input")) == QStringLiteral("gpt-5.4-mini"));
    CHECK(modelOfLineItem(QStringLiteral("web search")) == QStringLiteral("web search"));

    const QList<CostFigure> openai = figuresFromOpenAi(
        {CostRow{d, QStringLiteral("gpt-5.4, input"), {}, 1.25}, CostRow{d, QStringLiteral("gpt-5.4, output"), {}, 2.5},
         CostRow{d.addDays(1), QStringLiteral("gpt-5.4, input"), {}, 1}, CostRow{d, QString(), {}, 0.5},
         CostRow{d, QStringLiteral("\x1b[2Jevil\u202E, input"), {}, 0.25}},
        at);
    REQUIRE(openai.size() == 4);
    CHECK(openai[0] == CostFigure{d, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 3.75, at});
    CHECK(openai[1].day == d.addDays(1));
    CHECK(openai[2].model == QStringLiteral("unattributed"));
    CHECK(openai[3].model == QStringLiteral("evil"));  // escapes and bidi overrides stripped

    AnthropicCostRow tokens;
    tokens.day = d;
    tokens.amountUsd = 18.345;  // "1834.5" cents
    tokens.model = QStringLiteral("claude-sonnet-4-6");
    tokens.costType = QStringLiteral("tokens");
    AnthropicCostRow search = tokens;
    search.amountUsd = 0.12;
    search.model.clear();
    search.costType = QStringLiteral("web_search");
    const QList<CostFigure> anthropic = figuresFromAnthropic({tokens, tokens, search}, at);
    REQUIRE(anthropic.size() == 2);
    CHECK(anthropic[0].model == QStringLiteral("claude-sonnet-4-6"));
    CHECK(anthropic[0].amountUsd == Approx(36.69));
    CHECK(anthropic[1].model == QStringLiteral("web_search"));
    CHECK(anthropic[1].provider == QStringLiteral("anthropic"));
}

TEST_CASE("usage rows sum per model; OpenAI's input includes its cached tokens")
{
    const QList<ModelUsage> o = usageFromOpenAi({UsageRow{QDate(2026, 11, 1), QStringLiteral("gpt-5.4"), 1'520'000, 900'000, 210'000, 3400},
                                                 UsageRow{QDate(2026, 11, 2), QStringLiteral("gpt-5.4"), 100, 0, 10, 1}});
    REQUIRE(o.size() == 1);
    CHECK(o[0].uncachedInputTokens == 620'100);
    CHECK(o[0].cacheReadTokens == 900'000);
    CHECK(o[0].outputTokens == 210'010);
    CHECK(o[0].requests == 3401);

    AnthropicUsageRow r;
    r.model = QStringLiteral("claude-sonnet-4-6");
    r.uncachedInputTokens = 820'000;
    r.cacheReadInputTokens = 4'100'000;
    r.cacheCreation5mTokens = 300'000;
    r.outputTokens = 190'000;
    const QList<ModelUsage> a = usageFromAnthropic({r, r});
    REQUIRE(a.size() == 1);
    CHECK(a[0].uncachedInputTokens == 1'640'000);
    CHECK(a[0].cacheWrite5mTokens == 600'000);
    CHECK(a[0].totalTokens() == 2 * (820'000 + 4'100'000 + 300'000 + 190'000));
}
