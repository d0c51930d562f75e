// Backups to S3-compatible storage against tests/fixtures/backup/s3peer.mjs, an S3 peer that checks
// every request's Signature V4 with AWS's own signer (@smithy/signature-v4, installed from npm into
// the build folder on first use), checks x-amz-content-sha256 against the body, and injects faults.
#include "backups/backupservice.h"
#include "clirunner.h"
#include "core/clock.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "jobwatch.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>

#include <optional>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

constexpr const char *kAccessKey = "AKIDTESTNOTREAL";
constexpr const char *kSecret = "test-secret-not-real/with+chars";

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE orders (id serial PRIMARY KEY, note text, total numeric);"
                        "INSERT INTO orders (note, total) SELECT md5(g::text), g / 3.0 FROM generate_series(1, 60000) g;")},
    };
    return test::sharedCluster(seed);
}

// node_modules with AWS's signer, installed once per build folder. Empty when npm cannot get it.
QString signerModules()
{
    static const QString dir = [] {
        const QString d = QStringLiteral(OPSDECK_BINARY_DIR "/s3peer-modules");
        if (QFile::exists(d + QStringLiteral("/node_modules/@smithy/signature-v4/package.json")))
            return d;
        QDir().mkpath(d);
        QProcess npm;
        npm.setWorkingDirectory(d);
        npm.start(QStringLiteral("npm"), {QStringLiteral("install"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                                          QStringLiteral("--prefix"), d, QStringLiteral("@smithy/signature-v4@5"),
                                          QStringLiteral("@aws-crypto/sha256-js@5")});
        npm.waitForFinished(300'000);
        return npm.exitCode() == 0 ? d : QString();
    }();
    return dir;
}

struct Peer {
    QProcess node;
    int port = 0;

    explicit Peer(const QStringList &extra = {}, const QByteArray &secret = kSecret)
    {
        const QString modules = signerModules();
        REQUIRE_FALSE(modules.isEmpty());  // npm could not install @smithy/signature-v4
        node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        node.start(QStringLiteral("node"), QStringList{test::fixturePath(QStringLiteral("backup/s3peer.mjs")),
                                                       QStringLiteral("--modules"), modules, QStringLiteral("--access-key"),
                                                       QLatin1String(kAccessKey), QStringLiteral("--region"),
                                                       QStringLiteral("eu-central-1")}
                                               + extra);
        REQUIRE(node.waitForStarted());
        node.write(secret + '\n');
        REQUIRE(test::waitUntil([this] { return node.canReadLine() || node.state() != QProcess::Running; }, 30'000));
        const QByteArray line = node.readLine().trimmed();
        REQUIRE(line.startsWith("listening "));
        port = line.mid(10).toInt();
    }
    ~Peer()
    {
        node.kill();
        node.waitForFinished();
    }
    QJsonObject stats()
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/__stats").arg(port))));
        REQUIRE(test::waitUntil([reply] { return reply->isFinished(); }));
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return o;
    }
};

struct Fixture {
    QTemporaryDir dir;
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<BackupService> service;
    QString staging = dir.filePath(QStringLiteral("staging"));

    Fixture(const Peer &peer, qint64 threshold, const QByteArray &secret = kSecret, std::optional<BackupKey> key = {})
    {
        REQUIRE(store.open().ok());
        audit = std::make_unique<AuditLog>(store, clock);
        BackupConfig config;
        config.destination = QStringLiteral("s3://backups/nightly/shop");
        config.s3Endpoint = QStringLiteral("http://127.0.0.1:%1").arg(peer.port);
        config.awsRegion = QStringLiteral("eu-central-1");
        config.awsAccessKeyId = kAccessKey;
        config.awsSecretAccessKey = secret;
        config.stagingFolder = staging;
        config.s3PartSize = 256 * 1024;
        config.s3MultipartThreshold = threshold;
        config.encrypt = key.has_value();
        config.key = key;
        service = std::make_unique<BackupService>(config, *audit, clock);
    }
    template <typename T>
    Result<T> wait(Job<T> *job)
    {
        auto r = test::wait(job, 240'000);
        REQUIRE((r.ok() || r.error().kind != ErrorKind::Timeout));
        return r;
    }
    PgConnectionInfo database(const QString &name) const
    {
        PgConnectionInfo i = PgConnectionInfo::fromUrl(cluster().url(name)).value();
        i.password = PgCluster::kPassword;
        return i;
    }
    QStringList stagingFiles() const { return QDir(staging).entryList(QDir::Files | QDir::NoDotAndDotDot); }
};

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

} // namespace

TEST_CASE("S3 round trip with multipart: signed requests accepted, verified, restored row by row")
{
    Peer peer;
    Fixture f(peer, 1);  // everything above 1 byte goes multipart, in 256 KiB parts
    auto run = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    INFO((run.ok() ? QString() : run.error().toString()).toStdString());
    REQUIRE(run.ok());
    CHECK(run.value().location == QLatin1String("s3://backups/nightly/shop"));
    QJsonObject stats = peer.stats();
    CHECK(stats.value(QStringLiteral("rejectedSignatures")).toInt() == 0);
    CHECK(stats.value(QStringLiteral("creates")).toInt() == 1);
    CHECK(stats.value(QStringLiteral("completes")).toInt() == 1);
    CHECK(stats.value(QStringLiteral("parts")).toInt() == int((run.value().sizeBytes + 256 * 1024 - 1) / (256 * 1024)));
    CHECK(strings(stats.value(QStringLiteral("objects")))
          == QStringList{QStringLiteral("nightly/shop/") + BackupManifest::manifestName(run.value().id),
                         QStringLiteral("nightly/shop/") + run.value().fileName});
    CHECK(f.stagingFiles().isEmpty());  // the local copy goes once the remote one is checked

    auto listed = f.wait(f.service->list());
    REQUIRE(listed.ok());
    REQUIRE(listed.value().size() == 1);
    CHECK(listed.value().first().sha256 == run.value().sha256);
    CHECK(listed.value().first().verified);

    auto verified = f.wait(f.service->verify(run.value().id));
    REQUIRE(verified.ok());
    CHECK(verified.value().ok);
    auto restored = f.wait(f.service->restore(run.value().id, f.database(QStringLiteral("from_s3")), {}));
    INFO((restored.ok() ? QString() : restored.error().toString()).toStdString());
    REQUIRE(restored.ok());
    const QString digest = QStringLiteral("SELECT count(*) || md5(string_agg(t::text, '|' ORDER BY id)) FROM orders t");
    CHECK(cluster().psql(digest, QStringLiteral("from_s3")) == cluster().psql(digest, QStringLiteral("shop")));
    CHECK(peer.stats().value(QStringLiteral("rejectedSignatures")).toInt() == 0);
    CHECK(f.stagingFiles().isEmpty());
}

TEST_CASE("S3 with encryption at rest: only ciphertext is uploaded; it restores with the key")
{
    Peer peer;
    const auto key = BackupKey::fromSecret(BackupKey::generateSecret());
    REQUIRE(key.ok());
    Fixture f(peer, 1, kSecret, key.value());
    auto run = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    INFO((run.ok() ? QString() : run.error().toString()).toStdString());
    REQUIRE(run.ok());
    CHECK(run.value().isEncrypted());
    CHECK(run.value().fileName.endsWith(QStringLiteral(".sql.gz.enc")));
    CHECK(strings(peer.stats().value(QStringLiteral("objects"))).contains(QStringLiteral("nightly/shop/") + run.value().fileName));
    auto verified = f.wait(f.service->verify(run.value().id));
    REQUIRE(verified.ok());
    CHECK(verified.value().ok);  // the uploaded object's checksum is the ciphertext's
    auto restored = f.wait(f.service->restore(run.value().id, f.database(QStringLiteral("from_s3_enc")), {}));
    INFO((restored.ok() ? QString() : restored.error().toString()).toStdString());
    REQUIRE(restored.ok());
    const QString digest = QStringLiteral("SELECT count(*) || md5(string_agg(t::text, '|' ORDER BY id)) FROM orders t");
    CHECK(cluster().psql(digest, QStringLiteral("from_s3_enc")) == cluster().psql(digest, QStringLiteral("shop")));
    CHECK(peer.stats().value(QStringLiteral("rejectedSignatures")).toInt() == 0);
}

TEST_CASE("S3: below the threshold one PUT; prune deletes the objects")
{
    Peer peer;
    Fixture f(peer, 1LL << 40);
    auto run = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    REQUIRE(run.ok());
    QJsonObject stats = peer.stats();
    CHECK(stats.value(QStringLiteral("puts")).toInt() == 2);  // dump and manifest
    CHECK(stats.value(QStringLiteral("creates")).toInt() == 0);
    auto plan = f.wait(f.service->planPrune(f.clock.nowUtc()));
    REQUIRE(plan.ok());
    CHECK(plan.value().removals().isEmpty());  // the newest verified backup always stays
    // Make it old and unverified: a newer verified backup supersedes it.
    f.clock.advance(3600 * 1000);
    auto second = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    REQUIRE(second.ok());
    BackupConfig config = f.service->config();
    config.policy = RetentionPolicy{};
    config.policy.daily = 1;
    BackupService pruner(config, *f.audit, f.clock);
    plan = f.wait(pruner.planPrune(f.clock.nowUtc()));
    REQUIRE(plan.ok());
    REQUIRE(plan.value().removals() == QStringList{run.value().id});
    auto pruned = f.wait(pruner.prune(plan.value()));
    REQUIRE(pruned.ok());
    CHECK(strings(peer.stats().value(QStringLiteral("objects")))
          == QStringList{QStringLiteral("nightly/shop/") + BackupManifest::manifestName(second.value().id),
                         QStringLiteral("nightly/shop/") + second.value().fileName});
}

TEST_CASE("S3: a wrong secret is refused by the peer's signature check and nothing is stored")
{
    Peer peer;
    Fixture f(peer, 1LL << 40, "wrong-secret-not-real");
    auto run = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().kind == ErrorKind::Auth);
    CHECK(run.error().message.contains(QLatin1String("SignatureDoesNotMatch")));
    const QJsonObject stats = peer.stats();
    CHECK(stats.value(QStringLiteral("rejectedSignatures")).toInt() >= 1);
    CHECK(strings(stats.value(QStringLiteral("objects"))).isEmpty());
}

TEST_CASE("S3: a part that fails or a connection cut mid-upload aborts the upload; no object, local dump kept")
{
    const QString fault = GENERATE(QStringLiteral("--fail-part"), QStringLiteral("--cut-part"));
    INFO(fault.toStdString());
    Peer peer({fault, QStringLiteral("2")});
    Fixture f(peer, 1);
    auto run = f.wait(f.service->run(f.database(QStringLiteral("shop"))));
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().detail.contains(QLatin1String("kept at")));
    const QJsonObject stats = peer.stats();
    CHECK(stats.value(QStringLiteral("aborts")).toInt() == 1);
    CHECK(stats.value(QStringLiteral("completes")).toInt() == 0);
    CHECK(stats.value(QStringLiteral("openUploads")).toInt() == 0);
    CHECK(strings(stats.value(QStringLiteral("objects"))).isEmpty());
    CHECK(f.stagingFiles().filter(QStringLiteral(".sql.gz")).size() == 1);
    auto listed = f.wait(f.service->list());
    REQUIRE(listed.ok());
    CHECK(listed.value().isEmpty());
}

TEST_CASE("S3 from the command line: keys and endpoint from the environment, never on disk")
{
    Peer peer;
    test::IsolatedHome home;
    test::CliRunner runner(home.path());
    runner.setTimeout(120'000);
    runner.setEnv(QStringLiteral("DATABASE_URL"), cluster().urlWithPassword(QStringLiteral("shop")));
    runner.setEnv(QStringLiteral("AWS_ACCESS_KEY_ID"), QLatin1String(kAccessKey));
    runner.setEnv(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QLatin1String(kSecret));
    runner.setEnv(QStringLiteral("AWS_REGION"), QStringLiteral("eu-central-1"));
    runner.setEnv(QStringLiteral("OPSDECK_S3_ENDPOINT"), QStringLiteral("http://127.0.0.1:%1").arg(peer.port));
    runner.setEnv(QStringLiteral("OPSDECK_BACKUP_DEST"), QStringLiteral("s3://backups/cli"));
    auto cli = [&runner](const QStringList &args) {
        const test::CliResult r = runner.run(args);
        return std::pair{r.exitCode, r.json()};
    };
    auto [code, run] = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run")});
    REQUIRE(code == 0);
    CHECK(run.object().value(QStringLiteral("location")).toString() == QLatin1String("s3://backups/cli"));
    auto [listCode, list] = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list")});
    REQUIRE(listCode == 0);
    REQUIRE(list.array().size() == 1);
    CHECK(list.array().first().toObject().value(QStringLiteral("sha256")) == run.object().value(QStringLiteral("sha256")));
    CHECK(peer.stats().value(QStringLiteral("rejectedSignatures")).toInt() == 0);
    CHECK(home.filesContaining(kSecret).isEmpty());
    runner.unsetEnv(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
    auto [missing, ignored] = cli({QStringLiteral("backup"), QStringLiteral("list")});
    CHECK(missing == 2);  // the missing credential is a configuration error, named on stderr
}
