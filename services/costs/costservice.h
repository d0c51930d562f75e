#pragma once

#include "core/job.h"
#include "costs/costseries.h"
#include "costs/coststore.h"
#include "costs/pricetable.h"
#include "costs/whatif.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>
#include <memory>

namespace opsdeck {

class AnthropicClient;
class Clock;
class OpenAiClient;
class ProviderSource;
class Store;

// Where the service gets its provider clients (credentials resolved). A source left empty is
// reported as "not configured". In the app: CostsUseCase::makeService.
struct CostSources {
    std::function<Job<OpenAiClient *> *(QObject *owner)> openai;
    std::function<Job<AnthropicClient *> *(QObject *owner)> anthropic;
};

// Both clients from one ProviderSource, kept alive by the returned sources (a keychain read
// answers later and still needs it).
CostSources costSourcesFrom(std::shared_ptr<ProviderSource> source);

// OpenAI and Anthropic spend: fetched per day and model for a period (every page), kept in the
// local store with the time of the fetch, and read back from there (instantly, and offline).
// Lives on the thread of the Store it is given.
class CostService : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostService)
public:
    CostService(Store &store, Clock &clock, CostSources sources, QObject *parent = nullptr);
    ~CostService() override;

    // Fetches [from, to] (UTC days) from the providers, replaces their stored figures for that
    // range, and finishes with the stored series. A provider that fails keeps its previous
    // figures and is listed in CostSeries::problems; the job fails only when every provider
    // failed (or the store could not be written). progress() names the step.
    Job<CostSeries> *refresh(QDate from, QDate to, const QStringList &providers = costprovider::all());

    // The stored figures for [from, to], without the network. A store error leaves the series
    // empty with a problem for provider "store".
    CostSeries load(QDate from, QDate to) const;
    Result<CostSeries> loadStored(QDate from, QDate to) const;

    // Token usage per model over [from, to] (OpenAI completions usage, Anthropic usage report),
    // for the what-if; a fetch that reads every provider replaces the stored one. Fails only when
    // every provider failed.
    Job<UsagePeriod> *fetchUsage(QDate from, QDate to);
    // The last complete usage fetch, with its time (instantly, and offline); nullopt when none.
    std::optional<StoredUsage> storedUsage() const;

    // Adds imported figures (CSV) to the store.
    Status importFigures(const QList<CostFigure> &figures);

    std::optional<ActiveUsers> activeUsers(QDate month) const;
    Status setActiveUsers(QDate month, qint64 users);

    // The folder holding the user's price table (PriceTable::overridePath). Without one only the
    // built-in table exists and nothing can be saved.
    void setDataDir(const QString &dataDir) { m_dataDir = dataDir; }
    QString dataDir() const { return m_dataDir; }
    // The user's price table when one is saved, else the built-in one. A broken file is an error
    // that names it, never silently the built-in table.
    Result<PriceTable> priceTable() const;
    // Saves table as the user's (atomic replace); it overrides the built-in one from then on.
    Status savePriceTable(const PriceTable &table);
    // Removes the user's table: the built-in one applies again.
    Status resetPriceTable();

    // The UTC day the clock is in.
    QDate today() const;
    Clock &clock() const { return m_clock; }

private:
    CostStore m_store;
    Clock &m_clock;
    CostSources m_sources;
    QString m_dataDir;
};

} // namespace opsdeck
