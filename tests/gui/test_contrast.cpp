// Every colour comes from the theme, and the theme is readable: status text at least 4.5:1 (WCAG AA)
// on the backgrounds it is drawn on, controls' outlines at least 3:1, in the light and the dark theme;
// and the check boxes a user ticks are visible where they are drawn (rendered and measured).
#include "appcontext.h"
#include "checklistmodel.h"
#include "pages/checklistpage.h"
#include "testcontext.h"
#include "testsupport.h"
#include "theme.h"
#include "tone.h"
#include "widgets/tonedelegate.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QCheckBox>
#include <QImage>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QStyleOptionButton>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace opsdeck;
using opsdeck::test::waitUntil;

namespace {

QColor over(const QColor &top, const QColor &bottom)
{
    const double a = top.alphaF();
    return QColor::fromRgbF(float(top.redF() * a + bottom.redF() * (1 - a)), float(top.greenF() * a + bottom.greenF() * (1 - a)),
                            float(top.blueF() * a + bottom.blueF() * (1 - a)));
}

// The strongest contrast of any pixel in rect against the background colour: what the eye finds.
double strongestContrast(const QImage &image, const QRect &rect, const QColor &background)
{
    double best = 1.0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x)
            best = std::max(best, contrastRatio(image.pixelColor(x, y), background));
    }
    return best;
}

const char *themeName(bool dark) { return dark ? "dark" : "light"; }

// Where the view's style draws the check indicator of index (nothing else: not the text beside it).
QRect checkRect(QTableView *view, const QModelIndex &index)
{
    QStyleOptionViewItem opt;
    opt.initFrom(view->viewport());
    opt.rect = view->visualRect(index);
    opt.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    opt.text = index.data().toString();
    opt.checkState = Qt::Unchecked;
    return view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, view).adjusted(-1, -1, 1, 1);
}

} // namespace

TEST_CASE("theme colours: status text 4.5:1 where it is drawn, outlines 3:1, in both themes")
{
    for (bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        const QPalette p = QApplication::palette();
        INFO("theme " << themeName(dark));
        for (Tone tone : {Tone::Good, Tone::Warning, Tone::Bad, Tone::Muted, Tone::Neutral}) {
            INFO("tone " << int(tone));
            const QColor text = toneTextColor(tone, p);
            CHECK(contrastRatio(text, p.color(QPalette::Base)) >= 4.5);
            CHECK(contrastRatio(text, p.color(QPalette::AlternateBase)) >= 4.5);
            CHECK(contrastRatio(text, p.color(QPalette::Window)) >= 4.5);
            // Chips, pills and badges: white on the tone's fill.
            CHECK(contrastRatio(Qt::white, toneColor(tone)) >= 4.5);
            const MessageColors m = messageColors(tone, dark);
            CHECK(contrastRatio(m.text, m.background) >= 4.5);
        }
        CHECK(contrastRatio(Qt::white, errorToneColor()) >= 4.5);
        // A failing row: bold red text on the red tint ToneDelegate lays over the base.
        QColor tint = toneColor(Tone::Bad);
        tint.setAlpha(38);
        for (QPalette::ColorRole base : {QPalette::Base, QPalette::AlternateBase})
            CHECK(contrastRatio(toneTextColor(Tone::Bad, p), over(tint, p.color(base))) >= 4.5);
        CHECK(contrastRatio(p.color(QPalette::Text), p.color(QPalette::Base)) >= 4.5);
        CHECK(contrastRatio(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight)) >= 4.5);
        CHECK(contrastRatio(p.color(QPalette::ButtonText), p.color(QPalette::Button)) >= 4.5);
        CHECK(contrastRatio(controlBorderColor(p), p.color(QPalette::Base)) >= 3.0);
        CHECK(contrastRatio(controlBorderColor(p), p.color(QPalette::Window)) >= 3.0);
    }
    applyTheme(*qApp, false);
}

TEST_CASE("check boxes and input frames are visible in both themes, unselected and unchecked")
{
    for (bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        INFO("theme " << themeName(dark));
        QWidget host;
        auto *layout = new QVBoxLayout(&host);
        auto *box = new QCheckBox(QStringLiteral("Encrypt backups"), &host);
        auto *edit = new QLineEdit(&host);
        auto *view = new QTableView(&host);
        QStandardItemModel model(3, 2);
        for (int r = 0; r < 3; ++r) {
            auto *item = new QStandardItem(QStringLiteral("item %1").arg(r));
            item->setCheckable(true);
            item->setCheckState(r == 1 ? Qt::Checked : Qt::Unchecked);
            model.setItem(r, 0, item);
        }
        view->setModel(&model);
        view->setItemDelegate(new ToneDelegate(view));
        layout->addWidget(box);
        layout->addWidget(edit);
        layout->addWidget(view);
        host.resize(420, 300);
        host.show();
        REQUIRE(QTest::qWaitForWindowExposed(&host));
        const QPalette p = QApplication::palette();

        const QImage shot = host.grab().toImage();
        QStyleOptionButton opt;
        opt.initFrom(box);
        const QRect indicator = box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &opt, box).translated(box->pos());
        CHECK(strongestContrast(shot, indicator, p.color(QPalette::Window)) >= 3.0);
        // The line edit's frame: its top edge row.
        const QRect frame(edit->x() + 4, edit->y(), edit->width() - 8, 2);
        CHECK(strongestContrast(shot, frame, p.color(QPalette::Window)) >= 3.0);

        const QImage cells = view->viewport()->grab().toImage();
        for (int r : {0, 2}) {
            const QRect cell = view->visualRect(model.index(r, 0));
            const QRect check = checkRect(view, model.index(r, 0));
            REQUIRE(cell.contains(check.center()));
            const QColor background = cells.pixelColor(cell.right() - 2, cell.center().y());
            CHECK(strongestContrast(cells, check, background) >= 3.0);
        }
        host.hide();
    }
    applyTheme(*qApp, false);
}

TEST_CASE("the checklist's tick boxes show on every row of the real page, in both themes")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    for (bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        INFO("theme " << themeName(dark));
        ChecklistPage page(ctx->session(), ctx->checklist());
        page.resize(1200, 760);
        page.show();
        REQUIRE(QTest::qWaitForWindowExposed(&page));
        REQUIRE(waitUntil([&] { return page.isReady(); }, 60'000));
        auto *view = page.findChild<QTableView *>();
        REQUIRE(view);
        view->clearSelection();
        view->setCurrentIndex(QModelIndex());
        QTest::qWait(50);
        const QImage cells = view->viewport()->grab().toImage();
        int measured = 0;
        for (int r = 0; r < page.model()->rowCount(); ++r) {
            const QModelIndex index = page.model()->index(r, ChecklistModel::Item);
            if (!index.data(Qt::CheckStateRole).isValid())
                continue;
            const QRect cell = view->visualRect(index);
            if (!cells.rect().contains(cell))
                continue;
            const QRect check = checkRect(view, index);
            const QColor background = cells.pixelColor(cell.left() + 1, cell.top() + 1);
            INFO("row " << r);
            CHECK(strongestContrast(cells, check, background) >= 3.0);
            ++measured;
        }
        CHECK(measured >= 3);
        if (dark)
            cells.copy(100, 0, 240, 140).scaled(960, 560).save(QStringLiteral("/tmp/opsdeck-shots/checklist-dark-zoom.png"));
    }
    applyTheme(*qApp, false);
}
