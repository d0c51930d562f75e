#include "logs/atomicgzip.h"

#include <QFile>

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace opsdeck {

namespace {

constexpr size_t kBuffer = size_t(1) << 20;

QString sysError(int err) { return QString::fromLocal8Bit(std::strerror(err)); }

qint64 mtimeMs(const struct stat &st) { return qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000; }

bool sameFile(const struct stat &st, const ExpectedFile &e)
{
    return S_ISREG(st.st_mode) && quint64(st.st_dev) == e.device && quint64(st.st_ino) == e.inode
        && qint64(st.st_size) == e.size && mtimeMs(st) == e.mtimeMs && st.st_nlink == 1;
}

bool writeAll(int fd, const unsigned char *data, size_t n)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return false;
        }
        data += w;
        n -= size_t(w);
    }
    return true;
}

ssize_t readSome(int fd, unsigned char *buf, size_t n)
{
    for (;;) {
        const ssize_t r = ::read(fd, buf, n);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

struct Sums {
    uLong crc = crc32(0L, Z_NULL, 0);
    qint64 length = 0;
};

// Deflates src into dst as one gzip member; sums of the uncompressed bytes.
Result<Sums> deflateInto(int src, int dst, const QByteArray &name, qint64 mtimeSecs)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return makeError(ErrorKind::Internal, AtomicGzip::tr("Could not start the compressor."));
    gz_header header{};
    header.time = uLong(mtimeSecs);
    header.os = 3;  // Unix
    QByteArray storedName = name;
    header.name = reinterpret_cast<Bytef *>(storedName.data());
    deflateSetHeader(&zs, &header);
    const auto in = std::make_unique_for_overwrite<unsigned char[]>(kBuffer);
    const auto out = std::make_unique_for_overwrite<unsigned char[]>(kBuffer);
    Sums sums;
    int flush = Z_NO_FLUSH;
    Status status;
    while (status.ok() && flush != Z_FINISH) {
        const ssize_t r = readSome(src, in.get(), kBuffer);
        if (r < 0) {
            status = makeError(ErrorKind::Io, AtomicGzip::tr("Could not read the log file."), sysError(errno));
            break;
        }
        sums.crc = crc32(sums.crc, in.get(), uInt(r));
        sums.length += r;
        flush = r == 0 ? Z_FINISH : Z_NO_FLUSH;
        zs.next_in = in.get();
        zs.avail_in = uInt(r);
        do {
            zs.next_out = out.get();
            zs.avail_out = uInt(kBuffer);
            deflate(&zs, flush);
            if (!writeAll(dst, out.get(), kBuffer - zs.avail_out)) {
                status = makeError(ErrorKind::Io, AtomicGzip::tr("Could not write the compressed file (disk full?)."),
                                   sysError(errno));
                break;
            }
        } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    if (!status)
        return status.error();
    return sums;
}

// Inflates the whole file: it must be exactly one complete gzip member.
Result<Sums> inflateSums(int fd)
{
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return makeError(ErrorKind::Internal, AtomicGzip::tr("Could not start the decompressor."));
    const auto in = std::make_unique_for_overwrite<unsigned char[]>(kBuffer);
    const auto out = std::make_unique_for_overwrite<unsigned char[]>(kBuffer);
    Sums sums;
    int ret = Z_OK;
    bool ok = true;
    while (ok && ret != Z_STREAM_END) {
        const ssize_t r = readSome(fd, in.get(), kBuffer);
        if (r <= 0) {
            ok = false;
            break;
        }
        zs.next_in = in.get();
        zs.avail_in = uInt(r);
        while (zs.avail_in > 0 && ret != Z_STREAM_END) {
            zs.next_out = out.get();
            zs.avail_out = uInt(kBuffer);
            ret = inflate(&zs, Z_NO_FLUSH);
            if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
                ok = false;
                break;
            }
            sums.crc = crc32(sums.crc, out.get(), uInt(kBuffer - zs.avail_out));
            sums.length += qint64(kBuffer - zs.avail_out);
        }
        if (ret == Z_STREAM_END && zs.avail_in > 0)
            ok = false;  // trailing bytes
    }
    if (ok) {
        unsigned char extra;
        ok = readSome(fd, &extra, 1) == 0;
    }
    inflateEnd(&zs);
    if (!ok)
        return makeError(ErrorKind::Io, AtomicGzip::tr("The compressed copy did not verify."));
    return sums;
}

class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

} // namespace

Result<qint64> AtomicGzip::compress(int dirfd, const QString &name, const ExpectedFile &expected,
                                    const std::function<bool()> &stillUnused)
{
    const QByteArray src = QFile::encodeName(name);
    const QByteArray dst = src + ".gz";
    const QByteArray tmp = dst + ".tmp";
    const auto changed = [&name] { return makeError(ErrorKind::Conflict, tr("%1 changed since the preview: left alone.").arg(name)); };

    Fd in(::openat(dirfd, src.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (in.get() < 0)
        return makeError(ErrorKind::Io, tr("Cannot open %1.").arg(name), sysError(errno));
    struct stat before {};
    if (::fstat(in.get(), &before) != 0 || !sameFile(before, expected))
        return changed();

    int created = ::openat(dirfd, tmp.constData(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (created < 0 && errno == EEXIST && isAbandonedTemp(dirfd, QFile::decodeName(tmp))) {
        ::unlinkat(dirfd, tmp.constData(), 0);  // a killed run's leftover
        created = ::openat(dirfd, tmp.constData(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    }
    Fd out(created);
    // Held until the swap is done (through a second descriptor, as out is closed before the rename).
    Fd lock(out.get() >= 0 && ::flock(out.get(), LOCK_EX | LOCK_NB) == 0 ? ::fcntl(out.get(), F_DUPFD_CLOEXEC, 0) : -1);
    if (out.get() < 0)
        return makeError(ErrorKind::Io, tr("Cannot create %1.").arg(QFile::decodeName(tmp)), sysError(errno));
    const auto fail = [&](Error error) -> Result<qint64> {
        out.reset();
        ::unlinkat(dirfd, tmp.constData(), 0);
        return error;
    };

    const Result<Sums> written = deflateInto(in.get(), out.get(), src, before.st_mtim.tv_sec);
    if (!written)
        return fail(written.error());
    if (::fsync(out.get()) != 0)
        return fail(makeError(ErrorKind::Io, tr("Could not flush %1 to disk.").arg(QFile::decodeName(tmp)), sysError(errno)));
    if (::lseek(out.get(), 0, SEEK_SET) != 0)
        return fail(makeError(ErrorKind::Io, tr("Could not re-read %1.").arg(QFile::decodeName(tmp)), sysError(errno)));
    const Result<Sums> verified = inflateSums(out.get());
    if (!verified || verified->crc != written->crc || verified->length != written->length)
        return fail(makeError(ErrorKind::Io, tr("The compressed copy of %1 did not verify; the original was kept.").arg(name)));

    struct stat after {};
    if (::fstat(in.get(), &after) != 0 || !sameFile(after, expected) || written->length != expected.size)
        return fail(changed());
    if (stillUnused && !stillUnused())
        return fail(makeError(ErrorKind::Conflict, tr("%1 was opened for writing meanwhile: left alone.").arg(name)));

    // The archive keeps the log's mode, owner (when allowed) and times, like gzip.
    ::fchmod(out.get(), before.st_mode & 07777);
    if (::fchown(out.get(), before.st_uid, before.st_gid) != 0) {
        // not permitted for other users' files: the archive is then ours, with the same mode
    }
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    ::futimens(out.get(), times);
    struct stat archive {};
    ::fstat(out.get(), &archive);
    if (::close(out.release()) != 0)
        return fail(makeError(ErrorKind::Io, tr("Could not write %1.").arg(QFile::decodeName(tmp)), sysError(errno)));

    if (::renameat2(dirfd, tmp.constData(), dirfd, dst.constData(), RENAME_NOREPLACE) != 0) {
        const int err = errno;
        if (err != EINVAL && err != ENOSYS)
            return fail(makeError(ErrorKind::Io, tr("Could not rename the compressed copy to %1.").arg(QFile::decodeName(dst)),
                                  sysError(err)));
        // A file system without RENAME_NOREPLACE: link() refuses to replace as well.
        if (::linkat(dirfd, tmp.constData(), dirfd, dst.constData(), 0) != 0)
            return fail(makeError(ErrorKind::Io, tr("Could not rename the compressed copy to %1.").arg(QFile::decodeName(dst)),
                                  sysError(errno)));
        ::unlinkat(dirfd, tmp.constData(), 0);
    }
    ::fsync(dirfd);
    lock.reset();
    if (::unlinkat(dirfd, src.constData(), 0) != 0)
        return makeError(ErrorKind::Io, tr("%1 was compressed but could not be removed.").arg(name), sysError(errno));
    ::fsync(dirfd);
    return qint64(archive.st_size);
}

bool AtomicGzip::isAbandonedTemp(int dirfd, const QString &tempName)
{
    Fd fd(::openat(dirfd, QFile::encodeName(tempName).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0)
        return false;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    return ::flock(fd.get(), LOCK_EX | LOCK_NB) == 0;  // released when fd closes
}

bool AtomicGzip::archiveHolds(int dirfd, const QString &name)
{
    const QByteArray src = QFile::encodeName(name);
    Fd log(::openat(dirfd, src.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    Fd archive(::openat(dirfd, QByteArray(src + ".gz").constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (log.get() < 0 || archive.get() < 0)
        return false;
    struct stat st {};
    if (::fstat(archive.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 18)
        return false;
    unsigned char trailer[8];
    if (::pread(archive.get(), trailer, sizeof trailer, st.st_size - 8) != 8)
        return false;
    const auto le32 = [&trailer](int at) {
        return quint32(trailer[at]) | quint32(trailer[at + 1]) << 8 | quint32(trailer[at + 2]) << 16
            | quint32(trailer[at + 3]) << 24;
    };
    uLong crc = ::crc32(0, nullptr, 0);
    quint64 length = 0;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(log.get(), buffer.data(), size_t(buffer.size()));
        if (n < 0)
            return false;
        if (n == 0)
            break;
        crc = ::crc32(crc, reinterpret_cast<const Bytef *>(buffer.constData()), uInt(n));
        length += quint64(n);
    }
    return quint32(crc) == le32(0) && quint32(length & 0xffffffffu) == le32(4) && length > 0;
}

} // namespace opsdeck
