#include "providers/anthropic/anthropicclient.h"

#include "net/httpclient.h"
#include "providers/anthropic/anthropicparser.h"
#include "providers/anthropic/anthropicrequests.h"
#include "providers/pager.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace opsdeck {

namespace {
template <typename Row>
void walkReport(Job<QList<Row>> *job, HttpClient &http, std::function<HttpRequest(const QString &)> request,
                std::function<Result<AnthropicReportPage<Row>>(const QByteArray &)> parse)
{
    Pager<Row>::run(job, http, request(QString()), 0,
                    [request, parse](const HttpResponse &response, qsizetype) -> Result<PageStep<Row>> {
                        if (!response.isSuccess())
                            return anthropicError(response);
                        Result<AnthropicReportPage<Row>> page = parse(response.body);
                        if (!page.ok())
                            return page.error();
                        PageStep<Row> step{std::move(page.value().items), {}, page.value().nextPage};
                        if (page.value().hasMore)
                            step.next = request(page.value().nextPage);
                        return step;
                    });
}
} // namespace

AnthropicClient::AnthropicClient(HttpClient &http, AnthropicConfig config, QObject *parent)
    : QObject(parent), m_http(http), m_config(std::move(config))
{
}

AnthropicClient::~AnthropicClient() = default;

template <typename T>
bool AnthropicClient::failIfMisconfigured(Job<T> *job, const QDateTime &start, const QDateTime &end)
{
    QString problem;
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        problem = tr("The Anthropic API URL is not valid.");
    else if (m_config.adminKey.isEmpty())
        problem = tr("No Anthropic admin key is configured.");
    else if (start.isValid() && end.isValid() && end <= start)
        problem = tr("The Anthropic report period is empty or invalid.");
    if (problem.isEmpty())
        return false;
    job->finish(makeError(ErrorKind::Config, problem));
    return true;
}

Job<QList<AnthropicCostRow>> *AnthropicClient::costReport(const QDateTime &start, const QDateTime &end,
                                                          const QStringList &groupBy)
{
    auto *job = new Job<QList<AnthropicCostRow>>(this);
    if (failIfMisconfigured(job, start, end))
        return job;
    if (!start.isValid()) {
        job->finish(makeError(ErrorKind::Config, tr("The Anthropic report needs a start time.")));
        return job;
    }
    const AnthropicConfig config = m_config;
    walkReport<AnthropicCostRow>(
        job, m_http,
        [config, start, end, groupBy](const QString &page) {
            return anthropic::costReportRequest(config, start, end, groupBy, page);
        },
        parseAnthropicCostReport);
    return job;
}

Job<QList<AnthropicUsageRow>> *AnthropicClient::usageReport(const QDateTime &start, const QDateTime &end,
                                                            const QStringList &groupBy)
{
    auto *job = new Job<QList<AnthropicUsageRow>>(this);
    if (failIfMisconfigured(job, start, end))
        return job;
    if (!start.isValid()) {
        job->finish(makeError(ErrorKind::Config, tr("The Anthropic report needs a start time.")));
        return job;
    }
    const AnthropicConfig config = m_config;
    walkReport<AnthropicUsageRow>(
        job, m_http,
        [config, start, end, groupBy](const QString &page) {
            return anthropic::usageReportRequest(config, start, end, groupBy, page);
        },
        parseAnthropicUsageReport);
    return job;
}

Job<QList<AnthropicApiKey>> *AnthropicClient::listApiKeys(const QString &status)
{
    auto *job = new Job<QList<AnthropicApiKey>>(this);
    if (failIfMisconfigured(job))
        return job;
    const AnthropicConfig config = m_config;
    Pager<AnthropicApiKey>::run(job, m_http, anthropic::listApiKeysRequest(config, status, {}), 0,
                                [config, status](const HttpResponse &response,
                                                 qsizetype) -> Result<PageStep<AnthropicApiKey>> {
                                    if (!response.isSuccess())
                                        return anthropicError(response);
                                    Result<AnthropicApiKeyPage> page = parseAnthropicApiKeys(response.body);
                                    if (!page.ok())
                                        return page.error();
                                    PageStep<AnthropicApiKey> step{std::move(page.value().items), {},
                                                                   page.value().lastId};
                                    if (page.value().hasMore)
                                        step.next = anthropic::listApiKeysRequest(config, status, page.value().lastId);
                                    return step;
                                });
    return job;
}

Job<AnthropicApiKey> *AnthropicClient::updateApiKey(const QString &keyId, const QString &status)
{
    auto *job = new Job<AnthropicApiKey>(this);
    if (failIfMisconfigured(job))
        return job;
    static const QStringList allowed = {QStringLiteral("active"), QStringLiteral("inactive"), QStringLiteral("archived")};
    if (keyId.isEmpty() || !allowed.contains(status)) {
        job->finish(makeError(ErrorKind::Config, tr("An API key status change needs a key id and one of: %1.")
                                                     .arg(allowed.join(QStringLiteral(", ")))));
        return job;
    }
    job->send(m_http, anthropic::updateApiKeyRequest(m_config, keyId, status), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseAnthropicApiKey(r->body) : Result<AnthropicApiKey>(anthropicError(*r)));
    });
    return job;
}

Job<void> *AnthropicClient::checkModelsAccess()
{
    auto *job = new Job<void>(this);
    if (failIfMisconfigured(job))
        return job;
    job->send(m_http, anthropic::modelsRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(anthropicError(*r));
        // {"data":[...], "has_more", ...}: anything else is not Anthropic answering.
        const QJsonObject root = QJsonDocument::fromJson(r->body).object();
        if (!root.value(QLatin1String("data")).isArray())
            return job->finish(makeError(ErrorKind::BadResponse, tr("Anthropic's model list is not JSON with a data array.")));
        job->finish({});
    });
    return job;
}

} // namespace opsdeck
