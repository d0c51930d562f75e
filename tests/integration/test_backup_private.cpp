// Backups hold production data: the dump, its manifest and the folder they are in are private to the
// user (files 0600, folders 0700, as restic makes them), whatever the umask; an existing folder that
// others can read is reported. Against a real PostgreSQL 15 cluster and the real pg_dump.
#include "backups/backupservice.h"
#include "backups/s3destination.h"
#include "core/clock.h"
#include "pgcluster.h"
#include "rawhttppeer.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "jobwatch.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("tiny"),
         QStringLiteral("CREATE TABLE t (id int PRIMARY KEY, secret text); INSERT INTO t VALUES (1, 'x'), (2, 'y');")},
    };
    return test::sharedCluster(seed);
}

PgConnectionInfo tiny()
{
    auto info = PgConnectionInfo::fromUrl(cluster().url(QStringLiteral("tiny")));
    REQUIRE(info.ok());
    PgConnectionInfo i = info.value();
    i.password = PgCluster::kPassword;
    return i;
}

mode_t modeOf(const QString &path)
{
    struct stat st {};
    REQUIRE(::stat(QFile::encodeName(path).constData(), &st) == 0);
    return st.st_mode & 07777;
}

struct Fixture {
    QTemporaryDir dir;
    QString folder;
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock{QDateTime(QDate(2026, 11, 29), QTime(2, 0), Qt::UTC)};
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<BackupService> service;
    QStringList warnings;

    explicit Fixture(const QString &backupFolder)
        : folder(backupFolder)
    {
        REQUIRE(store.open().ok());
        audit = std::make_unique<AuditLog>(store, clock);
        BackupConfig config;
        config.destination = folder;
        service = std::make_unique<BackupService>(config, *audit, clock);
    }
    Result<BackupManifest> backup()
    {
        auto *job = service->run(tiny());
        QObject::connect(job, &JobBase::warning, [this](const QString &text) { warnings << text; });
        auto r = test::wait(job, 120'000);
        if (!r.ok())
            UNSCOPED_INFO("backup failed: " << r.error().toString().toStdString());
        return r;
    }
};

// The usual desktop umask, so a missing mode would show as 0644/0755.
struct Umask {
    mode_t old = ::umask(022);
    ~Umask() { ::umask(old); }
};

} // namespace

TEST_CASE("A new backup folder is 0700 and the dump and manifest in it are 0600")
{
    Umask umask;
    QTemporaryDir parent;
    Fixture f(parent.filePath(QStringLiteral("backups/nightly")));
    auto r = f.backup();
    REQUIRE(r.ok());
    CHECK(modeOf(f.folder) == 0700);
    CHECK(modeOf(parent.filePath(QStringLiteral("backups"))) == 0700);  // created by us too
    CHECK(modeOf(f.folder + QLatin1Char('/') + r.value().fileName) == 0600);
    CHECK(modeOf(f.folder + QLatin1Char('/') + BackupManifest::manifestName(r.value().id)) == 0600);
    CHECK(f.warnings.isEmpty());
}

TEST_CASE("An existing backup folder that others can read gets a warning; its modes are left to the user")
{
    Umask umask;
    QTemporaryDir parent;
    const QString folder = parent.filePath(QStringLiteral("shared"));
    REQUIRE(QDir().mkpath(folder));
    REQUIRE(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
    Fixture f(folder);
    auto r = f.backup();
    REQUIRE(r.ok());
    REQUIRE(f.warnings.size() == 1);
    CHECK(f.warnings.first().contains(QDir(folder).absolutePath()));
    CHECK(f.warnings.first().contains(QStringLiteral("0755")));
    CHECK(modeOf(folder) == 0755);
    CHECK(modeOf(folder + QLatin1Char('/') + r.value().fileName) == 0600);
}

TEST_CASE("An S3 download is staged in a 0700 folder as a 0600 file")
{
    Umask umask;
    test::RawHttpPeer peer;
    peer.enqueue(test::RawHttpPeer::response(200, {}, "dump bytes"));
    QTemporaryDir parent;
    const QString staging = parent.filePath(QStringLiteral("staging"));
    S3Config config;
    config.endpoint = peer.url().toString();
    config.accessKeyId = "AKIDTESTNOTREAL";
    config.secretAccessKey = "secret-not-real";
    BackupManifest m;
    m.id = QStringLiteral("tiny-20261129T020000Z");
    m.fileName = QStringLiteral("tiny-20261129T020000Z.sql.gz");
    static const std::atomic<bool> notCancelled{false};
    QFuture<Result<QString>> copy = QtConcurrent::run([config, staging, m] {
        S3Destination destination(S3Location{QStringLiteral("bucket"), QString()}, config, staging);
        return destination.localCopy(m, notCancelled);
    });
    REQUIRE(test::waitUntil([&copy] { return copy.isFinished(); }, 60'000));
    const Result<QString> path = copy.result();
    INFO((path ? QString() : path.error().toString()).toStdString());
    REQUIRE(path.ok());
    CHECK(modeOf(staging) == 0700);
    CHECK(modeOf(path.value()) == 0600);
}
