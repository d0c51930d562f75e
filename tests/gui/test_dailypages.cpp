// The Health, Errors, CI and Alerts pages offscreen in demo mode, against the sandbox's seeded
// production: real data on every page, a single re-run request however often it is asked for,
// the api-cost alert firing (and not while silenced); screenshots of the four pages.
#include "alertsmodel.h"
#include "appcontext.h"
#include "usecases/session.h"
#include "usecases/providerclients.h"
#include "usecases/alertmonitor.h"
#include "usecases/backupsusecase.h"
#include "config/profile.h"
#include "core/clock.h"
#include "errorgroupsmodel.h"
#include "errors/errorgrouper.h"
#include "healthhistorymodel.h"
#include "healthmodel.h"
#include "messagebar.h"
#include "pages/alertspage.h"
#include "pages/cipage.h"
#include "pages/errorspage.h"
#include "pages/healthpage.h"
#include "runbook/checks.h"
#include "runsmodel.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QHash>
#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace opsdeck;

namespace {
void showPage(QWidget &page)
{
    page.resize(1280, 800);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
}

// Saves the page to the test's folder and to /tmp/opsdeck-shots for reviewers.
void screenshot(QWidget &page, const QTemporaryDir &dir, const QString &id)
{
    QTest::qWait(50);  // let the last layout settle
    const QImage shot = page.grab().toImage();
    CHECK(shot.width() >= 1200);
    CHECK(shot.save(dir.filePath(id + QStringLiteral(".png"))));
    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    CHECK(shot.save(QStringLiteral("/tmp/opsdeck-shots/") + id + QStringLiteral(".png")));
}

void insertSample(Store &store, const QString &url, const QDateTime &at, double value,
                  const QString &metric = QStringLiteral("health.latencyMs"))
{
    QSqlQuery q(store.db());
    q.prepare(QStringLiteral("INSERT INTO metric_samples (metric, subject, at, value) VALUES (?, ?, ?, ?)"));
    q.addBindValue(metric);
    q.addBindValue(url);
    q.addBindValue(at.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(value);
    REQUIRE(q.exec());
}

bool isFailure(const SandboxRun &r)
{
    return r.conclusion == QLatin1String("failure") || r.conclusion == QLatin1String("timed_out")
        || r.conclusion == QLatin1String("startup_failure");
}
} // namespace

TEST_CASE("health page: probes the sandbox, stores each probe, shows history, sparkline and P95")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const QString url = ctx->sandbox()->healthUrl().toString();
    const QString down = QStringLiteral("http://127.0.0.1:9/api/health");
    Profile profile = ctx->profile();
    profile.healthUrls = {url, down};
    ctx->setProfile(profile);
    // Stored earlier (by the checklist, say): two within 24 h, one older that only the history shows.
    const QDateTime now = ctx->clock().nowUtc();
    insertSample(ctx->store(), url, now.addSecs(-3 * 3600), 1900);
    insertSample(ctx->store(), url, now.addSecs(-2 * 3600), 2100);
    insertSample(ctx->store(), url, now.addDays(-2), 99'000);
    // Up or down, stored by earlier probes: one down 2 days ago, three up within 24 h (with this page's probe).
    insertSample(ctx->store(), url, now.addSecs(-3 * 3600), 1, QStringLiteral("health.up"));
    insertSample(ctx->store(), url, now.addSecs(-2 * 3600), 1, QStringLiteral("health.up"));
    insertSample(ctx->store(), url, now.addDays(-2), 0, QStringLiteral("health.up"));

    HealthPage page(ctx->session(), ctx->providers());
    test::checkModel(page.model());
    test::checkModel(page.historyModel());
    CHECK(page.historyModel()->rowCount() == 3);  // the stored history shows before any probe
    CHECK_FALSE(page.isReady());
    CHECK_FALSE(page.autoProbeTimer()->isActive());
    showPage(page);
    CHECK(page.autoProbeTimer()->isActive());
    CHECK(page.autoProbeTimer()->interval() == 60'000);
    REQUIRE(test::waitUntil([&] { return page.isReady() && !page.isProbing(); }, 30'000));

    const HealthModel *model = page.model();
    REQUIRE(model->rowCount() == 2);
    const HealthRow &up = model->row(0);
    CHECK(up.last.ok);
    CHECK(up.last.httpStatus == 200);
    CHECK(up.last.latencyMs >= 20);  // the sandbox answers after 20-200 ms
    CHECK(model->index(0, HealthModel::Status).data().toString() == QStringLiteral("Up (200)"));
    CHECK(model->row(1).probed);
    CHECK_FALSE(model->row(1).last.ok);
    CHECK(model->downCount() == 1);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
    CHECK(page.messageBar()->text().contains(QStringLiteral("127.0.0.1:9")));
    CHECK(ctx->sandbox()->requestCount(QStringLiteral("/app/api/health")) == 1);

    // The probe was stored: history 3 + 1, sparkline and P95 over the 24 h samples only.
    CHECK(page.historyModel()->rowCount() == 4);
    CHECK(page.historyModel()->sample(0).latencyMs == double(up.last.latencyMs));
    const QList<double> day{1900, 2100, double(up.last.latencyMs)};
    CHECK(model->latencies(0).size() == 3);
    CHECK(model->index(0, HealthModel::Trend).data(HealthModel::LatenciesRole).toList().size() == 3);
    CHECK(model->p95(0) == nearestRankPercentile(day, 95));
    CHECK(model->p95(0) == 2100);
    CHECK(page.overallP95() == 2100);
    // Uptime per URL: 3 of 3 probes up in 24 h, 3 of 4 in 7 days; the URL that never answered is at 0 %.
    CHECK(model->index(0, HealthModel::Uptime24h).data().toString() == QStringLiteral("100 %"));
    CHECK(model->index(0, HealthModel::Uptime7d).data().toString() == QStringLiteral("75.0 %"));
    CHECK(Tone(model->index(0, HealthModel::Uptime7d).data(ToneRole).toInt()) == Tone::Bad);
    CHECK(model->index(1, HealthModel::Uptime24h).data().toString() == QStringLiteral("0 %"));
    // The latency chart, full width: the 24 h line has the two stored probes and this one; the URL that
    // never answered has no line but a down marker; the 2 s P95 threshold is near the data and drawn.
    REQUIRE(page.chart());
    CHECK(page.chart()->pointCount(url) == 3);
    CHECK(page.chart()->pointCount(down) == 0);
    CHECK(page.chart()->downCount() == 1);
    CHECK(page.chart()->thresholdShown());
    CHECK(page.chart()->yMax() >= 2100);
    // Over 7 days: the slow probe of two days ago and its failure too.
    page.setChartWeek(true);
    CHECK(page.chart()->pointCount(url) == 4);
    CHECK(page.chart()->downCount() == 2);
    CHECK(page.chart()->yMax() >= 99'000);
    page.setChartWeek(false);

    // "Probe now": one more request, one more stored sample.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("probeNow")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !page.isProbing(); }, 30'000));
    CHECK(ctx->sandbox()->requestCount(QStringLiteral("/app/api/health")) == 2);
    CHECK(page.historyModel()->rowCount() == 5);
    CHECK(model->latencies(0).size() == 4);

    screenshot(page, dir, QStringLiteral("health"));
    page.hide();
    CHECK_FALSE(page.autoProbeTimer()->isActive());
}

TEST_CASE("health page in the GUI demo: a week of stored probes behind the chart, one short outage, the threshold above")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demoHistory = true});
    const QString url = ctx->profile().healthUrls.value(0);
    HealthPage page(ctx->session(), ctx->providers());
    // One probe every 5 minutes for 7 days, before any probe of this run.
    CHECK(page.historyModel()->rowCount() > 1900);
    CHECK(page.chart()->pointCount(url) >= 24 * 12 - 2);
    CHECK(page.chart()->pointCount(url) <= 25 * 12);
    CHECK_FALSE(page.chart()->thresholdShown());  // 20-200 ms probes under a 2 s threshold
    CHECK(page.chart()->yMax() < 2000);
    page.setChartWeek(true);
    CHECK(page.chart()->downCount() == 3);  // 15 minutes down, two days ago
    const QString uptime = page.model()->index(0, HealthModel::Uptime7d).data().toString();
    CHECK(uptime == QStringLiteral("99.9 %"));
}

TEST_CASE("health page without URLs says so")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Profile profile = ctx->profile();
    profile.healthUrls.clear();
    ctx->setProfile(profile);
    HealthPage page(ctx->session(), ctx->providers());
    CHECK(page.isReady());
    CHECK(page.messageBar()->text().contains(QStringLiteral("no health URL")));
}

TEST_CASE("errors page: the last 24 h of error logs grouped by signature, detail as plain text")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    ErrorsPage page(ctx->session(), ctx->providers());
    test::checkModel(page.model());
    showPage(page);
    REQUIRE(test::waitUntil([&] { return page.isReady() && page.hasLoaded(); }, 60'000));
    INFO(page.messageBar()->text().toStdString());

    // Ground truth: the sandbox's error lines of the last 24 h, grouped by the same signature rule.
    const QDateTime since = page.since();
    QHash<QString, int> expected;
    int errors = 0;
    for (const SandboxLogLine &line : ctx->sandbox()->world().runtimeLogs()) {
        if (line.level != QLatin1String("error") || line.timestampMs < since.toMSecsSinceEpoch())
            continue;
        ++expected[errorSignature(line.message)];
        ++errors;
    }
    REQUIRE(errors > 30);
    const ErrorGroupsModel *model = page.model();
    CHECK(model->rowCount() == expected.size());
    CHECK(model->totalErrors() == errors);
    for (int row = 0; row < model->rowCount(); ++row)
        CHECK(model->group(row).count == expected.value(model->group(row).signature));
    CHECK(model->group(0).count >= 14);  // the /api/me TypeError (15 lines in 24 h) is the biggest group
    CHECK(model->group(0).paths.contains(QStringLiteral("/api/me")));

    // The first group is selected and detailed; another selection shows its own sample.
    CHECK(page.detailText().contains(model->group(0).sample));
    CHECK(page.detailText().contains(QStringLiteral("/api/me")));
    page.view()->selectRow(2);
    CHECK(page.detailText().contains(model->group(2).sample));
    CHECK(page.detailText().contains(model->group(2).paths.first()));
    CHECK(page.findChild<QPlainTextEdit *>(QStringLiteral("errorDetail"))->isReadOnly());
    page.view()->selectRow(0);
    screenshot(page, dir, QStringLiteral("errors"));
}

TEST_CASE("errors and CI pages show a clear error when the profile lacks the provider's settings")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Profile profile = ctx->profile();
    profile.vercelProject.clear();
    profile.githubRepo.clear();
    ctx->setProfile(profile);
    ErrorsPage errors(ctx->session(), ctx->providers());
    CiPage ci(ctx->session(), ctx->providers(), ctx->ci());
    errors.refresh();
    ci.refresh();
    REQUIRE(test::waitUntil([&] { return errors.isReady() && ci.isReady(); }, 10'000));
    CHECK(errors.messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(errors.messageBar()->text().contains(QStringLiteral("No Vercel project configured")));
    CHECK(ci.messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(ci.messageBar()->text().contains(QStringLiteral("No GitHub repository configured")));
    CHECK(errors.model()->rowCount() == 0);
    CHECK(ci.model()->rowCount() == 0);
}

TEST_CASE("CI page: recent runs, failures of 24 h in red, one re-run request however often clicked")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const SandboxWorld &world = ctx->sandbox()->world();
    CiPage page(ctx->session(), ctx->providers(), ctx->ci());
    test::checkModel(page.model());
    showPage(page);
    REQUIRE(test::waitUntil([&] { return page.isReady() && page.hasLoaded(); }, 30'000));
    INFO(page.messageBar()->text().toStdString());

    const RunsModel *model = page.model();
    REQUIRE(model->rowCount() == CiPage::kDefaultRuns);
    const qint64 dayAgoMs = ctx->clock().nowUtc().addDays(-1).toMSecsSinceEpoch();
    int expectedFailures = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const SandboxRun &truth = world.runs().at(row);
        CHECK(model->run(row).id == truth.id);
        const bool failedRecently = isFailure(truth) && truth.createdAt >= dayAgoMs;
        expectedFailures += failedRecently ? 1 : 0;
        CHECK(model->index(row, RunsModel::Title).data(RunsModel::FailedRecentlyRole).toBool() == failedRecently);
        CHECK(model->index(row, RunsModel::Title).data(ToneRole).toInt() == int(failedRecently ? Tone::Bad : Tone::Neutral));
    }
    CHECK(expectedFailures >= 4);  // the seeded "migrate orders table" failures
    CHECK(model->failuresIn24h() == expectedFailures);

    QPushButton *rerun = page.rerunButton();
    CHECK_FALSE(rerun->isEnabled());  // nothing selected
    int succeeded = -1;
    int failed = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (succeeded < 0 && model->run(row).conclusion == QLatin1String("success"))
            succeeded = row;
        if (failed < 0 && model->failedRecently(row))
            failed = row;
    }
    REQUIRE(succeeded >= 0);
    REQUIRE(failed >= 0);
    page.view()->selectRow(succeeded);
    CHECK_FALSE(rerun->isEnabled());
    page.view()->selectRow(failed);
    REQUIRE(rerun->isEnabled());
    screenshot(page, dir, QStringLiteral("ci"));

    const qint64 runId = model->run(failed).id;
    const int attempt = world.run(runId)->runAttempt;
    const QString path = QStringLiteral("/github/repos/acme/web/actions/runs/%1/rerun-failed-jobs").arg(runId);
    QTest::mouseClick(rerun, Qt::LeftButton);
    QTest::mouseClick(rerun, Qt::LeftButton);
    page.rerunSelected();  // re-entry while the first is in flight, as a key repeat would
    page.rerunSelected();
    CHECK(page.isRerunning());
    REQUIRE(test::waitUntil([&] { return !page.isRerunning() && !page.isLoading(); }, 30'000));
    CHECK(ctx->sandbox()->requestCount(path) == 1);
    CHECK(world.run(runId)->runAttempt == attempt + 1);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);

    // Audited, and the refreshed list shows the run queued again, still selected.
    auto audit = ctx->audit().list(10);
    REQUIRE(audit.ok());
    REQUIRE(!audit->isEmpty());
    const AuditEntry &entry = audit->first();
    CHECK(entry.action == QStringLiteral("ci.rerun"));
    CHECK(entry.target == QStringLiteral("acme/web#%1").arg(runId));
    CHECK(entry.details.value(QStringLiteral("outcome")).toString() == QStringLiteral("accepted"));
    CHECK(entry.details.value(QStringLiteral("runId")).toInteger() == runId);
    const int row = model->rowOfRun(runId);
    REQUIRE(row >= 0);
    CHECK(model->run(row).runAttempt == attempt + 1);
    CHECK(page.view()->selectionModel()->currentIndex().row() == row);
    CHECK_FALSE(rerun->isEnabled());  // a queued run has nothing to re-run
}

TEST_CASE("alerts page: the api-cost alert fires below the daily spend, not while silenced")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const SandboxWorld &world = ctx->sandbox()->world();
    AlertsPage page(ctx->session(), ctx->alerts());
    test::checkModel(page.model());
    QSignalSpy fired(&ctx->alerts(), &AlertMonitor::alertFired);
    auto costFired = [&fired] {
        int n = 0;
        for (const QList<QVariant> &args : std::as_const(fired))
            n += args.at(0).toString().contains(QStringLiteral("API cost")) ? 1 : 0;
        return n;
    };
    auto *cost = page.findChild<QDoubleSpinBox *>(QStringLiteral("thresholdCost"));
    auto *save = page.findChild<QPushButton *>(QStringLiteral("saveThresholds"));
    REQUIRE(cost);
    REQUIRE(save);
    CHECK(cost->value() == 50.0);  // the runbook's default
    auto setCostThreshold = [&](double usd) {
        cost->setValue(usd);
        QTest::mouseClick(save, Qt::LeftButton);
        CHECK(ctx->profile().thresholds.costPerDayUsd == Approx(usd).margin(0.005));
        REQUIRE(test::waitUntil([&] { return !page.isEvaluating(); }, 60'000));
    };

    showPage(page);
    REQUIRE(test::waitUntil([&] { return page.isReady() && !page.isEvaluating(); }, 60'000));
    INFO(page.messageBar()->text().toStdString());
    const AlertsModel *model = page.model();
    REQUIRE(model->evaluatedAt().isValid());
    // The daily checks measured the sandbox: yesterday's spend to the cent, the seeded CI failures.
    const QDate today = ctx->clock().nowUtc().date();
    CHECK(page.metrics().value(QStringLiteral("costYesterdayUsd")).toDouble()
          == Approx(world.totalCostUsd(today.addDays(-1))).margin(0.02));
    const double spend = page.metrics().value(QStringLiteral("costPerDayUsd")).toDouble();
    REQUIRE(spend > 1);
    CHECK(model->rowOf(QStringLiteral("failed-workflows")) >= 0);  // 4+ failures against the default 3

    // Above the spend: the api-cost rule is listed as OK, not firing; every one of the five rules is listed.
    setCostThreshold(spend + 100);
    REQUIRE(model->rowOf(QStringLiteral("api-cost")) >= 0);
    CHECK(model->state(model->rowOf(QStringLiteral("api-cost"))) == RuleState::Ok);
    CHECK(model->index(model->rowOf(QStringLiteral("api-cost")), AlertsModel::State).data().toString() == QStringLiteral("OK"));
    for (const char *id : {"error-rate", "p95", "api-cost", "failed-workflows", "db-connections"})
        CHECK(model->rowOf(QLatin1String(id)) >= 0);
    CHECK(model->state(model->rowOf(QStringLiteral("failed-workflows"))) == RuleState::Firing);
    CHECK(model->state(0) == RuleState::Firing);  // what fires comes first
    fired.clear();

    // Below it: it fires once, listed with when and why.
    setCostThreshold(std::floor(spend / 2));
    CHECK(costFired() == 1);
    const int row = model->rowOf(QStringLiteral("api-cost"));
    REQUIRE(row >= 0);
    CHECK_FALSE(model->isSilenced(row));
    CHECK(model->index(row, AlertsModel::Why).data().toString().startsWith(QStringLiteral("API cost $")));
    CHECK_FALSE(model->index(row, AlertsModel::Since).data().toString().isEmpty());
    CHECK(fired.first().at(1).toString() == model->row(row).alert.message);

    // Silence it for 4 h: stored in settings_meta, shown as silenced.
    page.view()->selectRow(row);
    page.findChild<QComboBox *>(QStringLiteral("silenceFor"))->setCurrentIndex(1);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("silenceAlert")), Qt::LeftButton);
    CHECK(model->isSilenced(model->rowOf(QStringLiteral("api-cost"))));
    {
        QSqlQuery q(ctx->store().db());
        REQUIRE(q.exec(QStringLiteral("SELECT value FROM settings_meta WHERE key = 'alert.silence.api-cost'")));
        REQUIRE(q.next());
        const QDateTime until = QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
        CHECK(std::abs(ctx->clock().nowUtc().secsTo(until) - 4 * 3600) < 60);
    }

    // The same up-and-down as above now notifies nothing: the alert is silenced.
    fired.clear();
    setCostThreshold(spend + 100);
    setCostThreshold(std::floor(spend / 2));
    CHECK(costFired() == 0);
    REQUIRE(model->rowOf(QStringLiteral("api-cost")) >= 0);
    CHECK(model->isSilenced(model->rowOf(QStringLiteral("api-cost"))));
    page.view()->selectRow(model->rowOf(QStringLiteral("api-cost")));
    screenshot(page, dir, QStringLiteral("alerts"));

    // Unsilenced, the next crossing is news again.
    page.unsilence(QStringLiteral("api-cost"));
    setCostThreshold(spend + 100);
    setCostThreshold(std::floor(spend / 2));
    CHECK(costFired() == 1);
}

TEST_CASE("alerts page saves the thresholds in the profile")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    Profile staging;
    staging.name = QStringLiteral("staging");
    ctx->profiles().save(staging);
    ctx->setProfile(staging);
    AlertsPage page(ctx->session(), ctx->alerts());
    page.findChild<QDoubleSpinBox *>(QStringLiteral("thresholdP95"))->setValue(1500);
    page.findChild<QSpinBox *>(QStringLiteral("thresholdFailedWorkflows"))->setValue(5);
    page.findChild<QPushButton *>(QStringLiteral("saveThresholds"))->click();
    const Thresholds stored = ctx->profiles().load(QStringLiteral("staging")).thresholds;
    CHECK(stored.p95Ms == 1500);
    CHECK(stored.failedWorkflows24h == 5);
    CHECK(stored.costPerDayUsd == 50);
    CHECK(ctx->profile().thresholds.p95Ms == 1500);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
}

TEST_CASE("alerts page: a failed restore test is an alert, as on the checklist, and notifies once")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    DrillReport failed;
    failed.at = ctx->clock().nowUtc().addSecs(-3600);
    failed.backupId = QStringLiteral("20261203T070000Z");
    failed.problems = {QStringLiteral("table public.orders is missing after the restore")};
    REQUIRE(ctx->backups().saveDrill(failed).ok());
    REQUIRE(ctx->backups().drillStatus().health == DrillHealth::Red);

    AlertsPage page(ctx->session(), ctx->alerts());
    QSignalSpy fired(&ctx->alerts(), &AlertMonitor::alertFired);
    showPage(page);
    REQUIRE(test::waitUntil([&] { return page.isReady() && ctx->alerts().isEvaluated() && !page.isEvaluating(); }, 60'000));
    const int row = page.model()->rowOf(QStringLiteral("restore-test"));
    REQUIRE(row >= 0);
    CHECK(page.model()->index(row, AlertsModel::Name).data().toString() == QStringLiteral("Restore test"));
    CHECK(page.model()->index(row, AlertsModel::Why).data().toString() == ctx->backups().drillStatus().text);
    int restoreNotices = 0;
    for (const QList<QVariant> &args : std::as_const(fired))
        restoreNotices += args.at(0).toString().contains(QStringLiteral("Restore test")) ? 1 : 0;
    CHECK(restoreNotices == 1);

    // A passing drill clears it at the next evaluation.
    DrillReport passed = failed;
    passed.at = ctx->clock().nowUtc();
    passed.ok = true;
    passed.problems.clear();
    passed.tablesChecked = 3;
    REQUIRE(ctx->backups().saveDrill(passed).ok());
    page.refresh();
    REQUIRE(test::waitUntil([&] { return !page.isEvaluating(); }, 60'000));
    CHECK(page.model()->rowOf(QStringLiteral("restore-test")) < 0);
}
