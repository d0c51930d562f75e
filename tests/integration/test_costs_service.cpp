// CostService against the in-process sandbox: fetch, store, read back offline with the figures'
// age, a provider that fails keeps its last good figures, usage for the what-if.
#include "core/clock.h"
#include "costs/costanalysis.h"
#include "costs/costservice.h"
#include "net/httpclient.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/openai/openaiclient.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace opsdeck;

namespace {

struct World {
    World()
    {
        SandboxOptions o;
        o.seed = 5;
        sandbox = std::make_unique<Sandbox>(o);
        REQUIRE(sandbox->start().ok());
        REQUIRE(store.open().ok());
        clock.setNow(sandbox->nowUtc());
    }

    CostSources sources(const QByteArray &anthropicKey = Sandbox::kAnthropicKey)
    {
        return CostSources{
            [this](QObject *owner) {
                return Job<OpenAiClient *>::done(
                    new OpenAiClient(http, OpenAiConfig{sandbox->openaiApi(), QString::fromLatin1(Sandbox::kOpenAiKey)}, owner), owner);
            },
            [this, anthropicKey](QObject *owner) {
                return Job<AnthropicClient *>::done(
                    new AnthropicClient(http, AnthropicConfig{sandbox->anthropicApi(), QString::fromLatin1(anthropicKey)}, owner), owner);
            },
        };
    }

    template <typename T>
    Result<T> wait(Job<T> *job)
    {
        std::optional<Result<T>> out;
        job->onFinished(sandbox.get(), [&out](const Result<T> &r) { out = r; });
        REQUIRE(test::waitUntil([&] { return out.has_value(); }, 30000));
        return *out;
    }

    QDate today() const { return sandbox->world().costs().days().last(); }

    QTemporaryDir dir;
    std::unique_ptr<Sandbox> sandbox;
    HttpClient http;
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock;
};

void checkAgainstWorld(const CostSeries &s, const SandboxWorld &world, const QStringList &providers)
{
    for (const QDate &day : world.costs().days()) {
        for (const QString &p : providers) {
            INFO(day.toString(Qt::ISODate).toStdString() << " " << p.toStdString());
            CHECK(toCents(s.total(day, p)) == toCents(world.costUsd(p, day)));
        }
    }
}

} // namespace

TEST_CASE("refresh stores 30 days per provider and model; load gives them back without a network")
{
    World w;
    CostService service(w.store, w.clock, w.sources());
    const QDate from = w.today().addDays(-29);
    const auto fresh = w.wait(service.refresh(from, w.today()));
    INFO((fresh ? std::string() : fresh.error().toString().toStdString()));
    REQUIRE(fresh.ok());
    CHECK(fresh->problems.isEmpty());
    checkAgainstWorld(fresh.value(), w.sandbox->world(), costprovider::all());
    CHECK(fresh->models(QStringLiteral("openai")) == QStringList{QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4-mini")});
    CHECK(fresh->models(QStringLiteral("anthropic")).contains(QStringLiteral("claude-opus-4-6")));
    CHECK(fresh->oldestFetch() == w.clock.nowUtc());

    // Another service on the same store, with no provider at all: the same figures, instantly.
    CostService offline(w.store, w.clock, CostSources{});
    const CostSeries stored = offline.load(from, w.today());
    CHECK(stored.figures() == fresh->figures());
    CHECK(stored.oldestFetch(QStringLiteral("anthropic")) == w.clock.nowUtc());
}

TEST_CASE("a provider that fails keeps its last good figures, with their age; the other is refreshed")
{
    World w;
    CostService service(w.store, w.clock, w.sources());
    const QDate from = w.today().addDays(-6);
    REQUIRE(w.wait(service.refresh(from, w.today())).ok());
    const QDateTime firstFetch = w.clock.nowUtc();

    w.clock.setNow(firstFetch.addSecs(2 * 3600));
    SandboxFaults spend;
    spend.spendLimitNext = true;
    w.sandbox->setFaults(QStringLiteral("anthropic"), spend);
    std::optional<QString> lastProgress;
    Job<CostSeries> *job = service.refresh(from, w.today());
    QObject::connect(job, &JobBase::progress, w.sandbox.get(), [&](const QString &s) { lastProgress = s; });
    const auto partial = w.wait(job);
    REQUIRE(partial.ok());
    REQUIRE(partial->problems.size() == 1);
    CHECK(partial->problems.first().provider == QStringLiteral("anthropic"));
    CHECK(partial->problems.first().error.kind == ErrorKind::RateLimited);
    CHECK(partial->newestFetch(QStringLiteral("openai")) == firstFetch.addSecs(2 * 3600));
    CHECK(partial->oldestFetch(QStringLiteral("anthropic")) == firstFetch);  // kept, 2 h old
    CHECK(toCents(partial->total(w.today().addDays(-1), QStringLiteral("anthropic")))
          == toCents(w.sandbox->world().costUsd(QStringLiteral("anthropic"), w.today().addDays(-1))));
    CHECK(lastProgress.has_value());

    SECTION("a wrong key everywhere fails the refresh; the store is unchanged")
    {
        CostSources none;
        none.anthropic = w.sources("wrong-key-not-real").anthropic;
        CostService onlyBad(w.store, w.clock, none);
        const auto failed = w.wait(onlyBad.refresh(from, w.today()));
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().message.contains(QStringLiteral("Anthropic")));
        CHECK(failed.error().message.contains(QStringLiteral("OpenAI")));
        CHECK(onlyBad.load(from, w.today()).figures() == partial->figures());
    }
}

TEST_CASE("a cancelled refresh finishes as cancelled and writes nothing")
{
    World w;
    CostService service(w.store, w.clock, w.sources());
    Job<CostSeries> *job = service.refresh(w.today().addDays(-29), w.today());
    job->cancel();
    const auto r = w.wait(job);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Cancelled);
    test::waitUntil([] { return false; }, 300);  // let any reply that was in flight arrive
    CHECK(service.load(w.today().addDays(-29), w.today()).isEmpty());
}

TEST_CASE("usage per model over 30 days, for the what-if")
{
    World w;
    CostService service(w.store, w.clock, w.sources());
    const auto usage = w.wait(service.fetchUsage(w.today().addDays(-29), w.today()));
    REQUIRE(usage.ok());
    CHECK(usage->days() == 30);
    for (const QString &model : {QStringLiteral("gpt-5.4"), QStringLiteral("claude-sonnet-4-6")}) {
        qint64 output = 0;
        qint64 cached = 0;
        for (const SandboxUsage &u : w.sandbox->world().costs().usage()) {
            if (u.model == model && u.day >= w.today().addDays(-29)) {  // the world holds older days too
                output += u.outputTokens;
                cached += u.cachedTokens;
            }
        }
        const ModelUsage *m = usage->find(model);
        REQUIRE(m);
        CHECK(m->outputTokens == output);
        CHECK(m->cacheReadTokens == cached);
    }
    const auto saving = whatIf(usage.value(), PriceTable::builtIn(), {QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4-mini"), 100});
    REQUIRE(saving.ok());
    // gpt-5.4-mini costs 30 % of gpt-5.4 in every category: moving all of it saves 70 %.
    CHECK(saving->savingMonthlyUsd == Approx(saving->currentMonthlyUsd * 0.7));
    CHECK(saving->currentMonthlyUsd > 100);
}

TEST_CASE("a complete usage fetch is stored: the what-if works offline, and a partial fetch does not replace it")
{
    World w;
    {
        CostService service(w.store, w.clock, w.sources());
        CHECK_FALSE(service.storedUsage().has_value());
        REQUIRE(w.wait(service.fetchUsage(w.today().addDays(-29), w.today())).ok());
    }
    const QDateTime fetchedAt = w.clock.nowUtc();
    w.clock.setNow(fetchedAt.addSecs(3 * 3600));

    // Offline: both providers refuse (a wrong key), the stored usage is still there, unchanged.
    CostService offline(w.store, w.clock, w.sources(QByteArrayLiteral("wrong-anthropic-key-not-real")));
    const auto partial = w.wait(offline.fetchUsage(w.today().addDays(-29), w.today()));
    REQUIRE(partial.ok());  // OpenAI answered
    REQUIRE_FALSE(partial->problems.isEmpty());
    const auto stored = offline.storedUsage();
    REQUIRE(stored.has_value());
    CHECK(stored->fetchedAt == fetchedAt);
    CHECK(stored->period.days() == 30);
    const ModelUsage *sonnet = stored->period.find(QStringLiteral("claude-sonnet-4-6"));
    REQUIRE(sonnet);  // the Anthropic models of the complete fetch are still there
    qint64 output = 0;
    for (const SandboxUsage &u : w.sandbox->world().costs().usage())
        if (u.model == QLatin1String("claude-sonnet-4-6") && u.day >= w.today().addDays(-29))
            output += u.outputTokens;
    CHECK(sonnet->outputTokens == output);
    const auto saving = whatIf(stored->period, PriceTable::builtIn(), {QStringLiteral("gpt-5.4"), QStringLiteral("gpt-5.4-mini"), 100});
    REQUIRE(saving.ok());
    CHECK(saving->savingMonthlyUsd == Approx(saving->currentMonthlyUsd * 0.7));
}
