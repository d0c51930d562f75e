#include "providers/openai/openaiclient.h"

#include "net/httpclient.h"
#include "providers/openai/openaiparser.h"
#include "providers/openai/openairequests.h"
#include "providers/pager.h"

namespace opsdeck {

namespace {
// One paged walk for both endpoints: `page` = next_page while has_more.
template <typename Row>
void walk(Job<QList<Row>> *job, HttpClient &http, std::function<HttpRequest(const QString &)> request,
          std::function<Result<OpenAiPage<Row>>(const QByteArray &)> parse)
{
    Pager<Row>::run(job, http, request(QString()), 0,
                    [request, parse](const HttpResponse &response, qsizetype) -> Result<PageStep<Row>> {
                        if (!response.isSuccess())
                            return openAiError(response);
                        Result<OpenAiPage<Row>> page = parse(response.body);
                        if (!page.ok())
                            return page.error();
                        PageStep<Row> step{std::move(page.value().items), {}, page.value().nextPage};
                        if (page.value().hasMore)
                            step.next = request(page.value().nextPage);
                        return step;
                    });
}
} // namespace

OpenAiClient::OpenAiClient(HttpClient &http, OpenAiConfig config, QObject *parent)
    : QObject(parent), m_http(http), m_config(std::move(config))
{
}

OpenAiClient::~OpenAiClient() = default;

template <typename T>
bool OpenAiClient::failIfMisconfigured(Job<T> *job, const QDateTime &start, const QDateTime &end)
{
    QString problem;
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        problem = tr("The OpenAI API URL is not valid.");
    else if (m_config.adminKey.isEmpty())
        problem = tr("No OpenAI admin key is configured.");
    else if (!start.isValid() || (end.isValid() && end <= start))
        problem = tr("The OpenAI report period is empty or invalid.");
    if (problem.isEmpty())
        return false;
    job->finish(makeError(ErrorKind::Config, problem));
    return true;
}

Job<QList<CostRow>> *OpenAiClient::costs(const QDateTime &start, const QDateTime &end, const QStringList &groupBy)
{
    auto *job = new Job<QList<CostRow>>(this);
    if (failIfMisconfigured(job, start, end))
        return job;
    const OpenAiConfig config = m_config;
    walk<CostRow>(
        job, m_http,
        [config, start, end, groupBy](const QString &page) {
            return openai::costsRequest(config, start, end, groupBy, page);
        },
        parseOpenAiCosts);
    return job;
}

Job<QList<UsageRow>> *OpenAiClient::completionsUsage(const QDateTime &start, const QDateTime &end,
                                                     const QStringList &groupBy)
{
    auto *job = new Job<QList<UsageRow>>(this);
    if (failIfMisconfigured(job, start, end))
        return job;
    const OpenAiConfig config = m_config;
    walk<UsageRow>(
        job, m_http,
        [config, start, end, groupBy](const QString &page) {
            return openai::completionsUsageRequest(config, start, end, groupBy, page);
        },
        parseOpenAiCompletionsUsage);
    return job;
}

} // namespace opsdeck
