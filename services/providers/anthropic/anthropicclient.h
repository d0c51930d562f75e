#pragma once

#include "providers/anthropic/types.h"
#include "core/job.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

namespace opsdeck {

class HttpClient;

// Anthropic Admin API client (api-reference.md section 4): legacy cost and usage reports
// (next_page as `page` while has_more) and API key listing/status changes for rotation.
class AnthropicClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnthropicClient)
public:
    explicit AnthropicClient(HttpClient &http, AnthropicConfig config, QObject *parent = nullptr);
    ~AnthropicClient() override;

    const AnthropicConfig &config() const { return m_config; }

    Job<QList<AnthropicCostRow>> *costReport(const QDateTime &start, const QDateTime &end,
                                             const QStringList &groupBy = {QStringLiteral("description")});
    Job<QList<AnthropicUsageRow>> *usageReport(const QDateTime &start, const QDateTime &end,
                                               const QStringList &groupBy = {QStringLiteral("model")});
    // All keys (after_id = last_id paging); status filters (active, inactive, archived, expired).
    Job<QList<AnthropicApiKey>> *listApiKeys(const QString &status = {});
    // status: active, inactive or archived. Not retried automatically.
    Job<AnthropicApiKey> *updateApiKey(const QString &keyId, const QString &status);

    // GET /v1/models with the configured key: whether a runtime (non-admin) key is accepted.
    Job<void> *checkModelsAccess();

private:
    template <typename T>
    bool failIfMisconfigured(Job<T> *job, const QDateTime &start = {}, const QDateTime &end = {});

    HttpClient &m_http;
    AnthropicConfig m_config;
};

} // namespace opsdeck
