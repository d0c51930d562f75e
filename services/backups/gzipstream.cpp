#include "backups/gzipstream.h"

#include <zlib.h>

namespace opsdeck {

namespace {
constexpr qsizetype kChunk = 256 * 1024;
constexpr int kGzipWindow = 15 + 16;  // MAX_WBITS + gzip header/trailer

Bytef *bytes(const char *p) { return reinterpret_cast<Bytef *>(const_cast<char *>(p)); }
} // namespace

struct GzipWriter::Z {
    z_stream s{};
    bool ok = false;
};

GzipWriter::GzipWriter(QIODevice &out, int level) : m_z(std::make_unique<Z>()), m_out(out)
{
    m_z->ok = deflateInit2(&m_z->s, level, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    m_buffer.resize(kChunk);
}

GzipWriter::~GzipWriter()
{
    if (m_z->ok)
        deflateEnd(&m_z->s);
}

Status GzipWriter::pump(int flush)
{
    do {
        m_z->s.next_out = bytes(m_buffer.data());
        m_z->s.avail_out = uInt(m_buffer.size());
        const int rc = deflate(&m_z->s, flush);
        if (rc == Z_STREAM_ERROR)
            return makeError(ErrorKind::Internal, tr("Compression failed"));
        const qsizetype produced = m_buffer.size() - qsizetype(m_z->s.avail_out);
        if (produced > 0) {
            if (m_out.write(m_buffer.constData(), produced) != produced)
                return makeError(ErrorKind::Io, tr("Cannot write the backup file"), m_out.errorString());
            m_hash.add(m_buffer.constData(), produced);
            m_crc = quint32(crc32(m_crc, bytes(m_buffer.constData()), uInt(produced)));
            m_compressed += produced;
        }
        if (flush == Z_FINISH && rc == Z_STREAM_END)
            return {};
    } while (m_z->s.avail_out == 0 || (flush == Z_FINISH));
    return {};
}

Status GzipWriter::write(const char *data, qsizetype size)
{
    if (!m_z->ok || m_finished)
        return makeError(ErrorKind::Internal, tr("Compression stream is not open"));
    m_raw += size;
    while (size > 0) {
        const uInt n = uInt(std::min<qsizetype>(size, 1 << 30));
        m_z->s.next_in = bytes(data);
        m_z->s.avail_in = n;
        if (Status s = pump(Z_NO_FLUSH); !s)
            return s;
        data += n;
        size -= n;
    }
    return {};
}

Status GzipWriter::finish()
{
    if (!m_z->ok || m_finished)
        return makeError(ErrorKind::Internal, tr("Compression stream is not open"));
    m_finished = true;
    m_z->s.next_in = nullptr;
    m_z->s.avail_in = 0;
    return pump(Z_FINISH);
}

QByteArray GzipWriter::sha256Hex() const { return m_hash.hex(); }

struct GzipReader::Z {
    z_stream s{};
    bool ok = false;
};

GzipReader::GzipReader(QIODevice &in) : m_z(std::make_unique<Z>()), m_in(in)
{
    m_z->ok = inflateInit2(&m_z->s, kGzipWindow) == Z_OK;
}

GzipReader::~GzipReader()
{
    if (m_z->ok)
        inflateEnd(&m_z->s);
}

Result<bool> GzipReader::read(QByteArray &out, qsizetype max)
{
    if (!m_z->ok)
        return makeError(ErrorKind::Internal, tr("Decompression stream is not open"));
    if (m_end)
        return false;
    const qsizetype start = out.size();
    while (out.size() - start < max) {
        if (m_z->s.avail_in == 0) {
            m_input = m_in.read(kChunk);
            if (m_input.isEmpty()) {
                if (m_in.atEnd() || m_in.bytesAvailable() == 0)
                    return makeError(ErrorKind::BadResponse, tr("The compressed dump is truncated"),
                                     tr("gzip stream ended early after %1 bytes").arg(m_compressed));
            }
            m_hash.add(m_input);
            m_compressed += m_input.size();
            m_z->s.next_in = bytes(m_input.constData());
            m_z->s.avail_in = uInt(m_input.size());
        }
        const qsizetype room = std::min<qsizetype>(kChunk, max - (out.size() - start));
        const qsizetype before = out.size();
        out.resize(before + room);
        m_z->s.next_out = bytes(out.data() + before);
        m_z->s.avail_out = uInt(room);
        const int rc = inflate(&m_z->s, Z_NO_FLUSH);
        out.resize(before + room - qsizetype(m_z->s.avail_out));
        m_raw += out.size() - before;
        if (rc == Z_STREAM_END) {
            // Nothing may follow the single gzip member (a stray tail means the file is not ours).
            const qsizetype leftover = qsizetype(m_z->s.avail_in);
            const QByteArray rest = m_in.readAll();
            m_hash.add(rest);
            m_compressed += rest.size();
            if (leftover > 0 || !rest.isEmpty())
                return makeError(ErrorKind::BadResponse, tr("Unexpected data after the end of the compressed dump"));
            m_end = true;
            return out.size() > start;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return makeError(ErrorKind::BadResponse, tr("The compressed dump is damaged"),
                             QString::fromLatin1(m_z->s.msg ? m_z->s.msg : "inflate error"));
    }
    return true;
}

QByteArray GzipReader::sha256Hex() const { return m_hash.hex(); }

} // namespace opsdeck
