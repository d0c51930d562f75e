#include "backups/backupcrypto.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

#include <zlib.h>

namespace opsdeck {

namespace {

constexpr qsizetype kPiece = 64 * 1024;
constexpr qsizetype kMaxCipherPiece = kPiece + qsizetype(crypto_secretstream_xchacha20poly1305_ABYTES);
constexpr qsizetype kKeyIdBytes = 8;

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

const unsigned char *u(const char *p) { return reinterpret_cast<const unsigned char *>(p); }
unsigned char *u(char *p) { return reinterpret_cast<unsigned char *>(p); }

} // namespace

Result<BackupKey> BackupKey::fromSecret(const QByteArray &secret)
{
    const auto decoded = QByteArray::fromBase64Encoding(secret.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != int(crypto_secretstream_xchacha20poly1305_KEYBYTES))
        return makeError(ErrorKind::Config, tr("The backup key is not 32 bytes in base64"),
                         tr("Make one with \"opsdeck-cli backup key --generate\"."));
    BackupKey key;
    key.m_key = decoded.decoded;
    return key;
}

QByteArray BackupKey::generateSecret()
{
    if (!sodiumReady())
        return {};
    QByteArray key(int(crypto_secretstream_xchacha20poly1305_KEYBYTES), Qt::Uninitialized);
    crypto_secretstream_xchacha20poly1305_keygen(u(key.data()));
    const QByteArray out = key.toBase64();
    sodium_memzero(key.data(), size_t(key.size()));
    return out;
}

QByteArray BackupKey::idBytes() const
{
    static const char context[] = "opsdeck backup key id";
    QByteArray out(kKeyIdBytes, Qt::Uninitialized);
    crypto_generichash(u(out.data()), size_t(out.size()), u(context), sizeof context - 1, u(m_key.constData()),
                       size_t(m_key.size()));
    return out;
}

QString BackupKey::id() const { return QString::fromLatin1(idBytes().toHex()); }

QByteArray BackupKey::derive(QByteArrayView purpose) const
{
    QByteArray out(32, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), size_t(out.size()),
                       reinterpret_cast<const unsigned char *>(purpose.data()), size_t(purpose.size()),
                       u(m_key.constData()), size_t(m_key.size()));
    return out;
}

bool looksEncrypted(QIODevice &device)
{
    const QByteArray start = device.peek(kEncryptedMagic.size());
    return start == kEncryptedMagic || start == kEncryptedMagicV1;
}

// --- EncryptingWriter -----------------------------------------------------------------------

EncryptingWriter::EncryptingWriter(QIODevice &out, const BackupKey &key, const QByteArray &binding)
    : m_out(out), m_binding(binding)
{
    m_crc = quint32(::crc32(0, nullptr, 0));
    if (!sodiumReady() || key.isNull()) {
        m_error = makeError(ErrorKind::Internal, tr("Encryption is not available"));
        return;
    }
    QByteArray header(int(crypto_secretstream_xchacha20poly1305_HEADERBYTES), Qt::Uninitialized);
    crypto_secretstream_xchacha20poly1305_init_push(&m_state, u(header.data()), u(key.bytes().constData()));
    m_plain.reserve(kPiece);
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    const QByteArrayView magic = binding.isEmpty() ? kEncryptedMagicV1 : kEncryptedMagic;
    if (Status s = output(magic.toByteArray() + key.idBytes() + header); !s)
        m_error = s.error();
}

EncryptingWriter::~EncryptingWriter() { sodium_memzero(&m_state, sizeof m_state); }

Status EncryptingWriter::output(const QByteArray &bytes)
{
    if (m_out.write(bytes) != bytes.size())
        return makeError(ErrorKind::Io, tr("Cannot write the encrypted backup"), m_out.errorString());
    m_hash.add(bytes);
    m_crc = quint32(::crc32(m_crc, u(bytes.constData()), uInt(bytes.size())));
    m_written += bytes.size();
    return {};
}

Status EncryptingWriter::push(bool final)
{
    m_cipher.resize(m_plain.size() + qsizetype(crypto_secretstream_xchacha20poly1305_ABYTES) + 4);
    unsigned long long length = 0;
    crypto_secretstream_xchacha20poly1305_push(&m_state, u(m_cipher.data() + 4), &length, u(m_plain.constData()),
                                               static_cast<unsigned long long>(m_plain.size()),
                                               m_binding.isEmpty() ? nullptr : u(m_binding.constData()),
                                               static_cast<unsigned long long>(m_binding.size()),
                                               final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    qToBigEndian(quint32(length), m_cipher.data());
    m_cipher.resize(qsizetype(length) + 4);
    sodium_memzero(m_plain.data(), size_t(m_plain.size()));
    m_plain.clear();
    return output(m_cipher);
}

qint64 EncryptingWriter::writeData(const char *data, qint64 size)
{
    if (m_error || m_finished) {
        setErrorString(m_error ? m_error->message : tr("The encrypted stream is closed"));
        return -1;
    }
    qint64 done = 0;
    while (done < size) {
        const qint64 take = std::min<qint64>(size - done, kPiece - m_plain.size());
        m_plain.append(data + done, qsizetype(take));
        done += take;
        if (m_plain.size() == kPiece) {
            if (Status s = push(false); !s) {
                m_error = s.error();
                setErrorString(s.error().message + QStringLiteral(": ") + s.error().detail);
                return -1;
            }
        }
    }
    return size;
}

Status EncryptingWriter::finish()
{
    if (m_error)
        return *m_error;
    if (m_finished)
        return {};
    m_finished = true;
    if (Status s = push(true); !s) {
        m_error = s.error();
        return s;
    }
    return {};
}

// --- DecryptingReader -----------------------------------------------------------------------

DecryptingReader::DecryptingReader(QIODevice &in) : m_in(in) {}

DecryptingReader::~DecryptingReader() { sodium_memzero(&m_state, sizeof m_state); }

QByteArray DecryptingReader::readExactly(qint64 size, bool *short_)
{
    QByteArray out = m_in.read(size);
    while (out.size() < size) {
        const QByteArray more = m_in.read(size - out.size());
        if (more.isEmpty())
            break;
        out += more;
    }
    *short_ = out.size() < size;
    m_hash.add(out);
    m_read += out.size();
    return out;
}

Status DecryptingReader::start(const std::optional<BackupKey> &key, const QByteArray &binding)
{
    if (!sodiumReady())
        return makeError(ErrorKind::Internal, tr("Encryption is not available"));
    bool cut = false;
    const QByteArray head = readExactly(kEncryptedMagic.size() + kKeyIdBytes
                                            + qsizetype(crypto_secretstream_xchacha20poly1305_HEADERBYTES),
                                        &cut);
    if (cut || !(head.startsWith(kEncryptedMagic) || head.startsWith(kEncryptedMagicV1)))
        return makeError(ErrorKind::BadResponse, tr("This is not an encrypted OpsDeck backup, or its header is cut short"));
    m_bound = head.startsWith(kEncryptedMagic);
    if (m_bound) {
        if (binding.isEmpty())
            return makeError(ErrorKind::Internal, tr("The backup's identity is needed to read it"));
        m_binding = binding;
    }
    m_keyId = QString::fromLatin1(head.mid(kEncryptedMagic.size(), kKeyIdBytes).toHex());
    if (!key || key->isNull())
        return makeError(ErrorKind::Config,
                         tr("This backup is encrypted (key %1) and no backup key is set: add it to the keychain as "
                            "\"backup-encryption-key\" or set OPSDECK_BACKUP_KEY")
                             .arg(m_keyId));
    if (key->id() != m_keyId)
        return makeError(ErrorKind::Auth,
                         tr("This backup was encrypted with another key (%1); the backup key set here is %2")
                             .arg(m_keyId, key->id()));
    const QByteArray header = head.right(qsizetype(crypto_secretstream_xchacha20poly1305_HEADERBYTES));
    if (crypto_secretstream_xchacha20poly1305_init_pull(&m_state, u(header.constData()), u(key->bytes().constData())) != 0)
        return makeError(ErrorKind::BadResponse, tr("The encrypted backup's header is damaged"));
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    return {};
}

bool DecryptingReader::fail(Error error)
{
    m_error = std::move(error);
    setErrorString(m_error->message);
    return false;
}

bool DecryptingReader::pull()
{
    if (m_error)
        return false;
    if (m_final) {
        // Nothing may follow the FINAL piece.
        if (!m_inputDone) {
            char probe = 0;
            if (m_in.read(&probe, 1) == 1)
                return fail(makeError(ErrorKind::BadResponse, tr("Unexpected data after the end of the encrypted backup")));
            m_inputDone = true;
        }
        return false;
    }
    bool cut = false;
    const QByteArray lengthBytes = readExactly(4, &cut);
    if (cut)
        return fail(makeError(ErrorKind::BadResponse, tr("The encrypted backup is cut short"),
                              tr("no end marker after %1 bytes").arg(m_read)));
    const qint64 length = qFromBigEndian<quint32>(lengthBytes.constData());
    if (length < qint64(crypto_secretstream_xchacha20poly1305_ABYTES) || length > kMaxCipherPiece)
        return fail(makeError(ErrorKind::BadResponse, tr("The encrypted backup is damaged"),
                              tr("a piece of %1 bytes at offset %2").arg(length).arg(m_read - 4)));
    const QByteArray cipher = readExactly(length, &cut);
    if (cut)
        return fail(makeError(ErrorKind::BadResponse, tr("The encrypted backup is cut short"),
                              tr("the last piece ends after %1 bytes").arg(m_read)));
    m_plain.resize(cipher.size());
    unsigned long long plainLength = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&m_state, u(m_plain.data()), &plainLength, &tag, u(cipher.constData()),
                                                   static_cast<unsigned long long>(cipher.size()),
                                                   m_binding.isEmpty() ? nullptr : u(m_binding.constData()),
                                                   static_cast<unsigned long long>(m_binding.size()))
        != 0)
        return fail(makeError(ErrorKind::BadResponse,
                              m_bound ? tr("The encrypted backup was changed or damaged, or belongs to another backup "
                                           "(authentication failed)")
                                      : tr("The encrypted backup was changed or damaged (authentication failed)"),
                              tr("at offset %1").arg(m_read - length - 4)));
    m_plain.resize(qsizetype(plainLength));
    m_plainPos = 0;
    m_final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return true;
}

qint64 DecryptingReader::bytesAvailable() const
{
    return (m_plain.size() - m_plainPos) + QIODevice::bytesAvailable();
}

bool DecryptingReader::atEnd() const { return m_error || (m_final && m_plainPos >= m_plain.size() && m_inputDone); }

qint64 DecryptingReader::readData(char *data, qint64 maxSize)
{
    qint64 done = 0;
    while (done < maxSize) {
        if (m_plainPos >= m_plain.size()) {
            if (!pull())
                break;
            continue;
        }
        const qint64 take = std::min<qint64>(maxSize - done, m_plain.size() - m_plainPos);
        memcpy(data + done, m_plain.constData() + m_plainPos, size_t(take));
        m_plainPos += qsizetype(take);
        done += take;
    }
    if (done == 0 && m_error)
        return -1;
    if (done == 0 && m_final && m_inputDone)
        return -1;  // end of stream
    return done;
}

} // namespace opsdeck
