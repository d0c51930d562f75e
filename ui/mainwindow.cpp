#include "mainwindow.h"

#include "commandpalette.h"
#include "config/settings.h"
#include "logmodel.h"
#include "page.h"
#include "plaintooltips.h"
#include "sidebar.h"
#include "theme.h"
#include "usecases/session.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QActionGroup>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>

// The icons are compiled into the opsdeck_ui library; linked statically (the release build), nothing else
// references them and the linker would drop them unless they are registered explicitly (outside any
// namespace, as Qt requires).
static void initUiResources() { Q_INIT_RESOURCE(opsdeck); }

namespace opsdeck {

MainWindow::MainWindow(Session &context, QWidget *parent)
    : QMainWindow(parent), m_context(context), m_sidebar(new QListWidget(this)), m_stack(new QStackedWidget(this))
{
    initUiResources();
    PlainToolTips::install();  // text from outside is never rendered as HTML in a tooltip
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(context.isDemo() ? tr("OpsDeck — Demo") : tr("OpsDeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/opsdeck.svg")));
    resize(1280, 800);

    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setFixedWidth(210);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setMouseTracking(true);  // hover highlight
    m_sidebar->setItemDelegate(new SidebarDelegate(m_sidebar));
    m_sidebar->setAutoFillBackground(true);
    m_sidebar->setBackgroundRole(QPalette::Window);
    m_sidebar->viewport()->setBackgroundRole(QPalette::Window);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_sidebar);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    connect(m_sidebar, &QListWidget::currentRowChanged, statusBar(), &QStatusBar::clearMessage);
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        const int page = pageOfRow(row);
        if (page < 0)
            return;
        m_stack->setCurrentIndex(page);
        m_context.settings().setValue(keys::lastPage, m_pages[page]->id());
    });

    buildStatusBar();
    buildLogPane();
    buildActions();
    buildTray();
    restoreGeometry(m_context.settings().value(keys::windowGeometry));
    connect(&m_context, &Session::profileChanged, this, &MainWindow::updateProfileLabel);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(Page *page, const QString &group)
{
    if (!group.isEmpty() && group != m_lastGroup) {
        auto *heading = new QListWidgetItem(group, m_sidebar);
        heading->setFlags(Qt::NoItemFlags);
        heading->setData(SidebarDelegate::HeadingRole, true);
    }
    m_lastGroup = group;
    m_pages.append(page);
    m_stack->addWidget(page);
    auto *item = new QListWidgetItem(page->icon(), page->title(), m_sidebar);
    const int n = int(m_pages.size());
    item->setData(SidebarDelegate::PageIndexRole, n - 1);
    item->setToolTip(n <= 9 ? tr("%1 (Ctrl+%2)").arg(page->title()).arg(n) : page->title());
    const auto showBadge = [item, page] {
        item->setData(SidebarDelegate::BadgeRole, page->badge());
        item->setData(SidebarDelegate::BadgeToneRole, int(page->badgeTone()));
    };
    showBadge();
    connect(page, &Page::badgeChanged, m_sidebar, showBadge);
    // A page's message belongs to that page: shown while it is the current one, gone when it is left.
    connect(page, &Page::statusMessage, this, [this, page](const QString &text) {
        if (page == currentPage())
            statusBar()->showMessage(text, 8000);
    });
    const QString start = m_context.settings().value(keys::startPage);
    const QString wanted = start == QLatin1String("last") ? m_context.settings().value(keys::lastPage) : start;
    if (m_pages.size() == 1 || page->id() == wanted)
        m_sidebar->setCurrentItem(item);
}

void MainWindow::clearPages()
{
    const QList<Page *> pages = std::exchange(m_pages, {});
    m_lastGroup.clear();
    const QSignalBlocker block(m_sidebar);
    m_sidebar->clear();
    for (Page *page : pages) {
        m_stack->removeWidget(page);
        page->hide();
        page->deleteLater();
    }
}

int MainWindow::rowOfPage(int pageIndex) const
{
    for (int row = 0; row < m_sidebar->count(); ++row) {
        const QVariant v = m_sidebar->item(row)->data(SidebarDelegate::PageIndexRole);
        if (v.isValid() && v.toInt() == pageIndex)
            return row;
    }
    return -1;
}

int MainWindow::pageOfRow(int row) const
{
    const QListWidgetItem *item = row >= 0 ? m_sidebar->item(row) : nullptr;
    const QVariant v = item ? item->data(SidebarDelegate::PageIndexRole) : QVariant();
    return v.isValid() && v.toInt() < m_pages.size() ? v.toInt() : -1;
}

Page *MainWindow::currentPage() const
{
    const int page = pageOfRow(m_sidebar->currentRow());
    return page >= 0 ? m_pages[page] : nullptr;
}

bool MainWindow::showPage(const QString &id)
{
    for (int i = 0; i < m_pages.size(); ++i) {
        if (m_pages[i]->id() == id) {
            m_sidebar->setCurrentRow(rowOfPage(i));
            return true;
        }
    }
    return false;
}

void MainWindow::buildStatusBar()
{
    m_profileLabel = new QLabel(this);
    m_profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_profileLabel->setTextFormat(Qt::PlainText);
    m_demoBadge = new QLabel(tr("DEMO"), this);
    m_demoBadge->setObjectName(QStringLiteral("demoBadge"));
    m_demoBadge->setStyleSheet(
        QStringLiteral("QLabel#demoBadge{background:%1;color:white;font-weight:bold;border-radius:4px;padding:1px 8px;}")
            .arg(toneColor(Tone::Warning).name()));
    m_demoBadge->setToolTip(tr("Demo mode: every provider is the local sandbox; nothing touches production"));
    statusBar()->addPermanentWidget(m_profileLabel);
    statusBar()->addPermanentWidget(m_demoBadge);
    updateProfileLabel();
}

void MainWindow::updateProfileLabel()
{
    const Profile &p = m_context.profile();
    m_profileLabel->setText(p.name.isEmpty() ? tr("No profile") : tr("Profile: %1").arg(p.name));
    m_demoBadge->setVisible(m_context.isDemo() || p.demo);
}

void MainWindow::buildLogPane()
{
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logPane"));
    auto *view = new QTableView(m_logDock);
    auto *model = new LogModel(m_context.log(), view);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(false);
    view->setColumnWidth(LogModel::Time, 80);
    view->setColumnWidth(LogModel::Level, 70);
    view->setColumnWidth(LogModel::Source, 90);
    connect(model, &QAbstractItemModel::rowsInserted, view, [view] { view->scrollToBottom(); });
    m_logDock->setWidget(view);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->setVisible(m_context.settings().value(keys::logPaneVisible));
}

void MainWindow::buildActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *refresh = fileMenu->addAction(tr("&Refresh page"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this] {
        if (Page *p = currentPage())
            p->refresh();
    });
    QAction *palette = fileMenu->addAction(tr("Command &palette…"));
    palette->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(palette, &QAction::triggered, this, &MainWindow::openCommandPalette);
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *log = m_logDock->toggleViewAction();
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    viewMenu->addAction(log);
    // Where OpsDeck opens: the checklist, the overview, or the page left last time.
    QMenu *startMenu = viewMenu->addMenu(tr("Open at Start"));
    startMenu->setObjectName(QStringLiteral("startPageMenu"));
    auto *startGroup = new QActionGroup(startMenu);
    for (const auto &[id, label] : {std::pair{QStringLiteral("checklist"), tr("Checklist")},
                                    std::pair{QStringLiteral("overview"), tr("Overview")},
                                    std::pair{QStringLiteral("last"), tr("The Page Left Last Time")}}) {
        QAction *a = startMenu->addAction(label);
        a->setCheckable(true);
        a->setData(id);
        a->setChecked(m_context.settings().value(keys::startPage) == id);
        startGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, id] { m_context.settings().setValue(keys::startPage, id); });
    }
    viewMenu->addSeparator();
    for (int i = 0; i < 9; ++i) {
        auto *go = new QAction(this);
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(go, &QAction::triggered, this, [this, i] {
            if (i < m_pages.size())
                m_sidebar->setCurrentRow(rowOfPage(i));
        });
        addAction(go);
    }
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(windowIcon(), this);
    m_tray->setToolTip(windowTitle());
    auto *menu = new QMenu(this);
    menu->addAction(tr("Show OpsDeck"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    m_tray->setContextMenu(menu);
    m_tray->show();
}

void MainWindow::openCommandPalette()
{
    CommandPalette palette(this);
    for (Page *p : m_pages)
        palette.addCommand(tr("Go to %1").arg(p->title()), [this, id = p->id()] { showPage(id); });
    palette.addCommand(tr("Refresh page"), [this] {
        if (Page *p = currentPage())
            p->refresh();
    });
    palette.addCommand(tr("Toggle log pane"), [this] { m_logDock->setVisible(!m_logDock->isVisible()); });
    palette.exec();
}

void MainWindow::takeScreenshots(const QString &dir, std::function<void(bool)> done)
{
    QDir().mkpath(dir);
    auto index = std::make_shared<int>(0);
    auto failed = std::make_shared<QStringList>();
    auto step = std::make_shared<std::function<void()>>();
    *step = [this, dir, index, failed, step, done] {
        if (*index >= m_pages.size()) {
            if (!failed->isEmpty())
                qWarning("Could not save %s", qPrintable(failed->join(QStringLiteral(", "))));
            done(failed->isEmpty());
            return;
        }
        Page *page = m_pages[*index];
        m_sidebar->setCurrentRow(rowOfPage(*index));
        auto shoot = [this, page, dir, index, failed, step] {
            // Give the page one more event-loop turn to lay out what it loaded.
            QTimer::singleShot(150, this, [this, page, dir, index, failed, step] {
                const QString path = dir + QLatin1Char('/') + page->id() + QStringLiteral(".png");
                if (!grab().save(path))
                    failed->append(path);
                ++*index;
                (*step)();
            });
        };
        if (page->isReady()) {
            shoot();
        } else {
            auto conn = std::make_shared<QMetaObject::Connection>();
            *conn = connect(page, &Page::ready, this, [conn, shoot] {
                QObject::disconnect(*conn);
                shoot();
            });
            // A page that never loads is shot as it is after 15 s (it then shows its error).
            QTimer::singleShot(15000, this, [conn, shoot] {
                if (*conn) {
                    QObject::disconnect(*conn);
                    shoot();
                }
            });
        }
    };
    (*step)();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_context.settings().setValue(keys::windowGeometry, saveGeometry());
    m_context.settings().setValue(keys::logPaneVisible, m_logDock->isVisible());
    m_context.settings().sync();
    QMainWindow::closeEvent(event);
}

} // namespace opsdeck
