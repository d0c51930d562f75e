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

template <typename T>
bool OpenAiClient::failWithoutKey(Job<T> *job)
{
    QString problem;
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        problem = tr("The OpenAI API URL is not valid.");
    else if (m_config.adminKey.isEmpty())
        problem = tr("No OpenAI key is configured.");
    if (problem.isEmpty())
        return false;
    job->finish(makeError(ErrorKind::Config, problem));
    return true;
}

Job<int> *OpenAiClient::listModels()
{
    auto *job = new Job<int>(this);
    if (failWithoutKey(job))
        return job;
    job->send(m_http, openai::modelsRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseOpenAiModels(r->body) : Result<int>(openAiError(*r)));
    });
    return job;
}

Job<QList<OpenAiKey>> *OpenAiClient::listKeys(std::function<HttpRequest(const QString &after)> request)
{
    auto *job = new Job<QList<OpenAiKey>>(this);
    if (failWithoutKey(job))
        return job;
    Pager<OpenAiKey>::run(job, m_http, request({}), 0,
                          [request](const HttpResponse &response, qsizetype) -> Result<PageStep<OpenAiKey>> {
                              if (!response.isSuccess())
                                  return openAiError(response);
                              Result<OpenAiKeyPage> page = parseOpenAiKeys(response.body);
                              if (!page.ok())
                                  return page.error();
                              PageStep<OpenAiKey> step{std::move(page.value().items), {}, page.value().lastId};
                              if (page.value().hasMore)
                                  step.next = request(page.value().lastId);
                              return step;
                          });
    return job;
}

Job<QList<OpenAiKey>> *OpenAiClient::listAdminKeys()
{
    const OpenAiConfig config = m_config;
    return listKeys([config](const QString &after) { return openai::listAdminKeysRequest(config, after); });
}

Job<QList<OpenAiKey>> *OpenAiClient::listProjectKeys(const QString &projectId)
{
    if (projectId.isEmpty())
        return Job<QList<OpenAiKey>>::done(makeError(ErrorKind::Config, tr("No OpenAI project is configured.")), this);
    const OpenAiConfig config = m_config;
    return listKeys([config, projectId](const QString &after) {
        return openai::listProjectKeysRequest(config, projectId, after);
    });
}

Job<void> *OpenAiClient::deleteKey(const HttpRequest &request)
{
    auto *job = new Job<void>(this);
    if (failWithoutKey(job))
        return job;
    job->send(m_http, request, [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(openAiError(*r));
        job->finish({});
    });
    return job;
}

Job<void> *OpenAiClient::deleteAdminKey(const QString &keyId)
{
    return deleteKey(openai::deleteAdminKeyRequest(m_config, keyId));
}

Job<void> *OpenAiClient::deleteProjectKey(const QString &projectId, const QString &keyId)
{
    return deleteKey(openai::deleteProjectKeyRequest(m_config, projectId, keyId));
}

} // namespace opsdeck
