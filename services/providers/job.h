#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "net/httprequest.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>
#include <utility>

namespace opsdeck {

class HttpClient;
class HttpReply;

// The handle every provider call returns. A QObject cannot be a template with signals, so the
// signals live here and Job<T> below adds the typed result.
//
// Contract: finished() is emitted exactly once, always from the event loop (never from inside the
// call that created the job, nor from inside cancel()), and the job deletes itself (deleteLater)
// right after. Read result() in the slot, or use Job<T>::onFinished. cancel() ends the job with
// an ErrorKind::Cancelled result and aborts the request in flight; destroying the job (e.g. by
// parenting it to the widget that asked) aborts the work without emitting anything.
class JobBase : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobBase)
public:
    explicit JobBase(QObject *parent = nullptr);
    ~JobBase() override;

    void cancel();
    bool isFinished() const { return m_finished; }

    // Driver API for the provider clients (not for callers).
    using ResponseHandler = std::function<void(const Result<HttpResponse> &)>;
    // Sends request; onDone runs unless the job has finished, was cancelled or destroyed.
    void send(HttpClient &http, HttpRequest request, ResponseHandler onDone);
    // Like send(), with onChunk receiving body data as it streams in (HttpRequest::streaming).
    void sendStreaming(HttpClient &http, HttpRequest request, std::function<void(const QByteArray &)> onChunk,
                       ResponseHandler onDone);
    // Runs fn after delayMs on clock, unless the job is finished or gone by then.
    void schedule(Clock &clock, qint64 delayMs, std::function<void()> fn);
    void reportProgress(const QString &status) { Q_EMIT progress(status); }

Q_SIGNALS:
    void finished();
    // Human-readable intermediate states, e.g. a rollback's alias job going "pending" -> "in-progress".
    void progress(const QString &status);

protected:
    // Stores the result first, then queues finished() + deleteLater.
    bool beginFinish();
    virtual void storeCancelled(const Error &error) = 0;

private:
    void abortReply();

    QPointer<HttpReply> m_reply;
    bool m_finished = false;
};

template <typename T>
class Job : public JobBase
{
public:
    using JobBase::JobBase;

    // Valid once finished() was emitted (or isFinished() is true).
    const Result<T> &result() const { return *m_result; }

    // Calls fn(const Result<T> &) on finished, in context's thread, unless context is gone.
    template <typename Context, typename Fn>
    void onFinished(Context *context, Fn fn)
    {
        QObject::connect(this, &JobBase::finished, context, [this, fn = std::move(fn)]() { fn(result()); });
    }

    // Driver API: the first call wins, later ones are ignored.
    void finish(Result<T> result)
    {
        if (isFinished())
            return;
        m_result.emplace(std::move(result));
        beginFinish();
    }

protected:
    void storeCancelled(const Error &error) override { m_result.emplace(error); }

private:
    std::optional<Result<T>> m_result;
};

} // namespace opsdeck
