#pragma once

#include <QDateTime>

#include <functional>
#include <memory>

class QObject;

namespace opsdeck {

// Time source and timer, injectable so tests never sleep for real.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    qint64 nowMs() const { return nowUtc().toMSecsSinceEpoch(); }
    // Runs fn after delayMs on context's thread, unless context is destroyed first.
    virtual void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override;
    void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override;
    static SystemClock &instance();
};

// A clock that only moves when told to. schedule() queues work that runs when
// advance() passes its due time (on the next event-loop turn, in due order).
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC));
    QDateTime nowUtc() const override { return m_now; }
    void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override;

    void setNow(const QDateTime &now) { m_now = now.toUTC(); }
    void advance(qint64 ms);
    // Advances straight to the next scheduled item and runs it; false when none is queued.
    bool runNext();
    int pendingCount() const;
    QList<qint64> scheduledDelays() const { return m_delays; }  // every delay ever requested

private:
    struct Item;
    QDateTime m_now;
    QList<std::shared_ptr<Item>> m_items;
    QList<qint64> m_delays;
};

} // namespace opsdeck
