#include "costs/costservice.h"

#include "core/clock.h"
#include "costs/costingest.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/openai/openaiclient.h"
#include "providers/providersource.h"

#include <QDir>
#include <QFile>
#include <QHash>

#include <memory>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::CostService)
};

QDateTime dayStart(QDate d) { return QDateTime(d, QTime(0, 0), Qt::UTC); }

QString providerLabel(const QString &provider)
{
    if (provider == costprovider::openai())
        return QStringLiteral("OpenAI");
    if (provider == costprovider::anthropic())
        return QStringLiteral("Anthropic");
    return provider;
}

// Gets a client from source, runs call on it and hands convert(rows) to done, unless `job` has
// finished meanwhile (cancelled). Clients are parented to job: they go when it goes.
template <typename Client, typename Row, typename Out>
void fetchFrom(const std::function<Job<Client *> *(QObject *)> &source,
               JobBase *job, const QString &provider, std::function<Job<QList<Row>> *(Client *)> call,
               std::function<Out(const QList<Row> &)> convert, std::function<void(Result<Out>)> done)
{
    if (!source) {
        done(makeError(ErrorKind::Config, Tr::tr("%1 is not configured.").arg(providerLabel(provider))));
        return;
    }
    source(job)->onFinished(job, [job, call, convert, done](const Result<Client *> &client) {
        if (job->isFinished())
            return;
        if (!client) {
            done(client.error());
            return;
        }
        call(client.value())->onFinished(job, [job, convert, done](const Result<QList<Row>> &rows) {
            if (job->isFinished())
                return;
            if (!rows) {
                done(rows.error());
                return;
            }
            done(convert(rows.value()));
        });
    });
}

// Every provider failed: one error that names each.
Error allFailed(const QList<ProviderProblem> &problems)
{
    QStringList parts;
    for (const ProviderProblem &p : problems)
        parts.append(providerLabel(p.provider) + QStringLiteral(": ") + p.error.message);
    Error e = problems.isEmpty() ? makeError(ErrorKind::Config, Tr::tr("No provider to fetch from.")) : problems.first().error;
    e.message = parts.join(QStringLiteral("; "));
    return e;
}
} // namespace

CostSources costSourcesFrom(std::shared_ptr<ProviderSource> source)
{
    return CostSources{
        [source](QObject *owner) { return source->openai(owner); },
        [source](QObject *owner) { return source->anthropic(owner); },
    };
}

CostService::CostService(Store &store, Clock &clock, CostSources sources, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_sources(std::move(sources))
{
}

CostService::~CostService() = default;

QDate CostService::today() const { return m_clock.nowUtc().date(); }

Job<CostSeries> *CostService::refresh(QDate from, QDate to, const QStringList &providers)
{
    auto *job = new Job<CostSeries>(this);
    if (!from.isValid() || !to.isValid() || to < from) {
        job->finish(makeError(ErrorKind::Config, Tr::tr("The cost period is empty or invalid.")));
        return job;
    }
    struct State {
        qsizetype pending = 0;
        QHash<QString, QList<CostFigure>> figures;
        QList<ProviderProblem> problems;
    };
    auto state = std::make_shared<State>();
    state->pending = providers.size();
    const QDateTime start = dayStart(from);
    const QDateTime end = dayStart(to.addDays(1));

    const auto done = [this, job, state, from, to](const QString &provider, Result<QList<CostFigure>> r) {
        if (r) {
            state->figures.insert(provider, r.value());
            job->reportProgress(Tr::tr("%1 costs received").arg(providerLabel(provider)));
        } else {
            state->problems.append({provider, r.error()});
            job->reportProgress(Tr::tr("%1 costs failed: %2").arg(providerLabel(provider), r.error().message));
        }
        if (--state->pending > 0)
            return;
        if (state->figures.isEmpty())
            return job->finish(allFailed(state->problems));
        for (auto it = state->figures.cbegin(); it != state->figures.cend(); ++it) {
            if (Status saved = m_store.replace(it.key(), from, to, it.value()); !saved)
                return job->finish(saved.error());
        }
        Result<CostSeries> series = m_store.load(from, to);
        if (!series)
            return job->finish(series.error());
        series.value().problems = state->problems;
        job->finish(std::move(series));
    };

    if (providers.isEmpty()) {
        job->finish(allFailed({}));
        return job;
    }
    for (const QString &provider : providers) {
        const QDateTime now = m_clock.nowUtc();
        const auto finish = [done, provider](Result<QList<CostFigure>> r) { done(provider, std::move(r)); };
        if (provider == costprovider::openai()) {
            fetchFrom<OpenAiClient, CostRow, QList<CostFigure>>(
                m_sources.openai, job, provider,
                [start, end](OpenAiClient *c) { return c->costs(start, end, {QStringLiteral("line_item")}); },
                [now](const QList<CostRow> &rows) { return figuresFromOpenAi(rows, now); }, finish);
        } else if (provider == costprovider::anthropic()) {
            fetchFrom<AnthropicClient, AnthropicCostRow, QList<CostFigure>>(
                m_sources.anthropic, job, provider,
                [start, end](AnthropicClient *c) { return c->costReport(start, end, {QStringLiteral("description")}); },
                [now](const QList<AnthropicCostRow> &rows) { return figuresFromAnthropic(rows, now); }, finish);
        } else {
            finish(makeError(ErrorKind::Config, Tr::tr("Unknown cost provider \"%1\".").arg(provider)));
        }
    }
    return job;
}

Result<CostSeries> CostService::loadStored(QDate from, QDate to) const
{
    return m_store.load(from, to);
}

CostSeries CostService::load(QDate from, QDate to) const
{
    Result<CostSeries> series = m_store.load(from, to);
    if (series)
        return std::move(series).value();
    CostSeries empty(from, to, {});
    empty.problems.append({QStringLiteral("store"), series.error()});
    return empty;
}

Job<UsagePeriod> *CostService::fetchUsage(QDate from, QDate to)
{
    auto *job = new Job<UsagePeriod>(this);
    if (!from.isValid() || !to.isValid() || to < from) {
        job->finish(makeError(ErrorKind::Config, Tr::tr("The usage period is empty or invalid.")));
        return job;
    }
    auto period = std::make_shared<UsagePeriod>();
    period->from = from;
    period->to = to;
    auto pending = std::make_shared<int>(2);
    auto ok = std::make_shared<int>(0);
    const auto done = [this, job, period, pending, ok](const QString &provider, Result<QList<ModelUsage>> r) {
        if (r) {
            period->models.append(r.value());
            ++*ok;
        } else {
            period->problems.append({provider, r.error()});
        }
        if (--*pending > 0)
            return;
        if (*ok == 0)
            return job->finish(allFailed(period->problems));
        // Only a complete picture replaces the stored one (a what-if on half the models misleads).
        if (period->problems.isEmpty()) {
            if (Status s = m_store.saveUsage(*period, m_clock.nowUtc()); !s)
                period->problems.append({QStringLiteral("store"), s.error()});
        }
        job->finish(*period);
    };
    const QDateTime start = dayStart(from);
    const QDateTime end = dayStart(to.addDays(1));
    fetchFrom<OpenAiClient, UsageRow, QList<ModelUsage>>(
        m_sources.openai, job, costprovider::openai(),
        [start, end](OpenAiClient *c) { return c->completionsUsage(start, end, {QStringLiteral("model")}); },
        [](const QList<UsageRow> &rows) { return usageFromOpenAi(rows); },
        [done](Result<QList<ModelUsage>> r) { done(costprovider::openai(), std::move(r)); });
    fetchFrom<AnthropicClient, AnthropicUsageRow, QList<ModelUsage>>(
        m_sources.anthropic, job, costprovider::anthropic(),
        [start, end](AnthropicClient *c) { return c->usageReport(start, end, {QStringLiteral("model")}); },
        [](const QList<AnthropicUsageRow> &rows) { return usageFromAnthropic(rows); },
        [done](Result<QList<ModelUsage>> r) { done(costprovider::anthropic(), std::move(r)); });
    return job;
}

Status CostService::importFigures(const QList<CostFigure> &figures)
{
    return m_store.upsert(figures);
}

std::optional<StoredUsage> CostService::storedUsage() const
{
    const auto stored = m_store.lastUsage();
    return stored ? stored.value() : std::nullopt;
}

std::optional<ActiveUsers> CostService::activeUsers(QDate month) const
{
    const auto users = m_store.activeUsers(month);
    return users ? users.value() : std::nullopt;
}

Status CostService::setActiveUsers(QDate month, qint64 users)
{
    return m_store.setActiveUsers(month, users, m_clock.nowUtc());
}

Result<PriceTable> CostService::priceTable() const
{
    if (m_dataDir.isEmpty())
        return PriceTable::builtIn();
    return PriceTable::load(PriceTable::overridePath(m_dataDir));
}

Status CostService::savePriceTable(const PriceTable &table)
{
    if (m_dataDir.isEmpty())
        return makeError(ErrorKind::Config, Tr::tr("There is no data folder to save the price table in."));
    return table.save(PriceTable::overridePath(m_dataDir));
}

Status CostService::resetPriceTable()
{
    if (m_dataDir.isEmpty())
        return {};
    QFile file(PriceTable::overridePath(m_dataDir));
    if (file.exists() && !file.remove())
        return makeError(ErrorKind::Io, Tr::tr("Cannot remove the price table %1").arg(QDir::toNativeSeparators(file.fileName())),
                         file.errorString());
    return {};
}

} // namespace opsdeck
