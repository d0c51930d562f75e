#include "providers/github/githubrequests.h"

#include "core/text.h"
#include "providers/apiurl.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace opsdeck::github {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::GithubRequests)
};

QString repoPath(const GithubConfig &config)
{
    return QStringLiteral("/repos/") + pathSegment(config.owner) + QLatin1Char('/') + pathSegment(config.repo);
}

HttpRequest makeRequest(const GithubConfig &config, const QByteArray &method, const QString &encodedPath,
                        const QueryBuilder &query = {})
{
    HttpRequest r;
    r.method = method;
    r.url = apiUrl(config.baseUrl, encodedPath, query);
    r.provider = QStringLiteral("github");
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/vnd.github+json")});
    r.headers.append({QByteArrayLiteral("X-GitHub-Api-Version"), QByteArrayLiteral("2022-11-28")});
    r.authHeaders.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + config.token.toUtf8()});
    return r;
}

void setJsonBody(HttpRequest &r, const QJsonObject &body)
{
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
}

int clampPerPage(int perPage)
{
    return std::clamp(perPage, 1, 100);
}
} // namespace

HttpRequest listWorkflowRunsRequest(const GithubConfig &config, const WorkflowRunQuery &query, int perPage)
{
    QueryBuilder q;
    q.add(QStringLiteral("per_page"), clampPerPage(perPage));
    q.addIfNotEmpty(QStringLiteral("status"), query.status);
    q.addIfNotEmpty(QStringLiteral("branch"), query.branch);
    q.addIfNotEmpty(QStringLiteral("created"), query.created);
    HttpRequest r = makeRequest(config, "GET", repoPath(config) + QStringLiteral("/actions/runs"), q);
    r.useEtagCache = true;
    return r;
}

HttpRequest getRunRequest(const GithubConfig &config, qint64 runId)
{
    HttpRequest r =
        makeRequest(config, "GET", repoPath(config) + QStringLiteral("/actions/runs/") + QString::number(runId));
    r.useEtagCache = true;
    return r;
}

HttpRequest rerunRequest(const GithubConfig &config, qint64 runId, bool failedJobsOnly)
{
    HttpRequest r = makeRequest(config, "POST",
                                repoPath(config) + QStringLiteral("/actions/runs/") + QString::number(runId)
                                    + (failedJobsOnly ? QStringLiteral("/rerun-failed-jobs") : QStringLiteral("/rerun")));
    r.idempotent = false;
    return r;
}

HttpRequest publicKeyRequest(const GithubConfig &config)
{
    return makeRequest(config, "GET", repoPath(config) + QStringLiteral("/actions/secrets/public-key"));
}

HttpRequest putSecretRequest(const GithubConfig &config, const QString &name, const QByteArray &encryptedValue,
                             const QString &keyId)
{
    HttpRequest r = makeRequest(config, "PUT", repoPath(config) + QStringLiteral("/actions/secrets/") + pathSegment(name));
    setJsonBody(r, QJsonObject{{QStringLiteral("encrypted_value"), QString::fromLatin1(encryptedValue)},
                               {QStringLiteral("key_id"), keyId}});
    return r;
}

HttpRequest listSecretsRequest(const GithubConfig &config, int perPage)
{
    QueryBuilder q;
    q.add(QStringLiteral("per_page"), clampPerPage(perPage));
    return makeRequest(config, "GET", repoPath(config) + QStringLiteral("/actions/secrets"), q);
}

HttpRequest compareRequest(const GithubConfig &config, const QString &base, const QString &head)
{
    return makeRequest(config, "GET",
                       repoPath(config) + QStringLiteral("/compare/") + pathSegment(base) + QStringLiteral("...")
                           + pathSegment(head));
}

HttpRequest createPullRequestRequest(const GithubConfig &config, const PullRequestDraft &draft)
{
    HttpRequest r = makeRequest(config, "POST", repoPath(config) + QStringLiteral("/pulls"));
    QJsonObject body{{QStringLiteral("title"), draft.title},
                     {QStringLiteral("head"), draft.head},
                     {QStringLiteral("base"), draft.base},
                     {QStringLiteral("draft"), draft.draft}};
    if (!draft.body.isEmpty())
        body.insert(QStringLiteral("body"), draft.body);
    setJsonBody(r, body);
    r.idempotent = false;
    return r;
}

HttpRequest dependabotAlertsRequest(const GithubConfig &config, const DependabotQuery &query, int perPage,
                                    const QString &after)
{
    QueryBuilder q;
    q.add(QStringLiteral("per_page"), clampPerPage(perPage));
    q.addIfNotEmpty(QStringLiteral("state"), query.state);
    q.addIfNotEmpty(QStringLiteral("severity"), query.severity);
    q.addIfNotEmpty(QStringLiteral("after"), after);
    HttpRequest r = makeRequest(config, "GET", repoPath(config) + QStringLiteral("/dependabot/alerts"), q);
    r.useEtagCache = true;
    return r;
}

HttpRequest followLink(const HttpRequest &previous, const QUrl &next)
{
    HttpRequest r = previous;
    r.url = next;
    return r;
}

Status validateSecretName(const QString &name)
{
    auto invalid = [&](const QString &why) {
        return Status(makeError(ErrorKind::Config, Tr::tr("Invalid secret name \"%1\": %2").arg(sanitizeForDisplay(name.left(100)), why)));
    };
    if (name.isEmpty())
        return invalid(Tr::tr("the name is empty"));
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
        if (!ok)
            return invalid(Tr::tr("only letters, digits and '_' are allowed"));
    }
    if (name.at(0).isDigit())
        return invalid(Tr::tr("it must not start with a digit"));
    if (name.startsWith(QLatin1String("GITHUB_"), Qt::CaseInsensitive))
        return invalid(Tr::tr("names starting with GITHUB_ are reserved"));
    return {};
}

HttpRequest currentUserRequest(const GithubConfig &config)
{
    return makeRequest(config, "GET", QStringLiteral("/user"));
}

HttpRequest openPullsForHeadRequest(const GithubConfig &config, const QString &branch)
{
    QueryBuilder q;
    q.add(QStringLiteral("state"), QStringLiteral("open"));
    q.add(QStringLiteral("head"), config.owner + QLatin1Char(':') + branch);
    q.add(QStringLiteral("per_page"), 10);
    return makeRequest(config, "GET", repoPath(config) + QStringLiteral("/pulls"), q);
}

} // namespace opsdeck::github
