#include "runbook/checks.h"

#include "deps/gitworkspace.h"
#include "deps/npm.h"
#include "deps/npmaudit.h"
#include "secrets/credentials.h"

#include <QThreadPool>

#include "core/clock.h"
#include "database/dbinspector.h"
#include "database/pgsession.h"
#include "errors/errorreport.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/openai/openaiclient.h"
#include "providers/providersource.h"
#include "providers/vercel/vercelclient.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <memory>

namespace opsdeck {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("Checks", s); }

CheckResult result(const RunbookItem &item, CheckStatus status, QString evidence, QString value = {},
                   QJsonObject metrics = {})
{
    return CheckResult{item.id, status, std::move(evidence), std::move(value), std::move(metrics), {}, 0};
}

CheckResult errorResult(const RunbookItem &item, const Error &e)
{
    // A missing credential or setting is not a failure of production: the item is skipped, with the reason.
    const bool config = e.kind == ErrorKind::Config || e.kind == ErrorKind::Keychain;
    return result(item, config ? CheckStatus::Skipped : CheckStatus::Error, e.message);
}

QString money(double usd) { return QStringLiteral("$") + QString::number(usd, 'f', 2); }

QString ago(const QDateTime &then, const QDateTime &now)
{
    const qint64 minutes = then.secsTo(now) / 60;
    if (minutes < 60)
        return tr("%1 min ago").arg(minutes);
    if (minutes < 48 * 60)
        return tr("%1 h ago").arg(minutes / 60);
    return tr("%1 days ago").arg(minutes / 1440);
}

} // namespace

void collectDatabaseMetrics(const CheckEnv &env, QObject *owner, std::function<void(QJsonObject)> done)
{
    env.providers->database(owner)->onFinished(owner, [owner, done](const Result<PgConnectionInfo> &info) {
        if (!info)
            return done({});
        auto *session = new PgSession(info.value(), owner);
        session->run<DbStatus>([](QSqlDatabase &db) { return DbInspector::status(db); })
            ->onFinished(owner, [session, done](const Result<DbStatus> &status) {
                session->deleteLater();
                if (!status || status->maxConnections <= 0)
                    return done({});
                done(QJsonObject{{QStringLiteral("dbConnectionsPercent"), status->connectionsPercent()},
                                 {QStringLiteral("dbConnections"), status->connections},
                                 {QStringLiteral("dbMaxConnections"), status->maxConnections}});
            });
    });
}

double nearestRankPercentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype rank = std::max<qsizetype>(1, qsizetype(std::ceil(p / 100.0 * double(values.size()))));
    return values[std::min(rank, values.size()) - 1];
}

void runHealthCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    const QStringList urls = env.profile.healthUrls;
    if (urls.isEmpty())
        return done(result(item, CheckStatus::Skipped, tr("No health URL configured in the profile")));
    HealthProbe *probe = env.providers->health(owner);
    const double warnMs = item.thresholds.value(QLatin1String("warnLatencyMs")).toDouble(1000);
    const QList<double> history = env.recentHealthLatenciesMs;
    QList<QUrl> targets;
    for (const QString &url : urls)
        targets << QUrl(url);
    probe->probeAll(targets)->onFinished(owner, [=](const Result<QList<HealthResult>> &probed) {
        const QList<HealthResult> &results = probed.value();
        QStringList parts;
        bool allOk = true;
        bool slow = false;
        qint64 worst = 0;
        QList<double> latencies = history;
        for (const HealthResult &h : results) {
            allOk = allOk && h.ok;
            if (h.latencyMs >= 0) {
                worst = std::max(worst, h.latencyMs);
                latencies.append(double(h.latencyMs));
                slow = slow || h.latencyMs > warnMs;
            }
            parts << (h.ok ? tr("%1 in %2 ms").arg(h.httpStatus).arg(h.latencyMs)
                           : tr("%1: %2").arg(h.url.host(), h.error.isEmpty() ? QString::number(h.httpStatus) : h.error));
        }
        QJsonObject metrics{{QStringLiteral("latencyMs"), double(worst)}};
        const double p95 = nearestRankPercentile(latencies, 95);
        if (p95 >= 0)
            metrics.insert(QStringLiteral("p95Ms"), p95);
        QJsonArray samples;
        for (const HealthResult &h : results)
            if (h.latencyMs >= 0)
                samples.append(QJsonObject{{QStringLiteral("url"), h.url.toString()},
                                           {QStringLiteral("latencyMs"), double(h.latencyMs)}});
        metrics.insert(QStringLiteral("samples"), samples);
        QJsonArray probes;  // every URL, answered or not: the uptime counts the downs too
        for (const HealthResult &h : results)
            probes.append(QJsonObject{{QStringLiteral("url"), h.url.toString()}, {QStringLiteral("ok"), h.ok}});
        metrics.insert(QStringLiteral("probes"), probes);
        const CheckStatus status = !allOk ? CheckStatus::Fail : slow ? CheckStatus::Warn : CheckStatus::Pass;
        done(result(item, status, parts.join(QStringLiteral("; ")), QStringLiteral("%1 ms").arg(worst), metrics));
    });
}

void runErrorsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    const QDateTime since = env.clock->nowUtc().addDays(-1);
    const int warnAt = item.thresholds.value(QLatin1String("warnErrors")).toInt(1);
    const int failAt = item.thresholds.value(QLatin1String("failErrors")).toInt(50);
    env.providers->vercel(owner)->onFinished(owner, [=](const Result<VercelClient *> &client) {
        if (!client)
            return done(errorResult(item, client.error()));
        fetchErrorReport(*client.value(), since)->onFinished(owner, [=](const Result<ErrorReport> &r) {
            if (!r)
                return done(errorResult(item, r.error()));
            const int n = r->errorLines;
            QString evidence = tr("%1 errors in 24 h, %2 distinct").arg(n).arg(r->groups.size());
            QJsonObject metrics{{QStringLiteral("errors24h"), n}, {QStringLiteral("errorGroups"), int(r->groups.size())}};
            if (const auto rate = r->errorRatePercent()) {
                evidence += tr("; %1 % of %2 requests answered 5xx").arg(QString::number(*rate, 'f', 2)).arg(r->requests);
                metrics.insert(QStringLiteral("errorRatePercent"), *rate);
            }
            if (!r->groups.isEmpty())
                evidence += tr("; most frequent: %1 (%2×)").arg(r->groups.first().signature.left(80)).arg(r->groups.first().count);
            if (!r->complete)
                evidence += tr(" (log stream ended early)");
            const CheckStatus status = n >= failAt ? CheckStatus::Fail : n >= warnAt ? CheckStatus::Warn : CheckStatus::Pass;
            done(result(item, status, evidence, QString::number(n), metrics));
        });
    });
}

void runApiUsageCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    const QDateTime now = env.clock->nowUtc();
    const QDate today = now.date();
    const QDateTime start(today.addDays(-1), QTime(0, 0), Qt::UTC);
    const QDateTime end(today.addDays(1), QTime(0, 0), Qt::UTC);
    struct State {
        double openai[2] = {0, 0};     // yesterday, today
        double anthropic[2] = {0, 0};
        QStringList problems;
        int pending = 2;
        int ok = 0;
    };
    auto state = std::make_shared<State>();
    const double threshold = env.profile.thresholds.costPerDayUsd;
    auto finish = [=] {
        if (--state->pending > 0)
            return;
        if (state->ok == 0)
            return done(result(item, CheckStatus::Skipped, state->problems.join(QStringLiteral("; "))));
        const double y = state->openai[0] + state->anthropic[0];
        const double t = state->openai[1] + state->anthropic[1];
        QString evidence = tr("%1 yesterday (OpenAI %2, Anthropic %3); %4 today so far (OpenAI %5, Anthropic %6)")
                               .arg(money(y), money(state->openai[0]), money(state->anthropic[0]), money(t),
                                    money(state->openai[1]), money(state->anthropic[1]));
        if (!state->problems.isEmpty())
            evidence += QStringLiteral(" — ") + state->problems.join(QStringLiteral("; "));
        const double worst = std::max(y, t);
        const CheckStatus status = worst > threshold ? CheckStatus::Fail
            : !state->problems.isEmpty()              ? CheckStatus::Warn
                                                      : CheckStatus::Pass;
        done(result(item, status, evidence, money(y),
                    QJsonObject{{QStringLiteral("costYesterdayUsd"), y}, {QStringLiteral("costTodayUsd"), t},
                                {QStringLiteral("costPerDayUsd"), worst},
                                {QStringLiteral("openaiYesterdayUsd"), state->openai[0]},
                                {QStringLiteral("anthropicYesterdayUsd"), state->anthropic[0]},
                                {QStringLiteral("openaiTodayUsd"), state->openai[1]},
                                {QStringLiteral("anthropicTodayUsd"), state->anthropic[1]}}));
    };
    env.providers->openai(owner)->onFinished(owner, [=](const Result<OpenAiClient *> &client) {
        if (!client) {
            state->problems << tr("OpenAI: %1").arg(client.error().message);
            return finish();
        }
        client.value()->costs(start, end)->onFinished(owner, [=](const Result<QList<CostRow>> &rows) {
            if (!rows) {
                state->problems << tr("OpenAI: %1").arg(rows.error().message);
            } else {
                ++state->ok;
                for (const CostRow &row : rows.value())
                    state->openai[row.day == today ? 1 : 0] += row.day >= start.date() ? row.amountUsd : 0;
            }
            finish();
        });
    });
    env.providers->anthropic(owner)->onFinished(owner, [=](const Result<AnthropicClient *> &client) {
        if (!client) {
            state->problems << tr("Anthropic: %1").arg(client.error().message);
            return finish();
        }
        client.value()->costReport(start, end)->onFinished(owner, [=](const Result<QList<AnthropicCostRow>> &rows) {
            if (!rows) {
                state->problems << tr("Anthropic: %1").arg(rows.error().message);
            } else {
                ++state->ok;
                for (const AnthropicCostRow &row : rows.value())
                    state->anthropic[row.day == today ? 1 : 0] += row.day >= start.date() ? row.amountUsd : 0;
            }
            finish();
        });
    });
}

void runWorkflowsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    const QDateTime since = env.clock->nowUtc().addDays(-1);
    const int threshold = env.profile.thresholds.failedWorkflows24h;
    env.providers->github(owner)->onFinished(owner, [=](const Result<GithubClient *> &client) {
        if (!client)
            return done(errorResult(item, client.error()));
        WorkflowRunQuery q;
        q.limit = 100;
        q.created = QStringLiteral(">=") + since.toString(Qt::ISODate);
        client.value()->listWorkflowRuns(q)->onFinished(owner, [=](const Result<QList<WorkflowRun>> &runs) {
            if (!runs)
                return done(errorResult(item, runs.error()));
            int failed = 0;
            int total = 0;
            QStringList names;
            for (const WorkflowRun &r : runs.value()) {
                if (r.createdAt < since)
                    continue;
                ++total;
                if (r.conclusion == QLatin1String("failure") || r.conclusion == QLatin1String("timed_out")
                    || r.conclusion == QLatin1String("startup_failure")) {
                    ++failed;
                    if (!names.contains(r.name))
                        names << r.name;
                }
            }
            QString evidence = tr("%1 failed of %2 runs in 24 h").arg(failed).arg(total);
            if (!names.isEmpty())
                evidence += QStringLiteral(" (") + names.join(QStringLiteral(", ")) + QLatin1Char(')');
            const CheckStatus status = failed > threshold ? CheckStatus::Fail : failed > 0 ? CheckStatus::Warn : CheckStatus::Pass;
            done(result(item, status, evidence, QString::number(failed),
                        QJsonObject{{QStringLiteral("failedWorkflows24h"), failed}, {QStringLiteral("runs24h"), total}}));
        });
    });
}

void runDeploymentsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    const QDateTime now = env.clock->nowUtc();
    env.providers->vercel(owner)->onFinished(owner, [=](const Result<VercelClient *> &client) {
        if (!client)
            return done(errorResult(item, client.error()));
        DeploymentQuery q;
        q.limit = 10;
        client.value()->listDeployments(q)->onFinished(owner, [=](const Result<QList<Deployment>> &list) {
            if (!list)
                return done(errorResult(item, list.error()));
            const Deployment *prod = nullptr;
            int failed24h = 0;
            for (const Deployment &d : list.value()) {
                if (!prod && d.target == QLatin1String("production") && d.state == QLatin1String("READY"))
                    prod = &d;
                if (d.state == QLatin1String("ERROR") && d.createdAt >= now.addDays(-1))
                    ++failed24h;
            }
            if (!prod)
                return done(result(item, CheckStatus::Fail, tr("No READY production deployment among the last 10")));
            QString evidence = tr("production %1 READY, %2: \"%3\"")
                                   .arg(prod->id, ago(prod->createdAt, now), prod->commitMessage.left(60));
            if (failed24h > 0)
                evidence += QCoreApplication::translate("Checks", "; %n failed deployment(s) in 24 h", nullptr, failed24h);
            done(result(item, failed24h > 0 ? CheckStatus::Warn : CheckStatus::Pass, evidence, prod->id,
                        QJsonObject{{QStringLiteral("failedDeployments24h"), failed24h},
                                    {QStringLiteral("productionDeployment"), prod->id}}));
        });
    });
}

void runRestoreDrillCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    Q_UNUSED(owner);
    CheckResult r;
    r.itemId = item.id;
    if (!env.restoreDrill) {
        r.status = CheckStatus::Error;
        r.evidence = QCoreApplication::translate("Checks", "The restore tests are not known here");
        return done(r);
    }
    const DrillStatus status = env.restoreDrill();
    r.status = status.health == DrillHealth::Green ? CheckStatus::Pass
               : status.health == DrillHealth::Amber ? CheckStatus::Warn
                                                     : CheckStatus::Fail;
    r.evidence = status.text;
    r.value = status.health == DrillHealth::Green ? QStringLiteral("passed")
              : status.health == DrillHealth::Amber ? QStringLiteral("due")
                                                    : QStringLiteral("failed");
    done(r);
}

void runCredentialsDueCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    Q_UNUSED(owner);
    CheckResult r;
    r.itemId = item.id;
    if (!env.credentialsStoredAt) {
        r.status = CheckStatus::Error;
        r.evidence = QCoreApplication::translate("Checks", "The credentials' ages are not known here");
        return done(r);
    }
    const QHash<QString, QDateTime> storedAt = env.credentialsStoredAt();
    const QDate today = env.clock->nowUtc().date();
    QStringList overdue;
    QStringList soon;
    int known = 0;
    for (const CredentialKind &kind : credentialKinds()) {
        if (!kind.rotatable || kind.rotateEveryDays <= 0)
            continue;
        const QDateTime at = storedAt.value(kind.name);
        if (!at.isValid())
            continue;
        ++known;
        const QDate due = at.addDays(kind.rotateEveryDays).date();
        const qint64 left = today.daysTo(due);
        if (left <= 0)
            overdue << QCoreApplication::translate("Checks", "%1 (due %2)").arg(kind.label, due.toString(Qt::ISODate));
        else if (left <= 14)
            soon << QCoreApplication::translate("Checks", "%1 (due %2)").arg(kind.label, due.toString(Qt::ISODate));
    }
    QStringList parts;
    if (!overdue.isEmpty())
        parts << QCoreApplication::translate("Checks", "Overdue: %1").arg(overdue.join(QStringLiteral(", ")));
    if (!soon.isEmpty())
        parts << QCoreApplication::translate("Checks", "due within 14 days: %1").arg(soon.join(QStringLiteral(", ")));
    if (known == 0) {
        r.status = CheckStatus::NoData;
        r.evidence = QCoreApplication::translate("Checks", "No rotation date is known: no credential of this profile was "
                                                           "stored or rotated with OpsDeck");
        r.value = QStringLiteral("no data");
    } else if (!overdue.isEmpty()) {
        r.status = CheckStatus::Fail;
        r.evidence = parts.join(QStringLiteral("; "));
        r.value = QString::number(overdue.size());
    } else if (!soon.isEmpty()) {
        r.status = CheckStatus::Warn;
        r.evidence = parts.join(QStringLiteral("; "));
        r.value = QStringLiteral("0");
    } else {
        r.status = CheckStatus::Pass;
        r.evidence = QCoreApplication::translate("Checks", "All %1 credentials with a known date are in date").arg(known);
        r.value = QStringLiteral("0");
    }
    done(r);
}

void runNpmAuditCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    CheckResult r;
    r.itemId = item.id;
    const QString dir = env.profile.projectDir;
    if (dir.isEmpty()) {
        r.status = CheckStatus::NoData;
        r.evidence = QCoreApplication::translate("Checks", "No project folder in the profile (Dependencies page)");
        r.value = QStringLiteral("no data");
        return done(r);
    }
    QProcessEnvironment npmEnv = QProcessEnvironment::systemEnvironment();
    npmEnv.insert(QStringLiteral("npm_config_update_notifier"), QStringLiteral("false"));
    runTool(QStringLiteral("npm"), {QStringLiteral("audit"), QStringLiteral("--json")}, dir, npmEnv, true, {}, 120'000, owner)
        ->onFinished(owner, [base = r, done](const Result<ToolRun> &run) {
            CheckResult r = base;
            if (!run) {
                r.status = CheckStatus::Error;
                r.evidence = run.error().message;
                return done(r);
            }
            const auto report = parseNpmAudit(run->stdoutData);
            if (!report) {
                r.status = CheckStatus::Error;
                r.evidence = report.error().message;
                return done(r);
            }
            const int serious = report->atLeast(QStringLiteral("moderate"));
            QStringList counts;
            for (const char *s : {"critical", "high", "moderate", "low"})
                counts << QCoreApplication::translate("Checks", "%1 %2").arg(report->bySeverity.value(QString::fromLatin1(s))).arg(QLatin1String(s));
            QStringList names;
            for (const AuditAdvisory &a : report->advisories)
                if (severityRank(a.severity) >= severityRank(QStringLiteral("moderate")))
                    names << QStringLiteral("%1 (%2, %3)").arg(a.package, a.id, a.severity);
            names.removeDuplicates();
            r.status = serious > 0 ? CheckStatus::Fail : CheckStatus::Pass;
            r.evidence = serious > 0 ? QCoreApplication::translate("Checks", "%1: %2").arg(counts.join(QStringLiteral(", ")), names.join(QStringLiteral(", ")))
                                     : QCoreApplication::translate("Checks", "Nothing at moderate or above (%1)").arg(counts.join(QStringLiteral(", ")));
            r.value = QString::number(serious);
            done(r);
        });
}

void runSecurityPolicyCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done)
{
    CheckResult r;
    r.itemId = item.id;
    const QString dir = env.profile.projectDir;
    if (dir.isEmpty()) {
        r.status = CheckStatus::NoData;
        r.evidence = QCoreApplication::translate("Checks", "No project folder in the profile (Dependencies page)");
        r.value = QStringLiteral("no data");
        return done(r);
    }
    const QDateTime now = env.clock->nowUtc();
    Job<std::optional<GitCommitInfo>>::run(
        QThreadPool::globalInstance(),
        [dir](JobChannel &) { return git::lastChange(dir, QStringLiteral(".github/SECURITY.md")); }, owner)
        ->onFinished(owner, [base = r, done, now](const Result<std::optional<GitCommitInfo>> &change) {
            CheckResult r = base;
            if (!change) {
                r.status = CheckStatus::Error;
                r.evidence = change.error().message;
            } else if (!change->has_value()) {
                r.status = CheckStatus::Warn;
                r.evidence = QCoreApplication::translate("Checks", "The project has no .github/SECURITY.md in its history");
                r.value = QStringLiteral("missing");
            } else {
                const GitCommitInfo &c = **change;
                const qint64 days = c.when.daysTo(now);
                r.status = days > 365 ? CheckStatus::Warn : CheckStatus::Pass;
                r.evidence = QCoreApplication::translate("Checks", ".github/SECURITY.md last changed %1 (%2 days ago) in %3 \"%4\" by %5")
                                 .arg(c.when.date().toString(Qt::ISODate))
                                 .arg(days)
                                 .arg(c.sha.left(10), c.summary.left(120), c.author.left(80));
                r.value = c.when.date().toString(Qt::ISODate);
            }
            done(r);
        });
}

} // namespace opsdeck
