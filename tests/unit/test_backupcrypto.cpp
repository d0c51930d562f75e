// Encryption at rest of backups: the stream format and every way a file can be wrong.
#include "backups/backupcrypto.h"

#include <catch2/catch.hpp>

#include <QBuffer>

using namespace opsdeck;

namespace {

BackupKey key(char fill)
{
    auto k = BackupKey::fromSecret(QByteArray(32, fill).toBase64());
    REQUIRE(k.ok());
    return k.value();
}

const QByteArray kBinding = "opsdeck-backup-v2\nshop-20261129T070000Z\nshop\n2026-11-29T07:00:00.000Z";

QByteArray encrypt(const QByteArray &plain, const BackupKey &k, qsizetype writeSize = 1000,
                   const QByteArray &binding = kBinding)
{
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    EncryptingWriter writer(out, k, binding);
    for (qsizetype at = 0; at < plain.size(); at += writeSize)
        REQUIRE(writer.write(plain.mid(at, writeSize)) == std::min(writeSize, plain.size() - at));
    REQUIRE(writer.finish().ok());
    CHECK(writer.cipherBytes() == out.data().size());
    return out.data();
}

struct Decrypted {
    Status start;
    QByteArray plain;
    std::optional<Error> error;
    bool complete = false;
    bool bound = false;
};

Decrypted decrypt(const QByteArray &cipher, const std::optional<BackupKey> &k, const QByteArray &binding = kBinding)
{
    QBuffer in;
    in.setData(cipher);
    in.open(QIODevice::ReadOnly);
    DecryptingReader reader(in);
    Decrypted d;
    d.start = reader.start(k, binding);
    d.bound = reader.bound();
    if (!d.start)
        return d;
    for (;;) {
        const QByteArray chunk = reader.read(70'000);
        if (chunk.isEmpty())
            break;
        d.plain += chunk;
    }
    d.error = reader.error();
    d.complete = reader.complete();
    return d;
}

QByteArray sample(qsizetype size)
{
    QByteArray b(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        b[i] = char((i * 7919) % 251);
    return b;
}

} // namespace

TEST_CASE("backup keys: 32 bytes in base64, a stable id that is not the key", "[backup][crypto]")
{
    const QByteArray secret = BackupKey::generateSecret();
    auto k = BackupKey::fromSecret(secret);
    REQUIRE(k.ok());
    CHECK(k->id().size() == 16);
    CHECK(k->id() == BackupKey::fromSecret(secret)->id());
    CHECK(k->id() != BackupKey::fromSecret(BackupKey::generateSecret())->id());
    CHECK_FALSE(secret.contains(k->id().toLatin1()));
    for (const QByteArray &bad : {QByteArray("short"), QByteArray(31, 'x').toBase64(), QByteArray("not base64 !!!!")}) {
        auto r = BackupKey::fromSecret(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.contains(QStringLiteral("32 bytes")));
    }
}

TEST_CASE("encrypted streams round-trip at every size around the 64 KiB piece", "[backup][crypto]")
{
    const BackupKey k = key('a');
    for (qsizetype size : {qsizetype(0), qsizetype(1), qsizetype(65535), qsizetype(65536), qsizetype(65537), qsizetype(300'000)}) {
        INFO(size);
        const QByteArray plain = sample(size);
        const QByteArray cipher = encrypt(plain, k, size % 2 ? 4096 : 65536);
        CHECK(cipher.startsWith(kEncryptedMagic.toByteArray()));
        if (size > 100)
            CHECK_FALSE(cipher.contains(plain.mid(50, 32)));
        const Decrypted d = decrypt(cipher, k);
        REQUIRE(d.start.ok());
        CHECK_FALSE(d.error.has_value());
        CHECK(d.complete);
        CHECK(d.plain == plain);
    }
    // Two runs with the same key and data differ (a fresh nonce each time).
    CHECK(encrypt(sample(1000), k) != encrypt(sample(1000), k));
}

TEST_CASE("a missing key, another key, a changed, cut, extended or re-ordered file each fail with their own message",
          "[backup][crypto]")
{
    const BackupKey k = key('a');
    const QByteArray plain = sample(200'000);  // four pieces
    const QByteArray cipher = encrypt(plain, k);

    SECTION("no key")
    {
        const Decrypted d = decrypt(cipher, std::nullopt);
        REQUIRE_FALSE(d.start.ok());
        CHECK(d.start.error().kind == ErrorKind::Config);
        CHECK(d.start.error().message.contains(QStringLiteral("encrypted (key %1)").arg(k.id())));
    }
    SECTION("another key")
    {
        const Decrypted d = decrypt(cipher, key('b'));
        REQUIRE_FALSE(d.start.ok());
        CHECK(d.start.error().kind == ErrorKind::Auth);
        CHECK(d.start.error().message.contains(k.id()));
        CHECK(d.start.error().message.contains(key('b').id()));
    }
    SECTION("one changed byte")
    {
        QByteArray bad = cipher;
        bad[100'000] = char(bad[100'000] ^ 1);
        const Decrypted d = decrypt(bad, k);
        REQUIRE(d.start.ok());
        REQUIRE(d.error.has_value());
        CHECK(d.error->message.contains(QStringLiteral("changed or damaged")));
        CHECK(d.plain.size() < plain.size());
    }
    SECTION("cut at a piece boundary and inside a piece")
    {
        const qsizetype boundary = 8 + 8 + 24 + 3 * (4 + 65536 + 17);
        for (qsizetype cut : {boundary, boundary + 100, cipher.size() - 1}) {
            const Decrypted d = decrypt(cipher.left(cut), k);
            REQUIRE(d.error.has_value());
            CHECK(d.error->message.contains(QStringLiteral("cut short")));
            CHECK_FALSE(d.complete);
        }
    }
    SECTION("bytes after the end")
    {
        const Decrypted d = decrypt(cipher + "tail", k);
        REQUIRE(d.error.has_value());
        CHECK(d.error->message.contains(QStringLiteral("after the end")));
    }
    SECTION("pieces swapped")
    {
        const qsizetype head = 8 + 8 + 24;
        const qsizetype piece = 4 + 65536 + 17;
        QByteArray swapped = cipher.left(head) + cipher.mid(head + piece, piece) + cipher.mid(head, piece)
            + cipher.mid(head + 2 * piece);
        REQUIRE(swapped.size() == cipher.size());
        const Decrypted d = decrypt(swapped, k);
        REQUIRE(d.error.has_value());
        CHECK(d.error->message.contains(QStringLiteral("changed or damaged")));
    }
    SECTION("not an encrypted backup at all")
    {
        const Decrypted d = decrypt(QByteArray::fromHex("1f8b0800000000000003030000000000000000"), k);
        REQUIRE_FALSE(d.start.ok());
        CHECK(d.start.error().message.contains(QStringLiteral("not an encrypted OpsDeck backup")));
    }
}

TEST_CASE("a file is bound to its backup: read under another backup's identity it fails; old files read unbound",
          "[backup][crypto]")
{
    const BackupKey k = key('b');
    const QByteArray plain = sample(200'000);
    const QByteArray cipher = encrypt(plain, k);
    CHECK(cipher.startsWith(QByteArray("OPSDECK\x02", 8)));
    const Decrypted same = decrypt(cipher, k);
    REQUIRE(same.start.ok());
    CHECK(same.bound);
    CHECK(same.plain == plain);
    CHECK(same.complete);

    // An older backup of the same database, swapped in under a newer backup's name.
    const QByteArray newer = "opsdeck-backup-v2\nshop-20261206T070000Z\nshop\n2026-12-06T07:00:00.000Z";
    const Decrypted swapped = decrypt(cipher, k, newer);
    REQUIRE(swapped.start.ok());
    CHECK(swapped.plain.isEmpty());  // not one byte comes out
    REQUIRE(swapped.error.has_value());
    CHECK(swapped.error->message.contains(QStringLiteral("belongs to another backup")));

    // Version 1 files (before the binding) are still read, and say that they are not bound.
    const QByteArray legacy = encrypt(plain, k, 1000, QByteArray());
    CHECK(legacy.startsWith(QByteArray("OPSDECK\x01", 8)));
    const Decrypted old = decrypt(legacy, k, newer);
    REQUIRE(old.start.ok());
    CHECK_FALSE(old.bound);
    CHECK(old.plain == plain);
}
