#pragma once

#include "backups/sha256.h"
#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>

#include <sodium.h>

#include <memory>
#include <optional>

namespace opsdeck {

// Client-side encryption at rest for backups: libsodium's secretstream
// (XChaCha20-Poly1305) over the gzip bytes, with a 256-bit key kept in the keychain as
// "backup-encryption-key" (base64). Each 64 KiB piece is authenticated, the last one carries the
// FINAL tag, so a cut, edited or re-ordered file is refused, never fed to gzip or PostgreSQL.
//
// File layout: "OPSDECK\x02" | key id (8 bytes) | secretstream header (24 bytes) |
//              pieces: ciphertext length (4 bytes, big-endian) | ciphertext.
// Version 2 binds the file to its backup: every piece carries the backup's identity (id, database,
// time; BackupManifest::binding()) as associated data, so a file swapped in under another backup's
// name fails authentication. Version 1 files ("OPSDECK\x01", no binding) are still read; they are
// reported as unbound and restored only when the operator allows it.
class BackupKey
{
    Q_DECLARE_TR_FUNCTIONS(BackupKey)

public:
    static constexpr const char *kEncryption = "xchacha20poly1305-secretstream";

    // From the keychain value: 32 bytes in base64 (what generateSecret() makes).
    static Result<BackupKey> fromSecret(const QByteArray &secret);
    static QByteArray generateSecret();  // base64 of 32 random bytes
    // A 32-byte subkey for one purpose (BLAKE2b keyed with this key): the manifest signing key.
    QByteArray derive(QByteArrayView purpose) const;

    // 16 hex digits naming the key (a BLAKE2b hash of it): in the manifest and the file header,
    // so a wrong key is reported as such. Reveals nothing about the key.
    QString id() const;
    QByteArray idBytes() const;
    const QByteArray &bytes() const { return m_key; }
    bool isNull() const { return m_key.isEmpty(); }

private:
    QByteArray m_key;
};

inline constexpr QByteArrayView kEncryptedMagicV1{"OPSDECK\x01", 8};
inline constexpr QByteArrayView kEncryptedMagic{"OPSDECK\x02", 8};

// Whether a device (at its start) holds an encrypted backup (either version); the position is not moved.
bool looksEncrypted(QIODevice &device);

// Encrypts what is written to it into `out`, hashing (SHA-256) and counting the ciphertext.
class EncryptingWriter final : public QIODevice
{
    Q_OBJECT

public:
    // binding: the backup's identity, bound to every piece; empty writes the version 1 format.
    EncryptingWriter(QIODevice &out, const BackupKey &key, const QByteArray &binding);
    ~EncryptingWriter() override;

    bool isSequential() const override { return true; }
    Status finish();  // the last piece, with the FINAL tag; nothing may be written after it
    qint64 cipherBytes() const { return m_written; }
    QByteArray sha256Hex() const { return m_hash.hex(); }
    quint32 crc32() const { return m_crc; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    Status push(bool final);
    Status output(const QByteArray &bytes);

    QIODevice &m_out;
    crypto_secretstream_xchacha20poly1305_state m_state{};
    QByteArray m_binding;
    QByteArray m_plain;
    QByteArray m_cipher;
    Sha256 m_hash;
    quint32 m_crc = 0;
    qint64 m_written = 0;
    bool m_finished = false;
    std::optional<Error> m_error;
};

// Decrypts a device written by EncryptingWriter: read() gives the gzip bytes. The header is read by
// open(): a file from another key fails there with a specific error. Any later failure (an edited
// piece, a cut file, bytes after the end) makes read() fail and error() say why.
class DecryptingReader final : public QIODevice
{
    Q_OBJECT

public:
    explicit DecryptingReader(QIODevice &in);
    ~DecryptingReader() override;

    // Reads the header and opens the device. binding: the identity the file must carry (version 2
    // files); a file bound to another identity fails at its first piece.
    Status start(const std::optional<BackupKey> &key, const QByteArray &binding);
    bool bound() const { return m_bound; }  // a version 2 file, checked against the binding
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;
    std::optional<Error> error() const { return m_error; }
    QString keyId() const { return m_keyId; }
    bool complete() const { return m_final && m_inputDone; }  // the FINAL piece and nothing after it
    qint64 cipherBytes() const { return m_read; }
    QByteArray sha256Hex() const { return m_hash.hex(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    bool pull();  // decrypts the next piece into m_plain
    bool fail(Error error);
    QByteArray readExactly(qint64 size, bool *short_);

    QIODevice &m_in;
    crypto_secretstream_xchacha20poly1305_state m_state{};
    QByteArray m_binding;
    bool m_bound = false;
    QByteArray m_plain;
    qsizetype m_plainPos = 0;
    Sha256 m_hash;
    qint64 m_read = 0;
    QString m_keyId;
    bool m_final = false;
    bool m_inputDone = false;
    std::optional<Error> m_error;
};

} // namespace opsdeck
