#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace opsdeck {

struct OpenAiConfig {
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com"));  // paths start with /v1
    QString adminKey;
};

// One cost result of a daily bucket (GET /v1/organization/costs).
struct CostRow {
    QDate day;           // the bucket's UTC day
    QString lineItem;    // empty unless grouped by line_item
    QString projectId;   // empty unless grouped by project_id
    double amountUsd = 0;
};

// One completions-usage result of a daily bucket (GET /v1/organization/usage/completions).
struct UsageRow {
    QDate day;
    QString model;       // empty unless grouped by model
    qint64 inputTokens = 0;   // includes cached tokens
    qint64 cachedTokens = 0;
    qint64 outputTokens = 0;
    qint64 requests = 0;
};

// An admin key (GET /v1/organization/admin_api_keys) or a project's API key
// (GET /v1/organization/projects/{id}/api_keys). Only a redacted form of the value is ever returned.
struct OpenAiKey {
    QString id;
    QString name;
    QString redactedValue;  // "sk-proj-ab...wxyz": first characters, "...", last characters
    QString projectId;      // empty for an admin key
    qint64 createdAt = 0;   // Unix seconds
};

struct OpenAiKeyPage {
    QList<OpenAiKey> items;
    bool hasMore = false;
    QString lastId;         // goes back as `after`
};

template <typename Row>
struct OpenAiPage {
    QList<Row> items;
    bool hasMore = false;
    QString nextPage;    // goes back as `page`
};

using CostPage = OpenAiPage<CostRow>;
using UsagePage = OpenAiPage<UsageRow>;

} // namespace opsdeck
