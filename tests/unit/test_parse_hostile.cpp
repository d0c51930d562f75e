// Every provider parser against the same hostile bodies (issue 3: wrong types, missing fields, an HTML
// error page, a truncated body): each is a clear BadResponse error, never an empty or zero result.
#include <catch2/catch.hpp>

#include "providers/anthropic/anthropicparser.h"
#include "providers/github/githubparser.h"
#include "providers/openai/openaiparser.h"
#include "providers/vercel/vercelparser.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>
#include <optional>

using namespace opsdeck;
using opsdeck::test::fixture;

namespace {

using Parse = std::function<std::optional<Error>(const QByteArray &)>;

template <typename F>
Parse wrap(F f)
{
    return [f](const QByteArray &body) -> std::optional<Error> {
        const auto r = f(body);
        if (r.ok())
            return std::nullopt;
        return r.error();
    };
}

struct Endpoint {
    const char *name;
    Parse parse;
    const char *fixture;  // a valid answer
    const char *required; // a field the parser cannot do without: "list" for the list of an object page
};

QByteArray compact(const QJsonDocument &d) { return d.toJson(QJsonDocument::Compact); }

// The valid body with `key` (top level, or in the first element of a top-level array) changed by edit.
QByteArray edited(const QByteArray &valid, const QString &key, const std::function<void(QJsonObject &)> &edit)
{
    QJsonDocument d = QJsonDocument::fromJson(valid);
    if (d.isArray()) {
        QJsonArray a = d.array();
        QJsonObject first = a.first().toObject();
        edit(first);
        a[0] = first;
        return compact(QJsonDocument(a));
    }
    QJsonObject o = d.object();
    REQUIRE(o.contains(key));
    edit(o);
    return compact(QJsonDocument(o));
}

QJsonValue wrongType(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QJsonValue(42);
    case QJsonValue::Double:
        return QJsonValue(QStringLiteral("forty-two"));
    case QJsonValue::Array:
        return QJsonValue(QStringLiteral("not a list"));
    case QJsonValue::Object:
        return QJsonValue(7);
    default:
        return QJsonValue(QJsonArray{1, 2});
    }
}

const QList<Endpoint> &endpoints()
{
    static const QList<Endpoint> all = {
        {"Vercel deployments", wrap(parseDeployments), "vercel/deployments_page1.json", "deployments"},
        {"Vercel deployment", wrap(parseDeployment), "vercel/deployment_single.json", "id"},
        {"Vercel project", wrap(parseProject), "vercel/project.json", "id"},
        {"Vercel projects", wrap(parseProjects), "vercel/projects.json", "projects"},
        {"Vercel request logs", wrap(parseRequestLogs), "vercel/request_logs.json", "rows"},
        {"GitHub runs", wrap(parseWorkflowRuns), "github/runs.json", "workflow_runs"},
        {"GitHub public key", wrap(parsePublicKey), "github/public_key.json", "key"},
        {"GitHub secrets", wrap(parseSecrets), "github/secrets.json", "secrets"},
        {"GitHub pull request", wrap(parsePullRequest), "github/pull_request.json", "number"},
        {"GitHub compare", wrap(parseCompare), "rollbackplan/compare.json", "commits"},
        {"GitHub Dependabot alerts", wrap(parseDependabotAlerts), "github/dependabot_alerts.json", "number"},
        {"OpenAI costs", wrap(parseOpenAiCosts), "openai/costs_page1.json", "data"},
        {"OpenAI usage", wrap(parseOpenAiCompletionsUsage), "openai/usage.json", "data"},
        {"Anthropic cost report", wrap(parseAnthropicCostReport), "anthropic/cost_report.json", "data"},
        {"Anthropic usage report", wrap(parseAnthropicUsageReport), "anthropic/usage_report.json", "data"},
        {"Anthropic API keys", wrap(parseAnthropicApiKeys), "anthropic/api_keys.json", "data"},
    };
    return all;
}

void requireBadResponse(const Endpoint &e, const QByteArray &body, const char *what)
{
    INFO(e.name << ": " << what);
    const std::optional<Error> err = e.parse(body);
    REQUIRE(err.has_value());
    CHECK(err->kind == ErrorKind::BadResponse);
    CHECK_FALSE(err->message.isEmpty());
}

} // namespace

TEST_CASE("every parser reads its valid fixture")
{
    for (const Endpoint &e : endpoints()) {
        INFO(e.name);
        const std::optional<Error> err = e.parse(fixture(QString::fromLatin1(e.fixture)));
        CHECK_FALSE(err.has_value());
    }
}

TEST_CASE("an HTML error page, an empty body and a truncated body are errors for every parser")
{
    const QByteArray html = fixture(QStringLiteral("vercel/html_error.html"));
    for (const Endpoint &e : endpoints()) {
        const QByteArray valid = fixture(QString::fromLatin1(e.fixture));
        requireBadResponse(e, html, "HTML page");
        requireBadResponse(e, QByteArray(), "empty body");
        requireBadResponse(e, valid.left(valid.size() / 2), "truncated body");
        requireBadResponse(e, QByteArray("null"), "JSON null");
    }
}

TEST_CASE("the wrong JSON shape, a missing required field or a wrongly typed one is an error, never an empty result")
{
    for (const Endpoint &e : endpoints()) {
        const QByteArray valid = fixture(QString::fromLatin1(e.fixture));
        const bool isArray = QJsonDocument::fromJson(valid).isArray();
        requireBadResponse(e, isArray ? QByteArray("{}") : QByteArray("[]"), "wrong top-level shape");
        const QString key = QString::fromLatin1(e.required);
        requireBadResponse(e, edited(valid, key, [&key](QJsonObject &o) { o.remove(key); }), "required field missing");
        requireBadResponse(e, edited(valid, key, [&key](QJsonObject &o) { o[key] = wrongType(o.value(key)); }),
                           "required field of the wrong type");
    }
}
