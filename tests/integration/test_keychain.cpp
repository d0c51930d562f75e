// The real keychain: gnome-keyring on a private D-Bus session (installer/dev.sh test provides it).
#include "secrets/secretstore.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QUuid>

using namespace opsdeck;
using opsdeck::test::waitUntil;

namespace {

struct Sync {
    explicit Sync(SecretStore &s) : store(s) {}
    SecretStore &store;
    QObject ctx;

    Result<QByteArray> read(const SecretRef &ref)
    {
        std::optional<Result<QByteArray>> out;
        store.read(ref, &ctx, [&out](const Result<QByteArray> &r) { out = r; });
        REQUIRE(waitUntil([&] { return out.has_value(); }, 20000));
        return *out;
    }
    Status write(const SecretRef &ref, const QByteArray &value)
    {
        std::optional<Status> out;
        store.write(ref, value, &ctx, [&out](const Status &s) { out = s; });
        REQUIRE(waitUntil([&] { return out.has_value(); }, 20000));
        return *out;
    }
    Status remove(const SecretRef &ref)
    {
        std::optional<Status> out;
        store.remove(ref, &ctx, [&out](const Status &s) { out = s; });
        REQUIRE(waitUntil([&] { return out.has_value(); }, 20000));
        return *out;
    }
};

} // namespace

TEST_CASE("secrets round-trip byte-exact through the system keychain")
{
    REQUIRE_FALSE(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
    SecretStore store(QStringLiteral("OpsDeckTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    Sync sync(store);
    const SecretRef ref{QStringLiteral("test"), QStringLiteral("github-token")};

    SECTION("every credential kind: write, read, delete")
    {
        for (const char *name : {"vercel-token", "github-token", "openai-admin-key", "anthropic-admin-key",
                                 "database-password", "aws-access-key-id", "aws-secret-access-key"}) {
            const SecretRef r{QStringLiteral("test"), QString::fromLatin1(name)};
            const QByteArray value = QByteArray("fake-") + name + "-value";
            REQUIRE(sync.write(r, value).ok());
            auto back = sync.read(r);
            REQUIRE(back.ok());
            CHECK(back.value() == value);
            REQUIRE(sync.remove(r).ok());
            auto gone = sync.read(r);
            REQUIRE_FALSE(gone.ok());
            CHECK(gone.error().kind == ErrorKind::NotFound);
        }
    }

    SECTION("a 4 KB PEM and bytes with NUL, newlines and invalid UTF-8 survive (S4)")
    {
        QByteArray pem = "-----BEGIN PRIVATE KEY-----\n";
        for (int i = 0; i < 64; ++i)
            pem += QByteArray(64, char('A' + i % 26)) + '\n';
        pem += "-----END PRIVATE KEY-----\n";
        REQUIRE(pem.size() > 4096);
        REQUIRE(sync.write(ref, pem).ok());
        CHECK(sync.read(ref).value() == pem);

        const QByteArray odd("a\0b\nc\r\n\xc3\x28\xff end", 15);
        REQUIRE(sync.write(ref, odd).ok());
        CHECK(sync.read(ref).value() == odd);
        REQUIRE(sync.remove(ref).ok());
    }

    SECTION("a missing entry is NotFound, not a keychain failure")
    {
        auto r = sync.read({QStringLiteral("test"), QStringLiteral("never-stored")});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::NotFound);
    }
}
