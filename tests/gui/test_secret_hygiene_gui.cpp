// Secret hygiene sweep of the GUI: every page of the demo opened and left to load (the checklist runs its
// checks, the health page probes a URL carrying a password and a token) with Qt's debug output on. No
// credential shows on any page (text, tables, tooltips, the log pane), and none reaches a file (the
// store, settings, the audit trail, logs). The Profiles page refuses to save a health URL with one.
#include "appcontext.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "page.h"
#include "pagefactory.h"
#include "pages/profilespage.h"
#include "sandbox/sandbox.h"
#include "testcontext.h"
#include "testsupport.h"
#include "usecases/session.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QUrl>

using namespace opsdeck;

namespace {

// Everything a user can read on w and below it: labels, buttons, fields, text views, window titles,
// tooltips, and every cell (text and tooltip) of every table and list.
QString readableText(const QWidget &root)
{
    QStringList out;
    QList<QWidget *> widgets = root.findChildren<QWidget *>();
    widgets.prepend(const_cast<QWidget *>(&root));
    for (QWidget *w : widgets) {
        out << w->toolTip() << w->windowTitle() << w->statusTip();
        if (auto *label = qobject_cast<QLabel *>(w))
            out << label->text();
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            out << button->text();
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            out << edit->text();
        if (auto *text = qobject_cast<QPlainTextEdit *>(w))
            out << text->toPlainText();
        if (auto *text = qobject_cast<QTextEdit *>(w))
            out << text->toPlainText();
        if (auto *view = qobject_cast<QAbstractItemView *>(w)) {
            const QAbstractItemModel *m = view->model();
            if (!m)
                continue;
            for (int c = 0; c < m->columnCount(); ++c)
                out << m->headerData(c, Qt::Horizontal).toString();
            for (int r = 0; r < std::min(m->rowCount(), 500); ++r) {
                for (int c = 0; c < m->columnCount(); ++c) {
                    const QModelIndex i = m->index(r, c);
                    out << i.data(Qt::DisplayRole).toString() << i.data(Qt::ToolTipRole).toString();
                }
            }
        }
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace

TEST_CASE("no credential shows on any page of the GUI or reaches a file", "[gui]")
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=false"));
    test::IsolatedHome home;
    QTemporaryDir dir(home.path() + QStringLiteral("/app-XXXXXX"));
    auto ctx = test::makeContext(dir);
    REQUIRE(ctx->sandbox());

    const QByteArray urlPassword = "hunter2-gui-sentinel";
    const QByteArray urlToken = "tok-gui-sentinel-query";
    QUrl health = ctx->sandbox()->healthUrl();
    health.setUserInfo(QStringLiteral("probe:") + QString::fromLatin1(urlPassword));
    health.setQuery(QStringLiteral("token=") + QString::fromLatin1(urlToken));
    Profile profile = ctx->profile();
    profile.healthUrls = {health.toString()};
    ctx->setProfile(profile);

    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    const QList<Page *> pages = w.pages();
    REQUIRE(pages.size() >= 12);

    const QList<QByteArray> sentinels{QByteArray(Sandbox::kVercelToken), QByteArray(Sandbox::kGithubToken),
                                      QByteArray(Sandbox::kOpenAiKey),   QByteArray(Sandbox::kAnthropicKey),
                                      urlPassword,                      urlToken};
    for (Page *page : pages) {
        INFO(page->id().toStdString());
        REQUIRE(w.showPage(page->id()));
        CHECK(test::waitUntil([&] { return page->isReady(); }, 30'000));
        QTest::qWait(100);  // the last model updates after ready
        const QString shown = readableText(w);
        for (const QByteArray &secret : sentinels) {
            INFO(secret.toStdString());
            CHECK_FALSE(shown.contains(QString::fromLatin1(secret)));
        }
    }
    // The sweep saw the pages at work: the health URL was probed (shown masked) and stored.
    CHECK(ctx->sandbox()->requestCount(QStringLiteral("/app/api/health")) >= 1);
    REQUIRE(w.showPage(QStringLiteral("health")));
    const QString healthText = readableText(w);
    CHECK(healthText.contains(QStringLiteral("probe:***@")));

    ctx.reset();  // store, settings and logs flushed and closed
    for (const QByteArray &secret : sentinels) {
        INFO(secret.toStdString());
        CHECK(home.filesContaining(secret).join(QLatin1Char(' ')).toStdString() == "");
    }
}

TEST_CASE("the Profiles page refuses to save a health URL carrying a password or a token", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    ProfilesPage page(ctx->session());
    auto *name = page.findChild<QLineEdit *>(QStringLiteral("profileName"));
    auto *urls = page.findChild<QLineEdit *>(QStringLiteral("healthUrls"));
    REQUIRE(name);
    REQUIRE(urls);
    name->setText(QStringLiteral("prod"));

    for (const QString &withSecret : {QStringLiteral("https://probe:s3cret-sentinel@example.com/api/health"),
                                      QStringLiteral("https://example.com/api/health?token=s3cret-sentinel")}) {
        INFO(withSecret.toStdString());
        urls->setText(withSecret);
        CHECK_FALSE(page.saveCurrent());
        CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
        CHECK(page.messageBar()->text().contains(QStringLiteral("password or token")));
        CHECK_FALSE(page.messageBar()->text().contains(QStringLiteral("s3cret-sentinel")));
        CHECK_FALSE(ctx->profiles().contains(QStringLiteral("prod")));
    }
    urls->setText(QStringLiteral("https://example.com/api/health"));
    CHECK(page.saveCurrent());
    CHECK(ctx->profiles().load(QStringLiteral("prod")).healthUrls == QStringList{QStringLiteral("https://example.com/api/health")});

    QFile settings(dir.filePath(QStringLiteral("settings.ini")));
    REQUIRE(settings.open(QIODevice::ReadOnly));
    CHECK_FALSE(settings.readAll().contains("s3cret-sentinel"));
}
