#include "providers/anthropic/anthropicparser.h"

#include "core/text.h"
#include "providers/jsonreader.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <functional>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::AnthropicParser)
};

const QString kAnthropic = QStringLiteral("Anthropic");

template <typename Row>
Result<AnthropicReportPage<Row>> readReport(const QByteArray &body, const QString &document,
                                            const std::function<Row(const JsonObjectView &, QDate)> &onResult)
{
    JsonReader reader(kAnthropic, document);
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    AnthropicReportPage<Row> page;
    for (const JsonObjectView &bucket : root->objects("data")) {
        const auto start = bucket.optIsoDate("starting_at");
        if (!start && !bucket.has("starting_at"))
            bucket.fail("starting_at", Tr::tr("is missing"));
        const QDate day = start.value_or(QDateTime()).date();
        for (const JsonObjectView &result : bucket.objects("results"))
            page.items.append(onResult(result, day));
    }
    page.hasMore = root->boolean("has_more");
    page.nextPage = root->optString("next_page").value_or(QString());
    if (page.hasMore && page.nextPage.isEmpty() && !reader.failed())
        root->fail("next_page", Tr::tr("is missing although has_more is true"));
    if (reader.failed())
        return reader.error();
    return page;
}

AnthropicApiKey readKey(const JsonObjectView &o)
{
    AnthropicApiKey k;
    k.id = o.string("id");
    k.name = o.optText("name").value_or(QString());
    k.status = sanitizeForDisplay(o.string("status"));
    k.createdAt = o.optIsoDate("created_at").value_or(QDateTime());
    if (const auto by = o.optObject("created_by"))
        k.createdById = by->optString("id").value_or(QString());
    k.expiresAt = o.optIsoDate("expires_at").value_or(QDateTime());
    k.partialKeyHint = o.optText("partial_key_hint").value_or(QString());
    k.workspaceId = o.optString("workspace_id").value_or(QString());
    return k;
}
} // namespace

std::optional<double> centsToUsd(const QString &cents)
{
    static const QRegularExpression decimal(QStringLiteral("^(-?)([0-9]+)(?:\\.([0-9]+))?$"));
    const QRegularExpressionMatch m = decimal.match(cents.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    // Move the decimal point two places left in the text, then convert once (correctly rounded).
    const QString digits = m.captured(2) + m.captured(3);
    const qsizetype point = m.captured(2).size() - 2;
    QString shifted = m.captured(1);
    if (point <= 0)
        shifted += QStringLiteral("0.") + QString(-point, QLatin1Char('0')) + digits;
    else
        shifted += digits.left(point) + QLatin1Char('.') + digits.mid(point);
    bool ok = false;
    const double usd = shifted.toDouble(&ok);
    if (!ok || !std::isfinite(usd))
        return std::nullopt;
    return usd;
}

Result<AnthropicCostPage> parseAnthropicCostReport(const QByteArray &body)
{
    return readReport<AnthropicCostRow>(body, Tr::tr("cost report"), [](const JsonObjectView &r, QDate day) {
        AnthropicCostRow row;
        row.day = day;
        const QJsonValue amount = r.value("amount");
        if (!amount.isString()) {
            r.fail("amount", Tr::tr("is %1, expected a decimal string in cents").arg(jsonTypeName(amount)));
        } else if (const auto usd = centsToUsd(amount.toString())) {
            row.amountCents = amount.toString().trimmed();
            row.amountUsd = *usd;
        } else {
            r.fail("amount", Tr::tr("is not a decimal number (\"%1\")").arg(sanitizeForDisplay(amount.toString().left(40))));
        }
        const auto currency = r.optString("currency");
        if (currency && currency->compare(QLatin1String("USD"), Qt::CaseInsensitive) != 0)
            r.fail("currency", Tr::tr("is \"%1\", expected USD").arg(sanitizeForDisplay(currency->left(10))));
        row.description = r.optText("description").value_or(QString());
        row.costType = r.optText("cost_type").value_or(QString());
        row.model = r.optText("model").value_or(QString());
        row.tokenType = r.optText("token_type").value_or(QString());
        row.serviceTier = r.optText("service_tier").value_or(QString());
        row.workspaceId = r.optString("workspace_id").value_or(QString());
        return row;
    });
}

Result<AnthropicUsagePage> parseAnthropicUsageReport(const QByteArray &body)
{
    return readReport<AnthropicUsageRow>(body, Tr::tr("usage report"), [](const JsonObjectView &r, QDate day) {
        AnthropicUsageRow row;
        row.day = day;
        row.model = r.optText("model").value_or(QString());
        row.workspaceId = r.optString("workspace_id").value_or(QString());
        row.apiKeyId = r.optString("api_key_id").value_or(QString());
        row.serviceTier = r.optText("service_tier").value_or(QString());
        row.uncachedInputTokens = r.integer("uncached_input_tokens");
        row.cacheReadInputTokens = r.integer("cache_read_input_tokens");
        if (const auto creation = r.optObject("cache_creation")) {
            row.cacheCreation5mTokens = creation->optInteger("ephemeral_5m_input_tokens").value_or(0);
            row.cacheCreation1hTokens = creation->optInteger("ephemeral_1h_input_tokens").value_or(0);
        }
        row.outputTokens = r.integer("output_tokens");
        if (const auto tools = r.optObject("server_tool_use"))
            row.webSearchRequests = tools->optInteger("web_search_requests").value_or(0);
        return row;
    });
}

Result<AnthropicApiKeyPage> parseAnthropicApiKeys(const QByteArray &body)
{
    JsonReader reader(kAnthropic, Tr::tr("API key list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    AnthropicApiKeyPage page;
    for (const JsonObjectView &o : root->objects("data"))
        page.items.append(readKey(o));
    page.hasMore = root->boolean("has_more");
    page.lastId = root->optString("last_id").value_or(QString());
    if (page.hasMore && page.lastId.isEmpty() && !reader.failed())
        root->fail("last_id", Tr::tr("is missing although has_more is true"));
    if (reader.failed())
        return reader.error();
    return page;
}

Result<AnthropicApiKey> parseAnthropicApiKey(const QByteArray &body)
{
    JsonReader reader(kAnthropic, Tr::tr("API key"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    AnthropicApiKey key = readKey(*root);
    if (reader.failed())
        return reader.error();
    return key;
}

ApiErrorBody parseAnthropicError(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonObject error = root.value(QLatin1String("error")).toObject();
    ApiErrorBody out;
    out.message = sanitizeForDisplay(error.value(QLatin1String("message")).toString()).left(500);
    out.code = sanitizeForDisplay(error.value(QLatin1String("type")).toString()).left(100);
    const QString requestId = root.value(QLatin1String("request_id")).toString();
    if (!requestId.isEmpty())
        out.extra = sanitizeForDisplay(QStringLiteral("request_id ") + requestId.left(100));
    return out;
}

Error anthropicError(const HttpResponse &response)
{
    ApiErrorBody body = parseAnthropicError(response.body);
    if (response.status == 429 && response.body.contains("enforced_spend_limit_reached")) {
        // Not a transient limit: nothing succeeds until the cap is raised or the period ends.
        body.message = Tr::tr("the organisation's spend limit (spend cap) is reached; requests are refused until "
                              "it is raised in the Console or the period resets");
        return httpStatusError(kAnthropic, response, body, ErrorKind::RateLimited);
    }
    if (response.status == 529 || body.code == QLatin1String("overloaded_error")) {
        body.message = Tr::tr("the service is overloaded, try again later");
        return httpStatusError(kAnthropic, response, body, ErrorKind::Network);
    }
    return httpStatusError(kAnthropic, response, body);
}

} // namespace opsdeck
