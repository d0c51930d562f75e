// The real main window, offscreen, driven by QTest.
#include "appcontext.h"
#include "usecases/alertmonitor.h"
#include "usecases/session.h"
#include "auditmodel.h"
#include "core/clock.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "page.h"
#include "pagefactory.h"
#include "sidebar.h"
#include "pages/auditpage.h"
#include "store/auditlog.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {
QStringList pageIds(const MainWindow &w)
{
    QStringList ids;
    for (Page *p : w.pages())
        ids << p->id();
    return ids;
}
} // namespace

TEST_CASE("first start offers the demo or a new profile, then the profile is used")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));

    CHECK(pageIds(w) == QStringList{QStringLiteral("welcome"), QStringLiteral("profiles"), QStringLiteral("credentials"),
                                    QStringLiteral("audit")});
    CHECK(w.currentPage()->id() == QStringLiteral("welcome"));
    CHECK(w.findChild<QPushButton *>(QStringLiteral("tryDemo")) != nullptr);
    // The application icon is compiled in (window title bar, task bar, tray).
    CHECK_FALSE(w.windowIcon().pixmap(32, 32).isNull());
    auto *profileLabel = w.findChild<QLabel *>(QStringLiteral("profileLabel"));
    CHECK(profileLabel->text() == QStringLiteral("No profile"));
    CHECK_FALSE(w.findChild<QLabel *>(QStringLiteral("demoBadge"))->isVisible());

    QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("createProfile")), Qt::LeftButton);
    CHECK(w.currentPage()->id() == QStringLiteral("profiles"));
    // Nothing to delete yet.
    CHECK_FALSE(w.findChild<QPushButton *>(QStringLiteral("deleteProfile"))->isEnabled());

    // Fill in a name and save: the profile becomes active and survives in settings.
    auto edits = w.currentPage()->findChildren<QLineEdit *>();
    REQUIRE(!edits.isEmpty());
    QLineEdit *name = edits.first();
    name->clear();
    QTest::keyClicks(name, QStringLiteral("staging"));
    QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("saveProfile")), Qt::LeftButton);
    CHECK(profileLabel->text() == QStringLiteral("Profile: staging"));
    CHECK(ctx->profiles().names() == QStringList{QStringLiteral("staging")});
    CHECK(w.findChild<QPushButton *>(QStringLiteral("deleteProfile"))->isEnabled());

    // The daily pages appear at once (no restart) and the checklist opens; the welcome page is gone.
    REQUIRE(test::waitUntil([&] { return pageIds(w).contains(QStringLiteral("checklist")); }, 5000));
    const QStringList ids = pageIds(w);
    CHECK_FALSE(ids.contains(QStringLiteral("welcome")));
    for (const char *id : {"health", "errors", "ci", "deployments", "alerts", "timeline", "costs", "logs", "backups", "database",
                           "profiles", "credentials", "audit"})
        CHECK(ids.contains(QLatin1String(id)));
    CHECK(w.currentPage()->id() == QStringLiteral("checklist"));
    // The sidebar lists every page (and its group headings, which cannot be selected).
    const auto *sidebar = w.findChild<QListWidget *>(QStringLiteral("sidebar"));
    int pageRows = 0;
    for (int row = 0; row < sidebar->count(); ++row)
        pageRows += sidebar->item(row)->data(SidebarDelegate::HeadingRole).toBool() ? 0 : 1;
    CHECK(pageRows == ids.size());
}

TEST_CASE("sidebar: pages grouped Today, Data, Settings, with live counts beside their names")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.resize(1280, 800);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    auto *sidebar = w.findChild<QListWidget *>(QStringLiteral("sidebar"));
    QStringList rows;  // "# Heading" or the page title
    for (int row = 0; row < sidebar->count(); ++row) {
        const QListWidgetItem *item = sidebar->item(row);
        const bool heading = item->data(SidebarDelegate::HeadingRole).toBool();
        rows << (heading ? QStringLiteral("# ") : QString()) + item->text();
        if (heading)
            CHECK_FALSE(item->flags() & Qt::ItemIsSelectable);
    }
    INFO(rows.join(QStringLiteral(" | ")).toStdString());
    REQUIRE(rows.indexOf(QStringLiteral("# Today")) == 0);
    CHECK(rows.indexOf(QStringLiteral("Overview")) == 1);
    CHECK(rows.indexOf(QStringLiteral("Checklist")) == 2);
    CHECK(rows.indexOf(QStringLiteral("Alerts")) < rows.indexOf(QStringLiteral("# Data")));
    CHECK(rows.indexOf(QStringLiteral("# Data")) < rows.indexOf(QStringLiteral("Costs")));
    CHECK(rows.indexOf(QStringLiteral("Dependencies")) < rows.indexOf(QStringLiteral("# Settings")));
    CHECK(rows.indexOf(QStringLiteral("# Settings")) < rows.indexOf(QStringLiteral("Profiles")));
    // Every page has its own icon.
    QSet<qint64> icons;
    for (Page *p : w.pages()) {
        INFO(p->id().toStdString());
        CHECK_FALSE(p->icon().isNull());
        const QImage img = p->icon().pixmap(18, 18).toImage();
        icons.insert(qint64(qHashBits(img.constBits(), size_t(img.sizeInBytes()))));
    }
    CHECK(icons.size() == w.pages().size());
    // Keyboard shortcuts still count pages, not headings: Ctrl+3 is Health.
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    CHECK(w.currentPage()->id() == QStringLiteral("health"));

    // Live counts: the checklist's sign-offs at once, the demo's firing alerts and failed CI runs once the
    // alert monitor has measured (the demo seeds four failed workflow runs in 24 h).
    auto badgeOf = [&](const QString &title) {
        for (int row = 0; row < sidebar->count(); ++row)
            if (sidebar->item(row)->text() == title)
                return sidebar->item(row)->data(SidebarDelegate::BadgeRole).toString();
        return QStringLiteral("?");
    };
    REQUIRE(test::waitUntil([&] { return badgeOf(QStringLiteral("Checklist")).endsWith(QStringLiteral("/7")); }, 60'000));
    CHECK(badgeOf(QStringLiteral("Checklist")).startsWith(QStringLiteral("0/")));
    ctx->alerts().evaluate();
    REQUIRE(test::waitUntil([&] { return ctx->alerts().isEvaluated() && !ctx->alerts().isEvaluating(); }, 60'000));
    CHECK(badgeOf(QStringLiteral("Alerts")) == QString::number(ctx->alerts().alerts().size()));
    CHECK(badgeOf(QStringLiteral("CI")).toInt() >= 4);
    CHECK(badgeOf(QStringLiteral("Errors")).toInt() > 0);
    CHECK(badgeOf(QStringLiteral("Profiles")).isEmpty());
}

TEST_CASE("keyboard: Ctrl+number switches pages, Ctrl+L toggles the log pane")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
    CHECK(w.currentPage()->id() == QStringLiteral("credentials"));  // the second shortcut after a heading
    QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
    CHECK(w.currentPage()->id() == QStringLiteral("audit"));
    const bool before = w.logPane()->isVisible();
    QTest::keyClick(&w, Qt::Key_L, Qt::ControlModifier);
    CHECK(w.logPane()->isVisible() != before);
}

TEST_CASE("the audit page lists entries and says what its check proved")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    SECTION("signed entries: intact, signatures and head checked")
    {
        ctx->audit().setKey(QByteArrayLiteral("gui-test-audit-key-0123456789abcdefghij"));
        REQUIRE(ctx->audit().append(QStringLiteral("rollback"), QStringLiteral("web"), QJsonObject()).ok());
        REQUIRE(ctx->audit().append(QStringLiteral("secret.set"), QStringLiteral("default/github-token"), QJsonObject()).ok());
        AuditPage page(ctx->session());
        CHECK(page.model()->rowCount() == 2);
        // When, as everywhere: relative, the exact UTC time in the tooltip.
        const QModelIndex when = page.model()->index(0, AuditModel::Time);
        CHECK(when.data().toString() == QStringLiteral("just now"));
        CHECK(when.data(Qt::ToolTipRole).toString().endsWith(QStringLiteral(" UTC")));
        CHECK(when.data(Qt::ToolTipRole).toString().startsWith(ctx->clock().nowUtc().toString(QStringLiteral("yyyy-MM-dd"))));
        page.verifyChain();
        CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
        CHECK(page.messageBar()->text().contains(QStringLiteral("2 entries")));
    }
    SECTION("no audit key: intact, with a warning that signatures were not checked")
    {
        ctx->audit().setKey({}, QStringLiteral("the keychain is locked"));
        REQUIRE(ctx->audit().append(QStringLiteral("rollback"), QStringLiteral("web"), QJsonObject()).ok());
        AuditPage page(ctx->session());
        page.verifyChain();
        CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
        CHECK(page.messageBar()->text().contains(QStringLiteral("the keychain is locked")));
        CHECK(page.messageBar()->text().contains(QStringLiteral("without the audit key")));
    }
}

TEST_CASE("--screenshot renders every page to a PNG")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    std::optional<bool> done;
    const QString shots = dir.filePath(QStringLiteral("shots"));
    w.takeScreenshots(shots, [&done](bool ok) { done = ok; });
    REQUIRE(test::waitUntil([&] { return done.has_value(); }, 30000));
    CHECK(*done);
    for (const QString &id : pageIds(w)) {
        QImage img(shots + QLatin1Char('/') + id + QStringLiteral(".png"));
        INFO(id.toStdString());
        CHECK(img.width() >= 800);
        CHECK(img.height() >= 500);
    }
}

TEST_CASE("--screenshot into a folder that cannot be written reports failure")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    REQUIRE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    std::optional<bool> done;
    w.takeScreenshots(dir.filePath(QStringLiteral("not-a-folder/shots")), [&done](bool ok) { done = ok; });
    REQUIRE(test::waitUntil([&] { return done.has_value(); }, 30000));
    CHECK_FALSE(*done);  // opsdeck --screenshot then exits 1
}

TEST_CASE("demo mode shows the DEMO badge and the Demo profile")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    CHECK(w.findChild<QLabel *>(QStringLiteral("demoBadge"))->isVisible());
    CHECK(w.findChild<QLabel *>(QStringLiteral("profileLabel"))->text() == QStringLiteral("Profile: Demo"));
    CHECK_FALSE(pageIds(w).contains(QStringLiteral("welcome")));
}
