#include "core/job.h"

#include "core/clock.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>

namespace opsdeck {

namespace {
Q_LOGGING_CATEGORY(lcJobs, "jobs")

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::Job)
};
} // namespace

Error cancelledError()
{
    return makeError(ErrorKind::Cancelled, Tr::tr("Cancelled"));
}

void JobChannel::post(std::function<void(JobBase *)> fn)
{
    // Under the mutex the job cannot finish destroying itself; a queued call to an object deleted
    // before the event loop reaches it is dropped by Qt.
    QMutexLocker lock(&m_mutex);
    if (!m_job)
        return;
    JobBase *job = m_job;
    QMetaObject::invokeMethod(job, [job, fn = std::move(fn)] { fn(job); }, Qt::QueuedConnection);
}

void JobChannel::progress(const QString &phase, qint64 done, qint64 total)
{
    post([phase, done, total](JobBase *job) { job->reportProgress(phase, done, total); });
}

void JobChannel::warning(const QString &text)
{
    qCWarning(lcJobs).noquote() << text;
    post([text](JobBase *job) { Q_EMIT job->warning(text); });
}

JobBase::JobBase(QObject *parent) : QObject(parent) {}

JobBase::~JobBase()
{
    runAbort();
    if (m_channel) {
        QMutexLocker lock(&m_channel->m_mutex);
        m_channel->m_job = nullptr;
        m_channel->m_cancel.store(true);
    }
}

std::shared_ptr<JobChannel> JobBase::channel()
{
    if (!m_channel) {
        m_channel = std::make_shared<JobChannel>();
        m_channel->m_job = this;
    }
    return m_channel;
}

void JobBase::setAbort(std::function<void()> abort)
{
    runAbort();
    m_abort = std::move(abort);
}

void JobBase::runAbort()
{
    if (m_abort)
        std::exchange(m_abort, {})();
}

void JobBase::cancel()
{
    if (m_finished || std::exchange(m_cancelRequested, true))
        return;
    if (m_cancelWaitsForWork) {
        if (m_channel)
            m_channel->requestCancel();
        runAbort();
        return;
    }
    storeCancelled(cancelledError());
    beginFinish();
}

bool JobBase::beginFinish()
{
    if (m_finished)
        return false;
    m_finished = true;
    if (m_channel)
        m_channel->m_cancel.store(true);
    runAbort();
    QMetaObject::invokeMethod(
        this,
        [this]() {
            // A slot may delete the job (or the object it belongs to, e.g. a JobScope renewed there).
            const QPointer<JobBase> self(this);
            Q_EMIT finished();
            if (self)
                deleteLater();
        },
        Qt::QueuedConnection);
    return true;
}

void JobBase::schedule(Clock &clock, qint64 delayMs, std::function<void()> fn)
{
    clock.schedule(delayMs, this, [this, fn = std::move(fn)]() {
        if (!m_finished)
            fn();
    });
}

} // namespace opsdeck
