// The Logs page offscreen: empty state, background analysis with progress and cancel, cards compared
// with last week, tables, rotation preview and confirmed run, demo logs.
#include "appcontext.h"
#include "usecases/session.h"
#include "core/clock.h"
#include "logs/loganalyzer.h"
#include "logs/loggenerator.h"
#include "logs/loghistory.h"
#include "pages/logscards.h"
#include "logserrorsmodel.h"
#include "logsrotationmodel.h"
#include "pages/logsrotationpanel.h"
#include "messagebar.h"
#include "messagebox.h"
#include "pages/logspage.h"
#include "store/auditlog.h"
#include "suspiciousipsmodel.h"
#include "testcontext.h"
#include "testsupport.h"
#include "topipsmodel.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

using namespace opsdeck;

namespace {

std::unique_ptr<AppContext> makeContext(const QTemporaryDir &dir, const QStringList &logDirs, bool demo = false)
{
    auto ctx = test::makeContext(dir, {.demo = demo});
    if (!demo) {
        Profile p;
        p.name = QStringLiteral("staging");
        p.logDirs = logDirs;
        ctx->setProfile(p);
    }
    return ctx;
}

void makeLogs(const QString &folder, qint64 lines = 8000)
{
    REQUIRE(QDir().mkpath(folder));
    AccessLogSpec spec;
    spec.seed = 3;
    spec.lines = lines;
    spec.meanGapMs = 20'000;
    spec.hostileShare = 0.01;
    REQUIRE(AccessLogGenerator::writeFile(folder + QStringLiteral("/access.log"), spec).ok());
    AppLogSpec app;
    app.lines = 2000;
    REQUIRE(writeAppLog(folder + QStringLiteral("/app.log"), app).ok());
}

// Saves a screenshot into the test's temporary folder, and into OPSDECK_SCREENSHOT_DIR when set.
void saveShot(QWidget &page, const QTemporaryDir &dir, const QString &name)
{
    const QImage shot = page.grab().toImage();
    CHECK(shot.width() >= 1000);
    const QString png = dir.filePath(name);
    CHECK(shot.save(png));
    CHECK(QFileInfo(png).size() > 10'000);
    if (const QString keep = qEnvironmentVariable("OPSDECK_SCREENSHOT_DIR"); !keep.isEmpty())
        shot.save(keep + QLatin1Char('/') + name);
}

void setAge(const QString &path, qint64 days)
{
    struct timespec t[2];
    t[0].tv_sec = t[1].tv_sec = time_t(QDateTime::currentSecsSinceEpoch() - days * 86400);
    t[0].tv_nsec = t[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), t, 0) == 0);
}

} // namespace

TEST_CASE("without log folders the page shows an empty state and a clear message")
{
    QTemporaryDir dir;
    auto ctx = makeContext(dir, {});
    LogsPage page(ctx->session(), ctx->logs());
    page.resize(1200, 800);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    CHECK(page.isReady());
    CHECK(page.findChild<QLabel *>(QStringLiteral("logsEmptyState"))->isVisible());
    CHECK(page.messageBar()->text().contains(QStringLiteral("No log folders")));
    CHECK_FALSE(page.findChild<QPushButton *>(QStringLiteral("analyzeLogs"))->isEnabled());

    page.setSources({dir.filePath(QStringLiteral("does-not-exist"))});
    page.analyze();
    CHECK(page.isReady());
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
    CHECK(page.messageBar()->text().contains(QStringLiteral("does not exist")));
}

TEST_CASE("analyses the profile's log folder in the background and shows cards, charts and tables")
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    makeLogs(logs);
    auto ctx = makeContext(dir, {logs});
    // Last week's analysis of the same folder, for the comparison on the cards.
    LogSnapshot lastWeek;
    lastWeek.at = ctx->clock().nowUtc().addDays(-7);
    lastWeek.requests = 4000;
    lastWeek.errorRatePercent = 0.5;
    lastWeek.p50Ms = 10;
    lastWeek.p95Ms = 100;
    lastWeek.p99Ms = 200;
    REQUIRE(LogHistory(ctx->store()).record(LogHistory::subjectFor({logs}), lastWeek).ok());

    LogsPage page(ctx->session(), ctx->logs());
    test::checkModel(page.topIpsModel());
    test::checkModel(page.suspiciousModel());
    test::checkModel(page.errorsModel());
    test::checkModel(page.rotation()->model());
    page.resize(1400, 900);
    page.show();  // the first show starts the analysis
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    CHECK((page.isAnalyzing() || page.isReady()));
    REQUIRE(test::waitUntil([&] { return page.isReady() && !page.isAnalyzing(); }, 60'000));

    LogAnalysisRequest request;
    request.files = {logs + QStringLiteral("/access.log")};
    const auto expected = LogAnalyzer::analyze(request);
    REQUIRE(expected.ok());
    REQUIRE(page.analysis().has_value());
    CHECK(page.analysis()->requests == expected->requests);
    CHECK(page.cards()->value(QStringLiteral("requests")) == QStringLiteral("%L1").arg(expected->requests));  // "23,983"
    CHECK(page.cards()->delta(QStringLiteral("requests")).contains(QStringLiteral("vs last week")));
    CHECK(page.cards()->value(QStringLiteral("auth")) ==
          QStringLiteral("%1 / %2").arg(expected->status401).arg(expected->status403));
    CHECK(page.topIpsModel()->rowCount() == 20);
    CHECK(page.topIpsModel()->data(page.topIpsModel()->index(0, TopIpsModel::Ip), Qt::DisplayRole).toString()
          == expected->topIps.first().ip);
    bool scannerListed = false;
    for (int r = 0; r < page.suspiciousModel()->rowCount(); ++r)
        scannerListed = scannerListed || page.suspiciousModel()->ip(r).ip == AccessLogGenerator::scannerIp();
    CHECK(scannerListed);
    CHECK(page.errorsModel()->rowCount() > 3);  // app-log error types and paths by errors
    CHECK(page.errorsModel()->data(page.errorsModel()->index(0, LogsErrorsModel::Source), Qt::DisplayRole).toString()
          == QStringLiteral("app log"));

    // This analysis was stored for next week.
    const auto stored = LogHistory(ctx->store()).previous(LogHistory::subjectFor({logs}), ctx->clock().nowUtc(), 0);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->requests == double(expected->requests));

    saveShot(page, dir, QStringLiteral("logspage.png"));
}

TEST_CASE("Cancel stops a running analysis and keeps the GUI responsive")
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    makeLogs(logs, 600'000);
    auto ctx = makeContext(dir, {logs});
    LogsPage page(ctx->session(), ctx->logs());
    page.analyze();
    REQUIRE(page.isAnalyzing());
    CHECK(page.findChild<QProgressBar *>(QStringLiteral("analysisProgress"))->isVisibleTo(&page));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("cancelAnalysis")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !page.isAnalyzing(); }, 30'000));
    CHECK(page.messageBar()->text().contains(QStringLiteral("cancelled")));
    CHECK_FALSE(page.analysis().has_value());
    CHECK(page.findChild<QPushButton *>(QStringLiteral("analyzeLogs"))->isEnabled());
}

TEST_CASE("rotation: preview table, a declined confirmation changes nothing, a confirmed run rotates and audits")
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    REQUIRE(QDir().mkpath(logs));
    for (const auto &[name, days] : {std::pair{QStringLiteral("old.log"), 10}, std::pair{QStringLiteral("new.log"), 1},
                                     std::pair{QStringLiteral("ancient.log.gz"), 120}}) {
        QFile f(logs + QLatin1Char('/') + name);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("10.0.0.1 - - [x] \"GET / HTTP/1.1\" 200 1 \"-\" \"t\"\n");
        f.close();
        setAge(logs + QLatin1Char('/') + name, days);
    }
    auto ctx = makeContext(dir, {logs});
    LogsPage page(ctx->session(), ctx->logs());
    LogsRotationPanel *panel = page.rotation();
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("rotationPreview")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return panel->model()->rowCount() == 3 && !panel->isBusy(); }));
    CHECK(panel->model()->count(RotationAction::Compress) == 1);
    CHECK(panel->model()->count(RotationAction::Delete) == 1);
    auto *run = panel->findChild<QPushButton *>(QStringLiteral("rotationRun"));
    REQUIRE(run->isEnabled());

    const int asked = MessageBox::questionsAsked();
    MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(run, Qt::LeftButton);
    CHECK(MessageBox::questionsAsked() == asked + 1);
    CHECK(QFileInfo::exists(logs + QStringLiteral("/old.log")));
    CHECK(QFileInfo::exists(logs + QStringLiteral("/ancient.log.gz")));

    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(run, Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !panel->isBusy(); }));
    CHECK_FALSE(QFileInfo::exists(logs + QStringLiteral("/old.log")));
    CHECK(QFileInfo::exists(logs + QStringLiteral("/old.log.gz")));
    CHECK_FALSE(QFileInfo::exists(logs + QStringLiteral("/ancient.log.gz")));
    CHECK(QFileInfo::exists(logs + QStringLiteral("/new.log")));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
    const auto entries = ctx->audit().list();
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    CHECK(entries->first().action == QStringLiteral("logs.rotate"));
    CHECK(entries->first().details.value(QStringLiteral("compressed")).toInt() == 1);
    CHECK_FALSE(run->isEnabled());  // the plan was used; a new preview is needed
}

TEST_CASE("rotation settings come from the profile, and Save for profile stores what the preview used")
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    REQUIRE(QDir().mkpath(logs));
    for (const auto &[name, days] : {std::pair{QStringLiteral("web.txt"), 4}, std::pair{QStringLiteral("web.log"), 40}}) {
        QFile f(logs + QLatin1Char('/') + name);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("x\n");
        f.close();
        setAge(logs + QLatin1Char('/') + name, days);
    }
    auto ctx = makeContext(dir, {logs});
    Profile profile = ctx->profile();
    profile.logRotation.pattern = QStringLiteral("*.txt");
    profile.logRotation.compressAfterDays = 3;
    ctx->profiles().save(profile);
    ctx->setProfile(profile);
    LogsPage page(ctx->session(), ctx->logs());
    LogsRotationPanel *panel = page.rotation();
    auto *pattern = panel->findChild<QLineEdit *>(QStringLiteral("rotationPattern"));
    auto *compress = panel->findChild<QSpinBox *>(QStringLiteral("rotationCompressDays"));
    REQUIRE(pattern);
    REQUIRE(compress);
    CHECK(pattern->text() == QStringLiteral("*.txt"));
    CHECK(compress->value() == 3);

    // The preview follows the profile: web.txt (4 days) is compressed, web.log is not in scope.
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("rotationPreview")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return panel->model()->rowCount() > 0 && !panel->isBusy(); }));
    CHECK(panel->model()->count(RotationAction::Compress) == 1);

    // Another pattern for this profile, saved: stored in settings and used by the next preview.
    pattern->setText(QStringLiteral("*.log"));
    compress->setValue(30);
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("rotationSave")), Qt::LeftButton);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
    const Profile stored = ctx->profiles().load(QStringLiteral("staging"));
    CHECK(stored.logRotation.pattern == QStringLiteral("*.log"));
    CHECK(stored.logRotation.compressAfterDays == 30);
    CHECK(ctx->profile().logRotation.pattern == QStringLiteral("*.log"));
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("rotationPreview")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !panel->isBusy(); }));
    REQUIRE(test::waitUntil([&] { return panel->model()->count(RotationAction::Compress) == 1; }));
    CHECK(panel->policy().logPattern == QStringLiteral("*.log"));
}

TEST_CASE("demo mode writes demo logs once and analyses them")
{
    QTemporaryDir dir;
    auto ctx = makeContext(dir, {}, true);
    LogsPage page(ctx->session(), ctx->logs());
    page.resize(1400, 900);
    page.show();
    REQUIRE(test::waitUntil([&] { return page.isReady() && !page.isAnalyzing() && page.analysis().has_value(); }, 60'000));
    const QString folder = ctx->dataDir() + QStringLiteral("/demo-logs");
    CHECK(QFileInfo::exists(folder + QStringLiteral("/access.log")));
    CHECK(QFileInfo::exists(folder + QStringLiteral("/app.log")));
    CHECK(page.analysis()->requests > 20'000);
    CHECK(page.errorsModel()->rowCount() > 0);
    saveShot(page, dir, QStringLiteral("logspage-demo.png"));
}
