#include "logs/logchunkreader.h"

#include "logs/hugepageallocator.h"

#include <QSemaphore>
#include <QThreadPool>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <unistd.h>

namespace opsdeck {

namespace {

constexpr qint64 kPiece = 64 * 1024;
constexpr size_t kGzipBlock = size_t(8) << 20;
constexpr size_t kGzipInput = size_t(1) << 20;

// pread() until n bytes or end of file; -1 on an I/O error before anything was read.
qint64 preadFully(int fd, char *buf, qint64 n, qint64 offset)
{
    qint64 got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd, buf + got, size_t(n - got), offset + got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return got > 0 ? got : -1;
        }
        if (r == 0)
            break;
        got += r;
    }
    return got;
}

struct PlainFile {
    int fd;
    qint64 size;
    qint64 chunkBytes;
    std::atomic<bool> shrank{false};
    std::atomic<int> ioError{0};
};

// Skips the rest of an overlong line: reads on from offset until a '\n' or the end of the file.
void skipToNewline(int fd, qint64 offset, char *scratch)
{
    for (;;) {
        const qint64 r = preadFully(fd, scratch, kPiece, offset);
        if (r <= 0 || std::memchr(scratch, '\n', size_t(r)))
            return;
        offset += r;
    }
}

// Parses the lines that start in [s, e). The line running past e is read on to its end.
void parseChunk(const ReadRun &run, PlainFile &file, qint64 s, qint64 e, char *buf, LogStats &stats)
{
    const AccessLogFormat &format = *run.format;
    const qint64 from = s > 0 ? s - 1 : 0;  // one byte before: is s at the start of a line?
    const qint64 want = e - from;
    const qint64 got = preadFully(file.fd, buf, want, from);
    if (got < 0) {
        file.ioError = errno ? errno : EIO;
        return;
    }
    if (got < want)
        file.shrank = true;
    const char *limit = buf + got;
    const char *p = buf;
    if (s > 0) {
        const char *nl = static_cast<const char *>(std::memchr(buf, '\n', size_t(got)));
        if (!nl)
            return;  // no line starts here: the previous chunk owns this whole range
        p = nl + 1;
    }
    while (p < limit) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(limit - p)));
        if (nl) {
            stats.addLine(p, nl, format);
            p = nl + 1;
            continue;
        }
        if (got < want) {  // the file ended early: a final line without '\n'
            stats.addLine(p, limit, format);
            return;
        }
        // The last line continues past the chunk: read on until its '\n'.
        char *line = const_cast<char *>(p);
        qint64 fill = limit - p;
        qint64 offset = from + got;
        for (;;) {
            if (fill > qint64(LogStats::kMaxLineBytes)) {
                stats.flush();  // batched lines point into buf, which the skip reuses
                stats.addOverlongLine();
                skipToNewline(file.fd, offset, buf);
                return;
            }
            const qint64 r = preadFully(file.fd, line + fill, kPiece, offset);
            if (r <= 0) {
                stats.addLine(line, line + fill, format);
                return;
            }
            if (const char *end = static_cast<const char *>(std::memchr(line + fill, '\n', size_t(r)))) {
                stats.addLine(line, end, format);
                return;
            }
            fill += r;
            offset += r;
        }
    }
}

} // namespace

std::unique_ptr<LogStats> OrderedMerger::acquire()
{
    {
        QMutexLocker lock(&m_poolLock);
        if (!m_pool.empty()) {
            std::unique_ptr<LogStats> stats = std::move(m_pool.back());
            m_pool.pop_back();
            return stats;
        }
    }
    return std::make_unique<LogStats>();
}

void OrderedMerger::put(uint64_t seq, std::unique_ptr<LogStats> stats)
{
    {
        QMutexLocker lock(&m_pendingLock);
        m_pending.emplace(seq, std::move(stats));
    }
    // Whoever gets the merge lock merges every chunk that is next in order; the others move on.
    if (m_mergeLock.tryLock()) {
        drain();
        m_mergeLock.unlock();
    }
}

void OrderedMerger::drain()
{
    for (;;) {
        std::unique_ptr<LogStats> next;
        {
            QMutexLocker lock(&m_pendingLock);
            auto it = m_pending.begin();
            if (it == m_pending.end() || it->first != m_next)
                return;
            next = std::move(it->second);
            m_pending.erase(it);
            ++m_next;
        }
        m_total.merge(std::move(*next));
        next->reset();
        QMutexLocker lock(&m_poolLock);
        if (m_pool.size() < 8)
            m_pool.push_back(std::move(next));
    }
}

void ReadRun::warn(const QString &text)
{
    QMutexLocker lock(&m_warnLock);
    m_warnings << text;
}

QStringList ReadRun::warnings()
{
    QMutexLocker lock(&m_warnLock);
    return m_warnings;
}

bool LogChunkReader::isGzip(int fd)
{
    unsigned char magic[2] = {};
    return ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

Status LogChunkReader::readPlain(ReadRun &run, int fd, qint64 size, const QString &path)
{
    if (size <= 0)
        return {};
    const int threads = std::max(1, run.threads);
    PlainFile file{fd, size, run.chunkBytes > 0 ? run.chunkBytes
                                                : std::clamp<qint64>(size / (threads * 4), qint64(1) << 20, qint64(32) << 20)};
    const int chunks = int((size + file.chunkBytes - 1) / file.chunkBytes);
    const uint64_t seqBase = run.nextSeq;
    run.nextSeq += uint64_t(chunks);
    const int workers = std::min(threads, chunks);
    std::atomic<int> next{0};
    QSemaphore done;
    const size_t bufferBytes = size_t(file.chunkBytes + 1 + qint64(LogStats::kMaxLineBytes) + 2 * kPiece);
    for (int w = 0; w < workers; ++w) {
        run.pool->start([&run, &file, &next, &done, chunks, seqBase, bufferBytes] {
            HugePageAllocator<char> allocator;
            const std::unique_ptr<char[], std::function<void(char *)>> buf(
                allocator.allocate(bufferBytes), [allocator, bufferBytes](char *p) mutable { allocator.deallocate(p, bufferBytes); });
            for (int i = next++; i < chunks; i = next++) {
                const qint64 s = qint64(i) * file.chunkBytes;
                const qint64 e = std::min(file.size, s + file.chunkBytes);
                std::unique_ptr<LogStats> stats = run.merger.acquire();
                if (!run.cancelled.load(std::memory_order_relaxed))
                    parseChunk(run, file, s, e, buf.get(), *stats);
                stats->flush();
                run.merger.put(seqBase + uint64_t(i), std::move(stats));
                run.bytesDone += e - s;
            }
            done.release();
        });
    }
    while (!done.tryAcquire(workers, 30)) {
        if (run.poll)
            run.poll();
    }
    if (file.ioError)
        return makeError(ErrorKind::Io, tr("Could not read %1.").arg(path), QString::fromLocal8Bit(std::strerror(file.ioError)));
    if (file.shrank)
        run.warn(tr("%1 became shorter while it was read (truncated or rotated); its end was not analysed.").arg(path));
    return {};
}

Status LogChunkReader::readGzip(ReadRun &run, int fd, qint64 size, const QString &path)
{
    Q_UNUSED(size);
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return makeError(ErrorKind::Internal, tr("Could not start decompressing %1.").arg(path));
    const auto input = std::make_unique_for_overwrite<unsigned char[]>(kGzipInput);
    auto block = std::make_shared<std::vector<char>>(kGzipBlock);
    size_t fill = 0;
    bool skipping = false;  // inside an overlong line: drop bytes until its '\n'
    QSemaphore slots(std::max(1, run.threads) + 1);
    QSemaphore finished;
    int launched = 0;

    const auto dispatch = [&](std::shared_ptr<std::vector<char>> buffer, size_t length) {
        const uint64_t seq = run.nextSeq++;
        while (!slots.tryAcquire(1, 30)) {
            if (run.poll)
                run.poll();
        }
        ++launched;
        run.pool->start([&run, &slots, &finished, buffer = std::move(buffer), length, seq] {
            std::unique_ptr<LogStats> stats = run.merger.acquire();
            if (!run.cancelled.load(std::memory_order_relaxed))
                stats->parseBlock(buffer->data(), buffer->data() + length, *run.format);
            run.merger.put(seq, std::move(stats));
            slots.release();
            finished.release();
        });
    };
    const auto dropOverlongHead = [&] {
        const char *data = block->data();
        const char *nl = static_cast<const char *>(std::memchr(data, '\n', fill));
        if (!nl) {
            fill = 0;
            return;
        }
        skipping = false;
        const size_t rest = fill - size_t(nl + 1 - data);
        std::memmove(block->data(), nl + 1, rest);
        fill = rest;
    };
    const auto flushFull = [&] {
        if (skipping)
            return dropOverlongHead();
        const char *data = block->data();
        const char *last = static_cast<const char *>(memrchr(data, '\n', fill));
        if (!last) {  // one line fills the whole block: far over the line cap
            std::unique_ptr<LogStats> stats = run.merger.acquire();
            stats->addOverlongLine();
            run.merger.put(run.nextSeq++, std::move(stats));
            skipping = true;
            fill = 0;
            return;
        }
        const size_t used = size_t(last + 1 - data);
        auto next = std::make_shared<std::vector<char>>(kGzipBlock);
        std::memcpy(next->data(), last + 1, fill - used);
        dispatch(std::move(block), used);
        block = std::move(next);
        fill -= used;
    };

    Status status;
    bool inMember = false;
    bool anyMember = false;
    int ret = Z_OK;
    while (!run.cancelled) {
        if (zs.avail_in == 0) {
            const ssize_t r = ::read(fd, input.get(), kGzipInput);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                status = makeError(ErrorKind::Io, tr("Could not read %1.").arg(path), QString::fromLocal8Bit(std::strerror(errno)));
                break;
            }
            if (r == 0)
                break;
            run.bytesDone += r;
            zs.next_in = input.get();
            zs.avail_in = uInt(r);
        }
        zs.next_out = reinterpret_cast<Bytef *>(block->data() + fill);
        zs.avail_out = uInt(kGzipBlock - fill);
        inMember = true;
        ret = inflate(&zs, Z_NO_FLUSH);
        fill = kGzipBlock - zs.avail_out;
        if (ret == Z_STREAM_END) {
            anyMember = true;
            inMember = false;
            inflateReset(&zs);  // a concatenated member may follow
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            if (anyMember)
                run.warn(tr("%1 has data after its compressed content; it was ignored.").arg(path));
            else
                status = makeError(ErrorKind::Io, tr("%1 is not a readable gzip file.").arg(path), QString::fromLatin1(zs.msg ? zs.msg : ""));
            inMember = false;
            break;
        }
        if (fill == kGzipBlock)
            flushFull();
    }
    if (inMember && status.ok() && !run.cancelled)
        run.warn(tr("%1 ends in the middle of its compressed data (truncated?); what was readable was analysed.").arg(path));
    if (skipping)
        dropOverlongHead();
    if (fill > 0)
        dispatch(std::move(block), fill);
    while (!finished.tryAcquire(launched, 30)) {
        if (run.poll)
            run.poll();
    }
    inflateEnd(&zs);
    return status;
}

} // namespace opsdeck
