// The one place that finds a database's password (the Database and Backups pages, `db`, `backup` and
// `costs users --from-db` all ask it): the URL's own password, else the keychain's database-password
// of the active profile; a missing one is left to the server (peer/trust auth, ~/.pgpass).
#include "appcontext.h"
#include "config/profile.h"
#include "database/pgconnectioninfo.h"
#include "secrets/secretstore.h"
#include "usecases/credentialresolver.h"
#include "usecases/session.h"

#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

struct Fixture {
    Fixture()
    {
        qunsetenv("DATABASE_URL");
        ctx = test::makeContext(dir, {.demo = false});
        Profile p;
        p.name = QStringLiteral("resolver-%1").arg(QRandomGenerator::global()->generate());
        ctx->setProfile(p);
    }
    ~Fixture()
    {
        bool done = false;
        ctx->secrets().remove({ctx->profile().name, QStringLiteral("database-password")}, ctx.get(),
                              [&done](const Status &) { done = true; });
        test::waitUntil([&] { return done; });
    }

    void setUrl(const QString &url)
    {
        Profile p = ctx->profile();
        p.databaseUrl = url;
        ctx->setProfile(p);
    }

    Result<PgConnectionInfo> resolve(const QString &url = QString())
    {
        std::optional<Result<PgConnectionInfo>> r;
        ctx->credentials().database(url, ctx.get())->onFinished(ctx.get(), [&r](const Result<PgConnectionInfo> &v) { r = v; });
        REQUIRE(test::waitUntil([&] { return r.has_value(); }));
        return *r;
    }

    QTemporaryDir dir;
    std::unique_ptr<AppContext> ctx;
};

} // namespace

TEST_CASE("a database password comes from the URL, else from the profile's keychain entry")
{
    Fixture f;
    f.setUrl(QStringLiteral("postgresql://shop@db.internal:5433/shop"));

    // Nothing stored: no password, for the server to judge.
    auto none = f.resolve();
    REQUIRE(none.ok());
    CHECK(none->password.isEmpty());
    CHECK(none->host == QStringLiteral("db.internal"));
    CHECK(none->port == 5433);

    bool written = false;
    f.ctx->secrets().write({f.ctx->profile().name, QStringLiteral("database-password")}, "fake-pg-password", f.ctx.get(),
                           [&written](const Status &s) { written = s.ok(); });
    REQUIRE(test::waitUntil([&] { return written; }));
    auto fromKeychain = f.resolve();
    REQUIRE(fromKeychain.ok());
    CHECK(fromKeychain->password == QByteArray("fake-pg-password"));

    // A URL that carries its own password keeps it; another database on the same terms (a restore
    // target) gets the keychain's.
    auto own = f.resolve(QStringLiteral("postgresql://shop:url-password@db.internal/shop"));
    REQUIRE(own.ok());
    CHECK(own->password == QByteArray("url-password"));
    auto target = f.resolve(QStringLiteral("postgresql://shop@db.internal/restored"));
    REQUIRE(target.ok());
    CHECK(target->database == QStringLiteral("restored"));
    CHECK(target->password == QByteArray("fake-pg-password"));
}

TEST_CASE("no database in the profile is a configuration error that says where to set it")
{
    Fixture f;
    auto r = f.resolve();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Config);
    CHECK(r.error().message.contains(QStringLiteral("DATABASE_URL")));
}
