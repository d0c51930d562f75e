#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;
class QDockWidget;

namespace opsdeck {

class Session;
class Page;

// The shell: sidebar of pages, log pane, status bar with profile and DEMO badge, tray icon,
// keyboard shortcuts and a command palette. Pages come from PageFactory as features land.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(Session &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page under a sidebar group heading ("Today", "Data", "Settings"); a new heading is drawn
    // when the group differs from the previous page's.
    void addPage(Page *page, const QString &group = QString());
    // Removes every page (deleted later, so a page may call this from its own slot).
    void clearPages();
    QList<Page *> pages() const { return m_pages; }
    Page *currentPage() const;
    bool showPage(const QString &id);
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QDockWidget *logPane() const { return m_logDock; }

    // Renders every page once its data has loaded, saves DIR/<page>.png; calls done(ok).
    void takeScreenshots(const QString &dir, std::function<void(bool)> done);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildStatusBar();
    void buildLogPane();
    void buildActions();
    void buildTray();
    void openCommandPalette();
    void updateProfileLabel();
    int rowOfPage(int pageIndex) const;
    int pageOfRow(int row) const;

    Session &m_context;
    QListWidget *m_sidebar;
    QStackedWidget *m_stack;
    QList<Page *> m_pages;
    QString m_lastGroup;
    QLabel *m_profileLabel = nullptr;
    QLabel *m_demoBadge = nullptr;
    QDockWidget *m_logDock = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace opsdeck
