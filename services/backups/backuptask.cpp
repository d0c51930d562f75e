#include "backuptask.h"

#include <QLoggingCategory>
#include <QMetaObject>

namespace opsdeck {

namespace {
Q_LOGGING_CATEGORY(lcBackups, "backups")
}

void TaskChannel::progress(const QString &phase, qint64 done, qint64 total)
{
    QMutexLocker lock(&mutex);
    if (!task)
        return;
    BackupTask *target = task;
    QMetaObject::invokeMethod(
        target, [target, phase, done, total] { Q_EMIT target->progress(phase, done, total); }, Qt::QueuedConnection);
}

void TaskChannel::warning(const QString &text)
{
    qCWarning(lcBackups).noquote() << text;
    QMutexLocker lock(&mutex);
    if (!task)
        return;
    BackupTask *target = task;
    QMetaObject::invokeMethod(target, [target, text] { Q_EMIT target->warning(text); }, Qt::QueuedConnection);
}

BackupTask::BackupTask(QObject *parent) : QObject(parent), m_channel(std::make_shared<TaskChannel>())
{
    m_channel->task = this;
}

BackupTask::~BackupTask()
{
    QMutexLocker lock(&m_channel->mutex);
    m_channel->task = nullptr;
    m_channel->cancel.store(true);
}

} // namespace opsdeck
