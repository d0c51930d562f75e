#pragma once

#include "core/result.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace opsdeck {

class Clock;
class HttpClient;
struct HttpRequest;
struct HttpResponse;
class JobBase;

// The one asynchronous handle of OpsDeck: HTTP calls, database statements, backups, log analysis
// and maintenance all return a Job<T>. A QObject cannot be a template with signals, so the signals
// live in JobBase and Job<T> adds the typed result.
//
// One lifetime rule:
// - finished() is emitted exactly once, always from the event loop (never from inside the call that
//   created the job, nor from inside cancel()), and the job deletes itself (deleteLater) right after.
//   Read the result in the slot, or use Job<T>::onFinished.
// - cancel() ends the job with an ErrorKind::Cancelled result and stops the work in flight. A job
//   whose work must clean up before it is over (a backup removing its partial file, a restore rolling
//   back) is marked setCancelWaitsForWork(): cancel() then asks the work to stop, and the job finishes
//   when it has, with the work's own result (Cancelled when it stopped early).
// - Destroying an unfinished job (for example by deleting the QObject it is parented to, or the
//   JobScope it was started in) stops the work without emitting anything. Work already running on a
//   worker thread is told to stop and its result is dropped; nothing waits for it.
// A job belongs to the thread that created it; results and progress arrive on that thread.

// Shared between a job and the worker thread running its work: the cancel flag, and a guarded way
// back to the job for progress and warnings (the job may be gone; the worker never touches a dead
// object). Worker code polls isCancelled() between steps.
class JobChannel
{
public:
    bool isCancelled() const { return m_cancel.load(); }
    void requestCancel() { m_cancel.store(true); }
    // For blocking helpers that poll a flag (pg_dump pipes, S3 uploads).
    const std::atomic<bool> &cancelFlag() const { return m_cancel; }
    // phase: what is happening ("dump", "upload", "scan"...); total 0: unknown.
    void progress(const QString &phase, qint64 done = 0, qint64 total = 0);
    // Something the user should fix that did not stop the work (also logged as a warning).
    void warning(const QString &text);
    // Runs fn(job) on the job's thread, unless the job is gone by then.
    void post(std::function<void(JobBase *)> fn);

private:
    friend class JobBase;
    std::atomic<bool> m_cancel{false};
    QMutex m_mutex;
    JobBase *m_job = nullptr;
};

class JobBase : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobBase)
public:
    explicit JobBase(QObject *parent = nullptr);
    ~JobBase() override;

    void cancel();
    bool isFinished() const { return m_finished; }
    bool isCancelRequested() const { return m_cancelRequested; }
    void setCancelWaitsForWork(bool waits) { m_cancelWaitsForWork = waits; }

    // Driver API for the code that makes a job (not for callers).
    using ResponseHandler = std::function<void(const Result<HttpResponse> &)>;
    // Sends request; onDone runs unless the job has finished, was cancelled or destroyed. A new send
    // replaces (aborts) the request in flight. Implemented in net/jobhttp.cpp.
    void send(HttpClient &http, HttpRequest request, ResponseHandler onDone);
    // Like send(), with onChunk receiving body data as it streams in (HttpRequest::streaming).
    void sendStreaming(HttpClient &http, HttpRequest request, std::function<void(const QByteArray &)> onChunk,
                       ResponseHandler onDone);
    // Runs fn after delayMs on clock, unless the job is finished or gone by then.
    void schedule(Clock &clock, qint64 delayMs, std::function<void()> fn);
    // Runs once when the job is cancelled, destroyed unfinished, or finishes: stops the work in flight.
    // Setting a new one first runs the previous one (the earlier work is over or replaced).
    void setAbort(std::function<void()> abort);
    // The channel for work on another thread; made on first use.
    std::shared_ptr<JobChannel> channel();
    void reportProgress(const QString &phase, qint64 done = 0, qint64 total = 0)
    {
        Q_EMIT progress(phase, done, total);
    }

Q_SIGNALS:
    void finished();
    // Intermediate states: a rollback's alias job going "pending" -> "in-progress" (done and total 0),
    // or a backup's "upload" at done of total bytes (total 0: unknown).
    void progress(const QString &phase, qint64 done, qint64 total);
    // Something the user should fix that did not stop the work.
    void warning(const QString &text);

protected:
    // Stores the result first, then queues finished() + deleteLater.
    bool beginFinish();
    // For Job<T>'s destructor: stops the work in flight while the whole object still exists, so a
    // handler the abort sets off (a killed process's finished signal) finds a Job<T>, and its
    // finish() is ignored.
    void abortBeforeDestruction()
    {
        m_finished = true;
        runAbort();
    }
    virtual void storeCancelled(const Error &error) = 0;

private:
    void runAbort();

    std::function<void()> m_abort;
    std::shared_ptr<JobChannel> m_channel;
    bool m_finished = false;
    bool m_cancelRequested = false;
    bool m_cancelWaitsForWork = false;
};

Error cancelledError();

template <typename T>
class Job : public JobBase
{
public:
    using JobBase::JobBase;
    ~Job() override { abortBeforeDestruction(); }

    // Valid once finished() was emitted (or isFinished() is true).
    const Result<T> &result() const { return *m_result; }

    // Calls fn(const Result<T> &) on finished, in context's thread, unless context is gone.
    template <typename Context, typename Fn>
    Job *onFinished(Context *context, Fn fn)
    {
        QObject::connect(this, &JobBase::finished, context, [this, fn = std::move(fn)]() { fn(result()); });
        return this;
    }

    // Driver API: the first call wins, later ones are ignored.
    void finish(Result<T> result)
    {
        if (isFinished())
            return;
        m_result.emplace(std::move(result));
        beginFinish();
    }

    // A job that is already decided (a configuration error, a cached value); finished() still comes
    // from the event loop.
    static Job *done(Result<T> result, QObject *parent = nullptr)
    {
        auto *job = new Job(parent);
        job->finish(std::move(result));
        return job;
    }

    // Runs work(channel) on pool. The job is told to stop through the channel when it is cancelled
    // or destroyed; a result that arrives after that is dropped.
    static Job *run(QThreadPool *pool, std::function<Result<T>(JobChannel &)> work, QObject *parent = nullptr)
    {
        auto *job = new Job(parent);
        job->start(pool, std::move(work));
        return job;
    }

    // For subclasses that add their own state before starting the worker.
    void start(QThreadPool *pool, std::function<Result<T>(JobChannel &)> work)
    {
        std::shared_ptr<JobChannel> ch = channel();
        pool->start([ch, work = std::move(work)]() {
            auto result = std::make_shared<Result<T>>(ch->isCancelled() ? Result<T>(cancelledError()) : work(*ch));
            ch->post([result](JobBase *job) { static_cast<Job *>(job)->finish(std::move(*result)); });
        });
    }

protected:
    void storeCancelled(const Error &error) override { m_result.emplace(error); }

private:
    std::optional<Result<T>> m_result;
};

// Continues first with fn(const Result<T> &), which returns either a Result<U> or a Job<U> * to wait
// for; the returned job finishes with that. first (and a returned job) become children of the
// returned one, so cancelling or destroying it stops whichever step is running.
template <typename U, typename T, typename Fn>
Job<U> *then(Job<T> *first, Fn fn, QObject *parent = nullptr)
{
    auto *next = new Job<U>(parent);
    first->setParent(next);
    QObject::connect(first, &JobBase::progress, next, &JobBase::progress);
    first->onFinished(next, [next, fn = std::move(fn)](const Result<T> &r) {
        if constexpr (std::is_same_v<std::invoke_result_t<Fn &, const Result<T> &>, Job<U> *>) {
            Job<U> *inner = fn(r);
            inner->setParent(next);
            QObject::connect(inner, &JobBase::progress, next, &JobBase::progress);
            QObject::connect(inner, &JobBase::warning, next, &JobBase::warning);
            inner->onFinished(next, [next](const Result<U> &u) { next->finish(u); });
        } else {
            next->finish(fn(r));
        }
    });
    return next;
}

// Waits for several jobs; its result holds each job's result, in order. Cancelling or destroying
// it cancels the jobs still running (they are reparented to it). Progress: "done" of "total" jobs.
template <typename T>
Job<QList<Result<T>>> *whenAll(const QList<Job<T> *> &jobs, QObject *parent = nullptr)
{
    auto *all = new Job<QList<Result<T>>>(parent);
    if (jobs.isEmpty()) {
        all->finish(QList<Result<T>>{});
        return all;
    }
    struct State {
        QList<std::optional<Result<T>>> results;
        qsizetype left = 0;
    };
    auto state = std::make_shared<State>();
    state->results.resize(jobs.size());
    state->left = jobs.size();
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        Job<T> *job = jobs.at(i);
        job->setParent(all);
        job->onFinished(all, [all, state, i, total = jobs.size()](const Result<T> &r) {
            state->results[i].emplace(r);
            all->reportProgress(QString(), total - --state->left, total);
            if (state->left > 0)
                return;
            QList<Result<T>> out;
            out.reserve(total);
            for (auto &one : state->results)
                out.append(std::move(*one));
            all->finish(std::move(out));
        });
    }
    return all;
}

// The same for jobs of different types: the result is a tuple of their results.
template <typename... Ts>
Job<std::tuple<Result<Ts>...>> *whenAll(QObject *parent, Job<Ts> *...jobs)
{
    using Tuple = std::tuple<Result<Ts>...>;
    auto *all = new Job<Tuple>(parent);
    auto state = std::make_shared<std::tuple<std::optional<Result<Ts>>...>>();
    auto left = std::make_shared<int>(int(sizeof...(Ts)));
    const auto finishIfDone = [all, state, left]() {
        if (--*left > 0)
            return;
        all->finish(std::apply([](auto &...r) { return Tuple(std::move(*r)...); }, *state));
    };
    auto hook = [&]<std::size_t I>(std::integral_constant<std::size_t, I>, auto *job) {
        job->setParent(all);
        job->onFinished(all, [state, finishIfDone](const auto &r) {
            std::get<I>(*state).emplace(r);
            finishIfDone();
        });
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (hook(std::integral_constant<std::size_t, I>{}, jobs), ...);
    }(std::index_sequence_for<Ts...>{});
    return all;
}

// Replaces generation counters: a page starts each load's jobs and callbacks in context(); renew()
// drops the previous load (its jobs stop, its callbacks never run) and returns a fresh context.
class JobScope
{
    Q_DISABLE_COPY_MOVE(JobScope)
public:
    JobScope() = default;
    ~JobScope() { clear(); }

    QObject *renew()
    {
        clear();
        m_context = new QObject;
        return m_context;
    }
    // The current load's context (a fresh one if none is running).
    QObject *context() { return m_context ? m_context : renew(); }
    bool isCurrent(const QObject *context) const { return context && context == m_context; }
    void clear()
    {
        delete m_context;
        m_context = nullptr;
    }

private:
    QObject *m_context = nullptr;
};

} // namespace opsdeck
