#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace opsdeck {

struct AnthropicConfig {
    QUrl baseUrl = QUrl(QStringLiteral("https://api.anthropic.com"));
    QString adminKey;
};

// One result of a daily bucket of GET /v1/organizations/cost_report.
struct AnthropicCostRow {
    QDate day;
    QString amountCents;     // the decimal string as sent, in cents ("123.45")
    double amountUsd = 0;    // amountCents / 100 ("123.45" -> 1.2345)
    QString description;     // grouped by description only
    QString costType;        // tokens, web_search, code_execution, session_usage
    QString model;
    QString tokenType;
    QString serviceTier;
    QString workspaceId;     // empty = default workspace
};

// One result of a daily bucket of GET /v1/organizations/usage_report/messages.
struct AnthropicUsageRow {
    QDate day;
    QString model;           // grouped by model only
    QString workspaceId;
    QString apiKeyId;
    QString serviceTier;
    qint64 uncachedInputTokens = 0;
    qint64 cacheReadInputTokens = 0;
    qint64 cacheCreation5mTokens = 0;
    qint64 cacheCreation1hTokens = 0;
    qint64 outputTokens = 0;
    qint64 webSearchRequests = 0;
};

template <typename Row>
struct AnthropicReportPage {
    QList<Row> items;
    bool hasMore = false;
    QString nextPage;        // goes back as `page`
};

using AnthropicCostPage = AnthropicReportPage<AnthropicCostRow>;
using AnthropicUsagePage = AnthropicReportPage<AnthropicUsageRow>;

struct AnthropicApiKey {
    QString id;              // apikey_...
    QString name;
    QString status;          // active, inactive, archived, expired
    QDateTime createdAt;
    QString createdById;
    QDateTime expiresAt;     // invalid = never
    QString partialKeyHint;
    QString workspaceId;
};

struct AnthropicApiKeyPage {
    QList<AnthropicApiKey> items;
    bool hasMore = false;
    QString lastId;          // goes back as `after_id`
};

} // namespace opsdeck
