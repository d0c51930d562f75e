#pragma once

#include "core/job.h"
#include "providers/openai/types.h"

#include <QDateTime>
#include <QObject>

#include <functional>

namespace opsdeck {

class HttpClient;

// OpenAI organization Costs and Usage client (api-reference.md section 3). Both calls follow
// next_page while has_more and return every row of [start, end).
class OpenAiClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiClient)
public:
    explicit OpenAiClient(HttpClient &http, OpenAiConfig config, QObject *parent = nullptr);
    ~OpenAiClient() override;

    const OpenAiConfig &config() const { return m_config; }

    Job<QList<CostRow>> *costs(const QDateTime &start, const QDateTime &end,
                               const QStringList &groupBy = {QStringLiteral("line_item"),
                                                             QStringLiteral("project_id")});
    Job<QList<UsageRow>> *completionsUsage(const QDateTime &start, const QDateTime &end,
                                           const QStringList &groupBy = {QStringLiteral("model")});

    // Rotation. The configured key authenticates: a project key for listModels (validation of a
    // runtime key), an admin key for the rest. Lists walk every page (after = last_id).
    Job<int> *listModels();
    Job<QList<OpenAiKey>> *listAdminKeys();
    Job<void> *deleteAdminKey(const QString &keyId);
    Job<QList<OpenAiKey>> *listProjectKeys(const QString &projectId);
    Job<void> *deleteProjectKey(const QString &projectId, const QString &keyId);

private:
    template <typename T>
    bool failIfMisconfigured(Job<T> *job, const QDateTime &start, const QDateTime &end);
    template <typename T>
    bool failWithoutKey(Job<T> *job);
    Job<QList<OpenAiKey>> *listKeys(std::function<HttpRequest(const QString &after)> request);
    Job<void> *deleteKey(const HttpRequest &request);

    HttpClient &m_http;
    OpenAiConfig m_config;
};

} // namespace opsdeck
