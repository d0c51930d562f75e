// The one asynchronous handle: its lifetime rule, worker runs, cancellation, then() and whenAll().
#include "core/job.h"
#include "jobwatch.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QPointer>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <memory>

using namespace opsdeck;

TEST_CASE("job: finished comes once from the event loop, then the job is gone")
{
    auto *job = Job<int>::done(42);
    QPointer<Job<int>> alive(job);
    int calls = 0;
    int value = 0;
    QObject context;
    job->onFinished(&context, [&](const Result<int> &r) {
        ++calls;
        value = r.valueOr(-1);
    });
    job->finish(7);  // the first result wins
    CHECK(calls == 0);  // never from inside the call that decided it
    REQUIRE(test::waitUntil([&] { return calls == 1; }));
    CHECK(value == 42);
    REQUIRE(test::waitUntil([&] { return alive.isNull(); }));
    CHECK(calls == 1);
}

TEST_CASE("job: a context that is gone gets no call")
{
    auto context = std::make_unique<QObject>();
    bool called = false;
    Job<int>::done(1)->onFinished(context.get(), [&](const Result<int> &) { called = true; });
    context.reset();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    CHECK_FALSE(called);
}

TEST_CASE("job: work on a worker thread reports progress and its result on the job's thread")
{
    QThreadPool pool;
    const QThread *caller = QThread::currentThread();
    std::atomic<const QThread *> ranOn{nullptr};
    auto *job = Job<QString>::run(&pool, [&](JobChannel &channel) -> Result<QString> {
        ranOn = QThread::currentThread();
        for (int i = 1; i <= 3; ++i)
            channel.progress(QStringLiteral("step"), i, 3);
        return QStringLiteral("done");
    });
    QList<qint64> seen;
    const QThread *progressOn = nullptr;
    QObject::connect(job, &JobBase::progress, [&](const QString &phase, qint64 done, qint64 total) {
        CHECK(phase == QStringLiteral("step"));
        CHECK(total == 3);
        seen << done;
        progressOn = QThread::currentThread();
    });
    const auto r = test::wait(job, 10'000);
    REQUIRE(r.ok());
    CHECK(r.value() == QStringLiteral("done"));
    CHECK(ranOn.load() != caller);
    CHECK(seen == QList<qint64>{1, 2, 3});  // all progress arrives before the result
    CHECK(progressOn == caller);
}

TEST_CASE("job: cancel ends it at once as Cancelled and stops the worker; destroying it stops the worker silently")
{
    QThreadPool pool;
    SECTION("cancel")
    {
        QSemaphore started;
        std::atomic<bool> sawCancel{false};
        bool aborted = false;
        auto *job = Job<int>::run(&pool, [&](JobChannel &channel) -> Result<int> {
            started.release();
            while (!channel.isCancelled())
                QThread::msleep(5);
            sawCancel = true;
            return 1;
        });
        job->setAbort([&] { aborted = true; });
        test::JobWatch watch(job);
        REQUIRE(started.tryAcquire(1, 5000));
        job->cancel();
        const auto r = watch.wait(5000);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Cancelled);
        CHECK(aborted);
        REQUIRE(pool.waitForDone(5000));
        CHECK(sawCancel);
    }
    SECTION("destroyed")
    {
        QSemaphore started;
        std::atomic<bool> sawCancel{false};
        auto owner = std::make_unique<QObject>();
        bool called = false;
        auto *job = Job<int>::run(
            &pool,
            [&](JobChannel &channel) -> Result<int> {
                started.release();
                while (!channel.isCancelled())
                    QThread::msleep(5);
                sawCancel = true;
                return 1;
            },
            owner.get());
        job->onFinished(&pool, [&](const Result<int> &) { called = true; });
        REQUIRE(started.tryAcquire(1, 5000));
        owner.reset();  // deletes the job: the worker is told to stop, nothing waits for it
        REQUIRE(pool.waitForDone(5000));
        CHECK(sawCancel);
        QCoreApplication::processEvents();
        CHECK_FALSE(called);
    }
}

TEST_CASE("job: whenAll keeps the order of its jobs and cancels the ones still running")
{
    QThreadPool pool;
    SECTION("all finish")
    {
        QList<Job<int> *> jobs;
        for (int i = 0; i < 4; ++i)
            jobs << Job<int>::run(&pool, [i](JobChannel &) -> Result<int> {
                QThread::msleep(40 - 10 * i);  // the last finishes first
                if (i == 2)
                    return makeError(ErrorKind::External, QStringLiteral("two failed"));
                return i * 10;
            });
        const auto all = test::wait(whenAll(jobs), 10'000);
        REQUIRE(all.ok());
        REQUIRE(all->size() == 4);
        CHECK(all->at(0).value() == 0);
        CHECK(all->at(1).value() == 10);
        CHECK_FALSE(all->at(2).ok());
        CHECK(all->at(3).value() == 30);
        CHECK(test::wait(whenAll(QList<Job<int> *>{}), 1000)->isEmpty());
    }
    SECTION("different types")
    {
        auto *all = whenAll(nullptr, Job<int>::done(1), Job<QString>::done(QStringLiteral("b")));
        const auto r = test::wait(all, 1000);
        REQUIRE(r.ok());
        CHECK(std::get<0>(r.value()).value() == 1);
        CHECK(std::get<1>(r.value()).value() == QStringLiteral("b"));
    }
    SECTION("cancelled")
    {
        auto *slow = new Job<int>;  // never finishes by itself
        bool slowAborted = false;
        slow->setAbort([&] { slowAborted = true; });
        auto *all = whenAll(QList<Job<int> *>{Job<int>::done(1), slow});
        test::JobWatch watch(all);
        all->cancel();
        const auto r = watch.wait(1000);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Cancelled);
        REQUIRE(test::waitUntil([&] { return slowAborted; }, 1000));  // the child went with it
    }
}

TEST_CASE("job: then() continues with a value or with another job, and stops the running step when dropped")
{
    const auto doubled = test::wait(then<int>(Job<int>::done(21), [](const Result<int> &r) -> Result<int> { return r.value() * 2; }), 1000);
    REQUIRE(doubled.ok());
    CHECK(doubled.value() == 42);

    const auto chained = test::wait(then<QString>(Job<int>::done(3),
                                                  [](const Result<int> &r) {
                                                      return Job<QString>::done(QString(QString::number(r.value()) + QStringLiteral("!")));
                                                  }),
                                    1000);
    REQUIRE(chained.ok());
    CHECK(chained.value() == QStringLiteral("3!"));

    const auto failed = test::wait(then<int>(Job<int>::done(makeError(ErrorKind::Auth, QStringLiteral("no"))),
                                             [](const Result<int> &r) -> Result<int> {
                                                 if (!r)
                                                     return r.error();
                                                 return 0;
                                             }),
                                   1000);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == ErrorKind::Auth);

    auto *pending = new Job<int>;
    QPointer<Job<int>> first(pending);
    auto *next = then<int>(pending, [](const Result<int> &r) -> Result<int> { return r; });
    delete next;
    CHECK(first.isNull());
}

TEST_CASE("job scope: renew drops the previous load's jobs and callbacks")
{
    JobScope scope;
    QObject *first = scope.renew();
    auto *pending = new Job<int>(first);
    QPointer<Job<int>> alive(pending);
    bool called = false;
    Job<int>::done(1, first)->onFinished(first, [&](const Result<int> &) { called = true; });
    QObject *second = scope.renew();
    CHECK(second != nullptr);
    CHECK(alive.isNull());
    QCoreApplication::processEvents();
    CHECK_FALSE(called);
    CHECK(scope.isCurrent(second));
}

TEST_CASE("job: a slot may delete the job's owner while it is told the result")
{
    JobScope scope;
    QObject *load = scope.renew();
    bool called = false;
    Job<int>::done(5, load)->onFinished(load, [&](const Result<int> &) {
        called = true;
        scope.renew();  // deletes `load` and with it the job that is still emitting
    });
    REQUIRE(test::waitUntil([&] { return called; }, 1000));
    QCoreApplication::processEvents();
    CHECK(called);
}

TEST_CASE("job: with setCancelWaitsForWork, cancel asks the work to stop and the job ends when it has")
{
    QThreadPool pool;
    QSemaphore started;
    std::atomic<bool> cleanedUp{false};
    auto *job = Job<int>::run(&pool, [&](JobChannel &channel) -> Result<int> {
        started.release();
        while (!channel.isCancelled())
            QThread::msleep(5);
        QThread::msleep(50);  // removing what it left behind
        cleanedUp = true;
        return makeError(ErrorKind::Cancelled, QStringLiteral("stopped after cleaning up"));
    });
    job->setCancelWaitsForWork(true);
    test::JobWatch watch(job);
    REQUIRE(started.tryAcquire(1, 5000));
    job->cancel();
    CHECK(job->isCancelRequested());
    CHECK_FALSE(watch.done());
    const auto r = watch.wait(5000);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == QStringLiteral("stopped after cleaning up"));
    CHECK(cleanedUp);
}
