#include "backups/dumpreader.h"

namespace opsdeck {

DumpReader::~DumpReader() = default;

Result<std::unique_ptr<DumpReader>> DumpReader::open(const QString &path, const std::optional<BackupKey> &key,
                                                     const QByteArray &binding)
{
    std::unique_ptr<DumpReader> reader(new DumpReader);
    reader->m_file.setFileName(path);
    if (!reader->m_file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), reader->m_file.errorString());
    if (looksEncrypted(reader->m_file)) {
        reader->m_decrypt = std::make_unique<DecryptingReader>(reader->m_file);
        if (Status s = reader->m_decrypt->start(key, binding); !s)
            return s.error();
        reader->m_gzip = std::make_unique<GzipReader>(*reader->m_decrypt);
    } else {
        reader->m_gzip = std::make_unique<GzipReader>(reader->m_file);
    }
    return reader;
}

Result<bool> DumpReader::read(QByteArray &out, qsizetype max)
{
    auto more = m_gzip->read(out, max);
    if (m_decrypt && m_decrypt->error())
        return *m_decrypt->error();  // more precise than what gzip makes of the missing bytes
    if (!more)
        return more;
    if (m_decrypt && m_gzip->atEnd() && !m_decrypt->complete())
        return makeError(ErrorKind::BadResponse, tr("The encrypted backup is cut short"));
    return more;
}

qint64 DumpReader::fileBytes() const { return m_decrypt ? m_decrypt->cipherBytes() : m_gzip->compressedBytes(); }

QByteArray DumpReader::fileSha256Hex() const { return m_decrypt ? m_decrypt->sha256Hex() : m_gzip->sha256Hex(); }

} // namespace opsdeck
