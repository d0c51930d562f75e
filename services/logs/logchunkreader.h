#pragma once

#include "core/result.h"
#include "logs/logstats.h"

#include <QCoreApplication>
#include <QMutex>
#include <QStringList>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QThreadPool;

namespace opsdeck {

// Merges chunk results in sequence order as they arrive from worker threads, so that results are
// independent of scheduling and only out-of-order chunks wait in memory. Merged accumulators are
// emptied and handed out again: their maps keep their memory (no page faults per chunk).
class OrderedMerger
{
public:
    std::unique_ptr<LogStats> acquire();  // an empty accumulator, reused when one is free
    void put(uint64_t seq, std::unique_ptr<LogStats> stats);
    void drain();  // merges whatever is ready (called at the end)
    LogStats &total() { return m_total; }

private:
    QMutex m_pendingLock;
    QMutex m_mergeLock;
    QMutex m_poolLock;
    std::map<uint64_t, std::unique_ptr<LogStats>> m_pending;
    std::vector<std::unique_ptr<LogStats>> m_pool;  // merged accumulators, emptied, memory kept
    uint64_t m_next = 0;
    LogStats m_total;
};

// Shared state of one analysis run.
struct ReadRun {
    const AccessLogFormat *format = nullptr;
    QThreadPool *pool = nullptr;
    int threads = 1;
    qint64 chunkBytes = 0;  // 0 = automatic
    std::atomic<bool> cancelled{false};
    std::atomic<qint64> bytesDone{0};
    std::function<void()> poll;  // the coordinator reports progress / checks cancel while it waits
    OrderedMerger merger;
    uint64_t nextSeq = 0;  // coordinator only

    void warn(const QString &text);
    QStringList warnings();

private:
    QMutex m_warnLock;
    QStringList m_warnings;
};

// Reads one file, parsing it on run.pool's threads. Plain files are split at newline boundaries and
// read with pread() by each worker (a file truncated meanwhile just ends early: no mmap, no SIGBUS);
// gzip files (detected by their magic bytes) are inflated here and parsed block by block.
class LogChunkReader
{
    Q_DECLARE_TR_FUNCTIONS(LogChunkReader)

public:
    static Status readPlain(ReadRun &run, int fd, qint64 size, const QString &path);
    static Status readGzip(ReadRun &run, int fd, qint64 size, const QString &path);
    static bool isGzip(int fd);
};

} // namespace opsdeck
