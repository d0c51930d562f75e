#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace opsdeck {

class ChecklistPage;
class MainWindow;

// Measures what the startup benchmark reports (OPSDECK_BENCH=1): time to the first painted
// window, the checklist refresh, the longest GUI-thread stall during it (a 5 ms timer's
// lateness), and resident memory. Prints one line per figure to stdout, then quits.
class StartupProbe : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupProbe)
public:
    StartupProbe(MainWindow &window, const QElapsedTimer &sinceMain, QObject *parent = nullptr);
    bool eventFilter(QObject *watched, QEvent *event) override;
    static qint64 residentKiB();

private:
    void checksStarted();
    MainWindow &m_window;
    QElapsedTimer m_sinceMain;
    QElapsedTimer m_checks;
    QElapsedTimer m_tick;
    qint64 m_maxStallMs = 0;
    bool m_painted = false;
};

} // namespace opsdeck
