#include "providers/openai/openaiparser.h"

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
    Q_DECLARE_TR_FUNCTIONS(opsdeck::OpenAiParser)
};

const QString kOpenAi = QStringLiteral("OpenAI");

// Walks {"data":[bucket...], "has_more", "next_page"}; onResult gets each result with its day.
template <typename Row>
Result<OpenAiPage<Row>> readPage(const QByteArray &body, const QString &document,
                                 const std::function<Row(const JsonObjectView &, QDate)> &onResult)
{
    JsonReader reader(kOpenAi, document);
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    OpenAiPage<Row> page;
    for (const JsonObjectView &bucket : root->objects("data")) {
        const auto start = bucket.optEpochSeconds("start_time");
        if (!start && !bucket.has("start_time"))
            bucket.fail("start_time", Tr::tr("is missing"));
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

double readAmount(const JsonObjectView &result)
{
    const JsonObjectView amount = result.objectAt("amount");
    const QJsonValue value = amount.value("value");
    double usd = 0;
    if (value.isString()) {
        const auto parsed = parseDecimalString(value.toString());
        if (!parsed)
            amount.fail("value", Tr::tr("is not a number (\"%1\")").arg(sanitizeForDisplay(value.toString().left(40))));
        usd = parsed.value_or(0);
    } else if (value.isUndefined() || value.isNull()) {
        amount.fail("value", value.isNull() ? Tr::tr("is null") : Tr::tr("is missing"));
    } else {
        usd = amount.optNumber("value").value_or(0);
    }
    const auto currency = amount.optString("currency");
    if (currency && currency->compare(QLatin1String("usd"), Qt::CaseInsensitive) != 0)
        amount.fail("currency", Tr::tr("is \"%1\", expected usd").arg(sanitizeForDisplay(currency->left(10))));
    return usd;
}
} // namespace

std::optional<double> parseDecimalString(const QString &text)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"));
    const QString t = text.trimmed();
    if (!number.match(t).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return std::nullopt;
    return d;
}

Result<CostPage> parseOpenAiCosts(const QByteArray &body)
{
    return readPage<CostRow>(body, Tr::tr("costs"), [](const JsonObjectView &r, QDate day) {
        CostRow row;
        row.day = day;
        row.amountUsd = readAmount(r);
        row.lineItem = r.optText("line_item").value_or(QString());
        row.projectId = r.optString("project_id").value_or(QString());
        return row;
    });
}

Result<UsagePage> parseOpenAiCompletionsUsage(const QByteArray &body)
{
    return readPage<UsageRow>(body, Tr::tr("completions usage"), [](const JsonObjectView &r, QDate day) {
        UsageRow row;
        row.day = day;
        row.model = r.optText("model").value_or(QString());
        row.inputTokens = r.integer("input_tokens");
        row.cachedTokens = r.optInteger("input_cached_tokens").value_or(0);
        row.outputTokens = r.integer("output_tokens");
        row.requests = r.integer("num_model_requests");
        return row;
    });
}

Result<OpenAiKeyPage> parseOpenAiKeys(const QByteArray &body)
{
    JsonReader reader(kOpenAi, Tr::tr("API key list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    OpenAiKeyPage page;
    for (const JsonObjectView &o : root->objects("data")) {
        OpenAiKey k;
        k.id = o.string("id");
        k.name = o.optText("name").value_or(QString());
        k.redactedValue = o.optText("redacted_value").value_or(QString());
        k.createdAt = o.optInteger("created_at").value_or(0);
        if (const auto project = o.optObject("project"))
            k.projectId = project->optString("id").value_or(QString());
        page.items.append(k);
    }
    page.hasMore = root->boolean("has_more");
    page.lastId = root->optString("last_id").value_or(QString());
    if (page.hasMore && page.lastId.isEmpty() && !reader.failed())
        root->fail("last_id", Tr::tr("is missing although has_more is true"));
    if (reader.failed())
        return reader.error();
    return page;
}

Result<int> parseOpenAiModels(const QByteArray &body)
{
    JsonReader reader(kOpenAi, Tr::tr("model list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    const int count = int(root->objects("data").size());
    if (reader.failed())
        return reader.error();
    return count;
}

ApiErrorBody parseOpenAiError(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    ApiErrorBody out;
    out.message = sanitizeForDisplay(error.value(QLatin1String("message")).toString()).left(500);
    const QJsonValue code = error.value(QLatin1String("code"));
    out.code = sanitizeForDisplay(code.isString() ? code.toString() : error.value(QLatin1String("type")).toString())
                   .left(100);
    return out;
}

Error openAiError(const HttpResponse &response)
{
    return httpStatusError(kOpenAi, response, parseOpenAiError(response.body));
}

} // namespace opsdeck
