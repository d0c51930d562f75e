#pragma once

#include "core/result.h"

#include <QFuture>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <memory>

namespace opsdeck {

// Shared between a task and the worker running it: the cancel flag, and a guarded way back to the
// task for progress (the task may be gone by then; the worker never touches a dead object).
struct TaskChannel {
    std::atomic<bool> cancel{false};
    QMutex mutex;
    class BackupTask *task = nullptr;
    void progress(const QString &phase, qint64 done, qint64 total);
    // Something the user should fix that did not stop the work (also logged as a warning).
    void warning(const QString &text);
};

// A running backup operation: progress, cancel, and its result as a QFuture (pick it up with
// .then(context, ...)). The task lives until its owner deletes it; deleting it cancels the work.
class BackupTask : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupTask)

public:
    explicit BackupTask(QObject *parent = nullptr);
    ~BackupTask() override;

    void cancel() { m_channel->cancel.store(true); }
    bool isCancelled() const { return m_channel->cancel.load(); }
    std::shared_ptr<TaskChannel> channel() const { return m_channel; }

Q_SIGNALS:
    // phase: "dump", "upload", "verify", "restore", "prune"; total 0 = unknown.
    void progress(const QString &phase, qint64 done, qint64 total);
    void warning(const QString &text);

private:
    std::shared_ptr<TaskChannel> m_channel;
};

template <typename T>
class BackupJob final : public BackupTask
{
public:
    using BackupTask::BackupTask;
    QFuture<Result<T>> result;
};

} // namespace opsdeck
