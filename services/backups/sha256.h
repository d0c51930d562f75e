#pragma once

#include <QByteArray>

#include <sodium.h>

namespace opsdeck {

// Incremental SHA-256 through libsodium: about twice as fast as QCryptographicHash in Qt 6.4,
// which matters when every byte of a multi-gigabyte dump goes through it.
class Sha256
{
public:
    Sha256() { reset(); }
    void reset() { crypto_hash_sha256_init(&m_state); }
    void add(const char *data, qsizetype size)
    {
        crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(data), static_cast<unsigned long long>(size));
    }
    void add(const QByteArray &data) { add(data.constData(), data.size()); }
    // The digest so far, in lower-case hex; the state is not consumed.
    QByteArray hex() const
    {
        crypto_hash_sha256_state copy = m_state;
        unsigned char out[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&copy, out);
        return QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex();
    }

private:
    crypto_hash_sha256_state m_state;
};

} // namespace opsdeck
