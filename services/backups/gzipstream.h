#pragma once

#include "backups/sha256.h"
#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>

#include <memory>

namespace opsdeck {

// Streams bytes through gzip (zlib, one member) into a device, hashing the compressed bytes with
// SHA-256 on the way, in bounded memory.
class GzipWriter
{
    Q_DECLARE_TR_FUNCTIONS(GzipWriter)

public:
    explicit GzipWriter(QIODevice &out, int level = 6);
    ~GzipWriter();
    Q_DISABLE_COPY_MOVE(GzipWriter)

    Status write(const char *data, qsizetype size);
    Status finish();  // writes the gzip trailer; no write() after it

    qint64 rawBytes() const { return m_raw; }
    qint64 compressedBytes() const { return m_compressed; }
    QByteArray sha256Hex() const;  // of the compressed bytes written so far (complete after finish())
    quint32 compressedCrc32() const { return m_crc; }  // CRC-32 of the same bytes: a cheap read-back check

private:
    Status pump(int flush);

    struct Z;
    std::unique_ptr<Z> m_z;
    QIODevice &m_out;
    Sha256 m_hash;
    quint32 m_crc = 0;
    QByteArray m_buffer;
    qint64 m_raw = 0;
    qint64 m_compressed = 0;
    bool m_finished = false;
};

// Reads a gzip stream from a device in chunks: decompressed bytes out, SHA-256 of the compressed
// bytes read, and an error for a truncated stream, a bad CRC/length or garbage after the end.
class GzipReader
{
    Q_DECLARE_TR_FUNCTIONS(GzipReader)

public:
    explicit GzipReader(QIODevice &in);
    ~GzipReader();
    Q_DISABLE_COPY_MOVE(GzipReader)

    // Appends up to about `max` decompressed bytes to out. Returns false at the end of the stream.
    Result<bool> read(QByteArray &out, qsizetype max = 1 << 20);
    bool atEnd() const { return m_end; }
    qint64 compressedBytes() const { return m_compressed; }
    qint64 rawBytes() const { return m_raw; }
    QByteArray sha256Hex() const;

private:
    struct Z;
    std::unique_ptr<Z> m_z;
    QIODevice &m_in;
    Sha256 m_hash;
    QByteArray m_input;
    qint64 m_compressed = 0;
    qint64 m_raw = 0;
    bool m_end = false;
};

} // namespace opsdeck
