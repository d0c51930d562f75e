#include "core/clock.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace opsdeck {

QDateTime SystemClock::nowUtc() const { return QDateTime::currentDateTimeUtc(); }

void SystemClock::schedule(qint64 delayMs, QObject *context, std::function<void()> fn)
{
    QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(0, delayMs)), context, std::move(fn));
}

SystemClock &SystemClock::instance()
{
    static SystemClock clock;
    return clock;
}

struct ManualClock::Item {
    QDateTime due;
    QPointer<QObject> context;
    std::function<void()> fn;
};

ManualClock::ManualClock(QDateTime start) : m_now(start.toUTC()) {}

void ManualClock::schedule(qint64 delayMs, QObject *context, std::function<void()> fn)
{
    m_delays.append(delayMs);
    m_items.append(std::make_shared<Item>(Item{m_now.addMSecs(std::max<qint64>(0, delayMs)), context, std::move(fn)}));
}

void ManualClock::advance(qint64 ms)
{
    const QDateTime target = m_now.addMSecs(ms);
    for (;;) {
        auto it = std::min_element(m_items.begin(), m_items.end(),
                                   [](const auto &a, const auto &b) { return a->due < b->due; });
        if (it == m_items.end() || (*it)->due > target)
            break;
        auto item = *it;
        m_items.erase(it);
        m_now = std::max(m_now, item->due);
        if (item->context)
            QMetaObject::invokeMethod(item->context, item->fn, Qt::QueuedConnection);
    }
    m_now = target;
}

bool ManualClock::runNext()
{
    auto it = std::min_element(m_items.begin(), m_items.end(),
                               [](const auto &a, const auto &b) { return a->due < b->due; });
    if (it == m_items.end())
        return false;
    advance(m_now.msecsTo((*it)->due));
    return true;
}

int ManualClock::pendingCount() const { return int(m_items.size()); }

} // namespace opsdeck
