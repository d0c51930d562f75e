// Text from outside (commit messages, workflow names, log lines, queries) shown in a tooltip is shown
// as it is: never as a link, an image or bold text, and without bidi overrides.
#include "appcontext.h"
#include "mainwindow.h"
#include "plaintooltips.h"
#include "testcontext.h"
#include "testsupport.h"
#include "usecases/session.h"

#include <catch2/catch.hpp>

#include <QHelpEvent>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTextDocument>
#include <QToolTip>

using namespace opsdeck;

namespace {

const QString kHostile = QStringLiteral("<a href=\"https://evil.example/\">click</a><img src=\"/etc/hostname\"><b>bold</b>")
                         + QChar(0x202E) + QStringLiteral("gnp.exe");
const QString kShown = QStringLiteral("<a href=\"https://evil.example/\">click</a><img src=\"/etc/hostname\"><b>bold</b>gnp.exe");

// What a user reads in the tooltip that is up now.
QString shownToolTip()
{
    if (!test::waitUntil([] { return QToolTip::isVisible(); }, 3000))
        return QStringLiteral("(no tooltip)");
    QTextDocument doc;
    if (Qt::mightBeRichText(QToolTip::text()))
        doc.setHtml(QToolTip::text());
    else
        doc.setPlainText(QToolTip::text());
    return doc.toPlainText();
}

QString hover(QWidget *target, QPoint at)
{
    QToolTip::hideText();
    QHelpEvent event(QEvent::ToolTip, at, target->mapToGlobal(at));
    QApplication::sendEvent(target, &event);
    return shownToolTip();
}

} // namespace

TEST_CASE("a hostile name in a table cell's tooltip or a widget's tooltip shows as plain text", "[gui]")
{
    QTemporaryDir dir;
    const auto context = test::makeContext(dir);
    MainWindow window(context->session());  // installs the application's tooltip filter

    QStandardItemModel model(1, 1);
    auto *item = new QStandardItem(QStringLiteral("run"));
    item->setToolTip(kHostile);
    model.setItem(0, 0, item);
    QTableView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    const QRect cell = view.visualRect(model.index(0, 0));
    CHECK(hover(view.viewport(), cell.center()) == kShown);

    QLabel label(QStringLiteral("deployment"));
    label.setToolTip(kHostile);
    label.show();
    REQUIRE(QTest::qWaitForWindowExposed(&label));
    CHECK(hover(&label, label.rect().center()) == kShown);

    QToolTip::hideText();
}

TEST_CASE("escaped tooltips keep line breaks and plain text as it was", "[gui]")
{
    QTextDocument doc;
    doc.setHtml(PlainToolTips::escape(QStringLiteral("SELECT 1\n  FROM t WHERE a < 3 && b > 2")));
    CHECK(doc.toPlainText() == QStringLiteral("SELECT 1\n  FROM t WHERE a < 3 && b > 2"));
}
