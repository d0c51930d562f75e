// The S3 store is not trusted to be well-behaved: a listing that repeats its continuation token, a
// listing cut short without a token and a download cut after its headers are errors, never a
// silently partial answer (or a loop). Against the raw HTTP peer, which writes exactly these bytes.
#include "backups/s3destination.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

using namespace opsdeck;
using opsdeck::test::RawHttpAnswer;
using opsdeck::test::RawHttpPeer;
using opsdeck::test::RawHttpRequest;

namespace {

const std::atomic<bool> kNotCancelled{false};

S3Config peerConfig(const RawHttpPeer &peer)
{
    S3Config c;
    c.endpoint = peer.url().toString();
    c.accessKeyId = "AKIDTESTNOTREAL";
    c.secretAccessKey = "secret-not-real";
    c.timeoutMs = 10'000;
    return c;
}

// Runs work on a worker thread (S3Client blocks there) while this thread serves the peer.
template <typename T>
T onWorker(std::function<T()> work)
{
    QFuture<T> future = QtConcurrent::run(work);
    REQUIRE(test::waitUntil([&future] { return future.isFinished(); }, 60'000));
    return future.result();
}

QByteArray listing(const QStringList &keys, bool truncated, const QByteArray &token)
{
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>";
    for (const QString &k : keys)
        xml += "<Contents><Key>" + k.toUtf8() + "</Key><Size>10</Size></Contents>";
    xml += "<IsTruncated>" + QByteArray(truncated ? "true" : "false") + "</IsTruncated>";
    if (!token.isEmpty())
        xml += "<NextContinuationToken>" + token + "</NextContinuationToken>";
    return xml + "</ListBucketResult>";
}

RawHttpAnswer ok(const QByteArray &body)
{
    return RawHttpAnswer{RawHttpPeer::response(200, {{"Content-Type", "application/xml"}}, body)};
}

Result<QList<BackupManifest>> listOn(const RawHttpPeer &peer, const QString &staging)
{
    const S3Config config = peerConfig(peer);
    return onWorker<Result<QList<BackupManifest>>>([config, staging] {
        S3Destination destination(S3Location{QStringLiteral("bucket"), QStringLiteral("db")}, config, staging);
        return destination.list();
    });
}

} // namespace

TEST_CASE("S3: a listing that repeats its continuation token is an error, not an endless loop")
{
    RawHttpPeer peer;
    QTemporaryDir staging;
    // A store that answers "more to come, token abc" again and again. (After 50 pages it gives up, so that
    // a client that loops still finishes this test.)
    peer.setHandler([&peer](const RawHttpRequest &) {
        if (peer.requestCount() > 50)
            return ok(listing({}, false, {}));
        return ok(listing({QStringLiteral("db/a-%1.txt").arg(peer.requestCount())}, true, "abc"));
    });
    const auto r = listOn(peer, staging.path());
    CHECK_FALSE(r.ok());
    if (!r.ok()) {
        CHECK(r.error().kind == ErrorKind::BadResponse);
        CHECK(r.error().toString().contains(QStringLiteral("continuation")));
    }
    CHECK(peer.requestCount() == 2);
}

TEST_CASE("S3: a listing marked truncated without a continuation token is an error, not a partial list")
{
    RawHttpPeer peer;
    QTemporaryDir staging;
    peer.enqueue(ok(listing({QStringLiteral("db/tiny-20261129T020000Z.sql.gz")}, true, {})));
    const auto r = listOn(peer, staging.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadResponse);
    CHECK(r.error().toString().contains(QStringLiteral("truncated")));
}

TEST_CASE("S3: pages with distinct tokens are all listed")
{
    RawHttpPeer peer;
    QTemporaryDir staging;
    peer.enqueue(ok(listing({QStringLiteral("db/tiny-20261128T020000Z.sql.gz")}, true, "page2")));
    peer.enqueue(ok(listing({QStringLiteral("db/tiny-20261129T020000Z.sql.gz")}, false, {})));
    const auto r = listOn(peer, staging.path());
    INFO((r ? QString() : r.error().toString()).toStdString());
    REQUIRE(r.ok());
    CHECK(r.value().size() == 2);
    REQUIRE(peer.requestCount() == 2);
    CHECK(peer.requests().at(1).target.contains("continuation-token=page2"));
}

TEST_CASE("S3: a download cut after the headers is an error and leaves no local copy")
{
    RawHttpPeer peer;
    QTemporaryDir staging;
    // 1000 bytes announced, 10 sent, then the connection closes.
    peer.enqueue(RawHttpAnswer{RawHttpPeer::head(200, {{"Content-Length", "1000"}, {"Connection", "close"}}) + "0123456789"});
    BackupManifest m;
    m.id = QStringLiteral("tiny-20261129T020000Z");
    m.fileName = QStringLiteral("tiny-20261129T020000Z.sql.gz");
    const S3Config config = peerConfig(peer);
    const QString folder = staging.path();
    const auto r = onWorker<Result<QString>>([config, folder, m] {
        S3Destination destination(S3Location{QStringLiteral("bucket"), QStringLiteral("db")}, config, folder);
        return destination.localCopy(m, kNotCancelled);
    });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().toString().contains(QStringLiteral("1000")));
    CHECK(QDir(folder).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());

    // The same object complete: downloaded.
    peer.enqueue(RawHttpAnswer{RawHttpPeer::response(200, {}, "0123456789")});
    const auto whole = onWorker<Result<QString>>([config, folder, m] {
        S3Destination destination(S3Location{QStringLiteral("bucket"), QStringLiteral("db")}, config, folder);
        return destination.localCopy(m, kNotCancelled);
    });
    INFO((whole ? QString() : whole.error().toString()).toStdString());
    REQUIRE(whole.ok());
    QFile f(whole.value());
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll() == "0123456789");
}

TEST_CASE("S3: a manifest cut short in a listing is an error, not a backup with a broken manifest skipped")
{
    RawHttpPeer peer;
    QTemporaryDir staging;
    peer.enqueue(ok(listing({QStringLiteral("db/tiny-20261129T020000Z.manifest.json"),
                             QStringLiteral("db/tiny-20261129T020000Z.sql.gz")}, false, {})));
    peer.enqueue(RawHttpAnswer{RawHttpPeer::head(200, {{"Content-Length", "4000"}, {"Connection", "close"}}) + "{\"id\": \"tiny-"});
    const auto r = listOn(peer, staging.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().toString().contains(QStringLiteral("4000")));
}
