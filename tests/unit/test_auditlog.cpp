// The hash-chained audit log: append, list, verify against tampering.
#include <catch2/catch.hpp>

#include "core/clock.h"
#include "store/auditlog.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

void exec(const Store &store, const QString &sql)
{
    QSqlQuery query(store.db());
    INFO(sql.toStdString() << " -> " << query.lastError().text().toStdString());
    REQUIRE(query.exec(sql));
}

qint64 count(const Store &store)
{
    QSqlQuery query(store.db());
    REQUIRE(query.exec(QStringLiteral("SELECT count(*) FROM audit_log")));
    REQUIRE(query.next());
    return query.value(0).toLongLong();
}

QJsonObject detailsFor(int i)
{
    return QJsonObject{{QStringLiteral("plan"), QStringLiteral("plan-%1").arg(i)},
                       {QStringLiteral("httpStatus"), 200},
                       {QStringLiteral("requestId"), QStringLiteral("req_%1").arg(i)},
                       {QStringLiteral("domains"), QJsonArray{QStringLiteral("example.test")}}};
}

// A store with five entries one minute apart, from 2026-11-29 07:00 UTC.
struct Fixture {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    ManualClock clock;
    Store store{path};
    AuditLog log{store, clock};
    QList<AuditEntry> written;

    explicit Fixture(const QByteArray &key = {})
    {
        REQUIRE(store.open().ok());
        log.setHeadFile(AuditLog::headFileFor(path));
        log.setKey(key);
        for (int i = 1; i <= 5; ++i) {
            auto entry = log.append(QStringLiteral("rollback"), QStringLiteral("team/web"), detailsFor(i),
                                    QStringLiteral("sre-%1").arg(i));
            INFO((entry ? std::string() : entry.error().toString().toStdString()));
            REQUIRE(entry.ok());
            written.append(*entry);
            clock.advance(60'000);
        }
    }
};

} // namespace

TEST_CASE("Appended entries form a chain from the genesis hash")
{
    Fixture f;
    REQUIRE(f.written.size() == 5);
    const QDateTime start(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);
    for (int i = 0; i < 5; ++i) {
        const AuditEntry &e = f.written.at(i);
        CHECK(e.seq == i + 1);
        CHECK(e.at == start.addSecs(60 * i));
        CHECK(e.at.timeSpec() == Qt::UTC);
        CHECK(e.actor == QStringLiteral("sre-%1").arg(i + 1));
        CHECK(e.hash.size() == 64);
        CHECK(e.prevHash == (i == 0 ? AuditLog::genesisHash() : f.written.at(i - 1).hash));
    }
    CHECK(AuditLog::genesisHash() == QString(64, QLatin1Char('0')));
    CHECK(f.log.head() == f.written.last().hash);

    const AuditVerification v = f.log.verify();
    INFO(v.problem.toStdString());
    CHECK(v.ok);
    CHECK(v.entries == 5);
    CHECK(v.firstBadSeq == -1);
    CHECK(f.log.verify(f.written.at(2).hash).ok);  // an older anchored head is still in the chain
}

TEST_CASE("The hash format is pinned: canonical JSON of the fields, SHA-256 hex")
{
    ManualClock clock(QDateTime(QDate(2026, 11, 29), QTime(7, 0, 0, 250), Qt::UTC));
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("opsdeck.db")));
    REQUIRE(store.open().ok());
    AuditLog log(store, clock);
    // Keys given out of order and with characters that need escaping.
    QJsonObject details;
    details.insert(QStringLiteral("zeta"), 1.5);
    details.insert(QStringLiteral("alpha"), QStringLiteral("line\n\"quoted\""));
    details.insert(QStringLiteral("count"), 3);
    auto entry = log.append(QStringLiteral("secret.set"), QStringLiteral("prod/OPENAI_KEY"), details, QStringLiteral("alice"));
    REQUIRE(entry.ok());
    const QByteArray canonical = QByteArrayLiteral(
        R"([1,"2026-11-29T07:00:00.250Z","alice","secret.set","prod/OPENAI_KEY",)"
        R"({"alpha":"line\n\"quoted\"","count":3,"zeta":1.5},)"
        R"("0000000000000000000000000000000000000000000000000000000000000000"])");
    CHECK(entry->hash == QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex()));
    CHECK(AuditLog::computeHash(*entry) == entry->hash);
}

TEST_CASE("Listing pages back from the newest entry and keeps the details")
{
    Fixture f;
    auto all = f.log.list();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 5);
    CHECK(all->first().seq == 5);
    CHECK(all->last().seq == 1);
    CHECK(all->at(2).details == detailsFor(3));
    CHECK(all->at(2).at == f.written.at(2).at);
    CHECK(all->at(2).hash == f.written.at(2).hash);

    auto page = f.log.list(2, 4);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 2);
    CHECK(page->at(0).seq == 3);
    CHECK(page->at(1).seq == 2);
}

TEST_CASE("The default actor is the OS user")
{
    Fixture f;
    auto entry = f.log.append(QStringLiteral("retention.run"), QStringLiteral("backups"), {});
    REQUIRE(entry.ok());
    CHECK_FALSE(entry->actor.isEmpty());
    CHECK(entry->actor == AuditLog::currentOsUser());
    CHECK(entry->seq == 6);
}

TEST_CASE("verify recomputes every hash and names the first tampered seq")
{
    Fixture f;
    SECTION("edited details")
    {
        exec(f.store, QStringLiteral(R"(UPDATE audit_log SET details = '{"plan":"something else"}' WHERE seq = 3)"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 3);
        CHECK(v.problem.contains(QStringLiteral("entry 3")));
    }
    SECTION("edited actor, action, target or time")
    {
        const QString column = QString::fromStdString(GENERATE(as<std::string>{}, "actor", "action", "target", "at"));
        exec(f.store, QStringLiteral("UPDATE audit_log SET %1 = %1 || 'x' WHERE seq = 4").arg(column));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
    }
    SECTION("details replaced by something that is not JSON")
    {
        exec(f.store, QStringLiteral("UPDATE audit_log SET details = 'oops' WHERE seq = 1"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 1);
    }
    SECTION("an edited entry whose stored hash was recomputed too breaks the next link")
    {
        AuditEntry forged = f.written.at(2);
        forged.details = QJsonObject{{QStringLiteral("plan"), QStringLiteral("forged")}};
        forged.hash = AuditLog::computeHash(forged);
        exec(f.store, QStringLiteral(R"(UPDATE audit_log SET details = '{"plan":"forged"}', hash = '%1' WHERE seq = 3)")
                          .arg(forged.hash));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
        CHECK(v.problem.contains(QStringLiteral("entry 4")));
    }
    SECTION("a deleted entry")
    {
        exec(f.store, QStringLiteral("DELETE FROM audit_log WHERE seq = 2"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 2);
        CHECK(v.problem.contains(QStringLiteral("entry 2 is missing")));
        CHECK(v.entries == 1);
    }
    SECTION("the first entry deleted")
    {
        exec(f.store, QStringLiteral("DELETE FROM audit_log WHERE seq = 1"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 1);
    }
    SECTION("a deleted entry with the later seqs renumbered to close the gap")
    {
        exec(f.store, QStringLiteral("DELETE FROM audit_log WHERE seq = 2"));
        for (int seq = 3; seq <= 5; ++seq)
            exec(f.store, QStringLiteral("UPDATE audit_log SET seq = %1 WHERE seq = %2").arg(seq - 1).arg(seq));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 2);
    }
    SECTION("two entries swapped")
    {
        exec(f.store, QStringLiteral("UPDATE audit_log SET seq = -1 WHERE seq = 2"));
        exec(f.store, QStringLiteral("UPDATE audit_log SET seq = 2 WHERE seq = 4"));
        exec(f.store, QStringLiteral("UPDATE audit_log SET seq = 4 WHERE seq = -1"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 2);
        CHECK(v.problem.contains(QStringLiteral("entry 2")));
    }
    SECTION("the newest entries cut off: only an anchored head shows it")
    {
        const QString anchored = f.log.head();
        exec(f.store, QStringLiteral("DELETE FROM audit_log WHERE seq >= 4"));
        CHECK(f.log.verify().ok);  // a bare chain cannot see truncation
        const AuditVerification v = f.log.verify(anchored);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 4);
        CHECK(v.problem.contains(QStringLiteral("4")));
    }
}

TEST_CASE("The chain survives closing and reopening the store")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    ManualClock clock;
    QString headBefore;
    {
        Store store(path);
        REQUIRE(store.open().ok());
        AuditLog log(store, clock);
        CHECK(log.head() == AuditLog::genesisHash());
        CHECK(log.verify().ok);
        for (int i = 1; i <= 5; ++i)
            REQUIRE(log.append(QStringLiteral("secret.set"), QStringLiteral("profile/%1").arg(i), detailsFor(i)).ok());
        headBefore = log.head();
    }
    Store store(path);
    REQUIRE(store.open().ok());
    AuditLog log(store, clock);
    CHECK(log.head() == headBefore);
    const AuditVerification v = log.verify(headBefore);
    CHECK(v.ok);
    CHECK(v.entries == 5);
    auto next = log.append(QStringLiteral("rollback"), QStringLiteral("team/web"), {});
    REQUIRE(next.ok());
    CHECK(next->seq == 6);
    CHECK(next->prevHash == headBefore);
    CHECK(log.verify().entries == 6);
}

TEST_CASE("A failed audit write is an error and leaves the log as it was")
{
    Fixture f;
    SECTION("the database refuses the insert")
    {
        exec(f.store, QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON audit_log "
                                     "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"));
        auto entry = f.log.append(QStringLiteral("rollback"), QStringLiteral("team/web"), {});
        REQUIRE_FALSE(entry.ok());
        CHECK(entry.error().message.contains(QStringLiteral("rollback")));
        CHECK(entry.error().detail.contains(QStringLiteral("disk full (simulated)")));
        CHECK(count(f.store) == 5);
        CHECK(f.log.verify().ok);
        CHECK(f.log.head() == f.written.last().hash);
    }
    SECTION("the store is closed")
    {
        f.store.close();
        auto entry = f.log.append(QStringLiteral("rollback"), QStringLiteral("team/web"), {});
        REQUIRE_FALSE(entry.ok());
        CHECK_FALSE(f.log.verify().ok);
        CHECK_FALSE(f.log.list().ok());
    }
}

TEST_CASE("URL credentials, JWTs and access key ids never reach the audit trail")
{
    ManualClock clock;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("opsdeck.db"));
    Store store(file);
    REQUIRE(store.open().ok());
    AuditLog log(store, clock);
    // Obviously fake values with the shape of real ones.
    const QString url = QStringLiteral("https://monitor:pw-not-real@status.example.test/health?token=tok-not-real");
    const QString jwt = QStringLiteral("eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0.not-a-real-signature");
    const QJsonObject details{{QStringLiteral("url"), url},
                              {QStringLiteral("nested"), QJsonObject{{QStringLiteral("auth"), jwt}}},
                              {QStringLiteral("keys"), QJsonArray{QStringLiteral("AKIA0000000000000000"), 7}}};
    auto entry = log.append(QStringLiteral("health.check"), url, details, QStringLiteral("alice"));
    REQUIRE(entry.ok());
    auto listed = log.list();
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 1);
    const AuditEntry &e = listed->first();
    CHECK(e.target == QStringLiteral("https://monitor:***@status.example.test/health?token=***"));
    const QByteArray stored = QJsonDocument(e.details).toJson();
    for (const char *secret : {"pw-not-real", "tok-not-real", "eyJzdWIiOiJmYWtlIn0", "AKIA0000000000000000"})
        CHECK_FALSE(stored.contains(secret));
    CHECK(e.details.value(QStringLiteral("keys")).toArray().at(1).toInt() == 7);  // not text: kept
    CHECK(log.verify().ok);
    store.close();
    QFile raw(file);
    REQUIRE(raw.open(QIODevice::ReadOnly));
    const QByteArray bytes = raw.readAll();
    for (const char *secret : {"pw-not-real", "tok-not-real", "eyJzdWIiOiJmYWtlIn0", "AKIA0000000000000000"})
        CHECK_FALSE(bytes.contains(secret));
}

// --- The keyed trail: signatures and a signed head beside the store ---------------------------------

namespace {

const QByteArray kKey = QByteArrayLiteral("test-audit-key-0123456789abcdefghijklmnop");

// What someone with write access to the data file but without the key can do: change an entry and
// recompute every hash after it, so the plain chain checks out again.
void rewriteFrom(Fixture &f, qint64 seq, const QString &newTarget, bool stripSignatures)
{
    QString prev = seq == 1 ? AuditLog::genesisHash() : f.written.at(int(seq) - 2).hash;
    for (qint64 s = seq; s <= f.written.size(); ++s) {
        AuditEntry e = f.written.at(int(s) - 1);
        if (s == seq)
            e.target = newTarget;
        e.prevHash = prev;
        e.hash = AuditLog::computeHash(e);
        QSqlQuery q(f.store.db());
        q.prepare(QStringLiteral("UPDATE audit_log SET target = ?, prev_hash = ?, hash = ?, mac = ? WHERE seq = ?"));
        q.addBindValue(e.target);
        q.addBindValue(e.prevHash);
        q.addBindValue(e.hash);
        q.addBindValue(stripSignatures ? QStringLiteral("") : e.mac);
        q.addBindValue(s);
        REQUIRE(q.exec());
        prev = e.hash;
    }
}

} // namespace

TEST_CASE("With the audit key every entry is signed and verify checks signatures and the signed head")
{
    Fixture f(kKey);
    for (const AuditEntry &e : f.written)
        CHECK(e.mac.startsWith(f.log.keyId() + QLatin1Char(':')));
    CHECK(QFile::exists(AuditLog::headFileFor(f.path)));
    const AuditVerification v = f.log.verify();
    INFO(v.problem.toStdString());
    CHECK(v.ok);
    CHECK(v.signaturesChecked);
    CHECK(v.signedEntries == 5);
    CHECK(v.unsignedEntries == 0);
    CHECK(v.signedHeadSeq == 5);
    CHECK(v.notes.isEmpty());
    // The key never reaches the data file or the head file.
    QFile db(f.path);
    REQUIRE(db.open(QIODevice::ReadOnly));
    CHECK_FALSE(db.readAll().contains(kKey));
    QFile head(AuditLog::headFileFor(f.path));
    REQUIRE(head.open(QIODevice::ReadOnly));
    CHECK_FALSE(head.readAll().contains(kKey));
}

TEST_CASE("Removed last entries are caught by the signed head, which the plain chain cannot do")
{
    Fixture f(kKey);
    exec(f.store, QStringLiteral("DELETE FROM audit_log WHERE seq >= 4"));
    const AuditVerification v = f.log.verify();
    CHECK_FALSE(v.ok);
    CHECK(v.firstBadSeq == 4);
    CHECK(v.problem.contains(QStringLiteral("entries 4 to 5 were removed")));
}

TEST_CASE("A rewrite with recomputed hashes is caught without the key, signed or stripped")
{
    Fixture f(kKey);
    SECTION("signatures kept: they no longer match")
    {
        rewriteFrom(f, 3, QStringLiteral("team/other"), false);
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 3);
        CHECK(v.problem.contains(QStringLiteral("rewritten")));
    }
    SECTION("signatures stripped, as if written without the key: the signed head no longer matches")
    {
        rewriteFrom(f, 3, QStringLiteral("team/other"), true);
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBadSeq == 5);
        CHECK(v.problem.contains(QStringLiteral("signed head")));
    }
}

TEST_CASE("The signed head deleted, edited or from another key is reported")
{
    Fixture f(kKey);
    const QString headFile = AuditLog::headFileFor(f.path);
    SECTION("deleted")
    {
        REQUIRE(QFile::remove(headFile));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.problem.contains(QStringLiteral("missing")));
    }
    SECTION("moved back to an earlier entry by hand")
    {
        QFile file(headFile);
        REQUIRE(file.open(QIODevice::ReadOnly));
        QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        o.insert(QStringLiteral("seq"), 3);
        o.insert(QStringLiteral("hash"), f.written.at(2).hash);
        REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(o).toJson());
        file.close();
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.problem.contains(QStringLiteral("edited")));
    }
    SECTION("checked with another key")
    {
        f.log.setKey(QByteArrayLiteral("another-audit-key-0123456789abcdefghijklm"));
        const AuditVerification v = f.log.verify();
        CHECK_FALSE(v.ok);
        CHECK(v.problem.contains(QStringLiteral("another audit key")));
    }
}

TEST_CASE("Entries written without the key are kept, counted and named, never refused")
{
    Fixture f(kKey);
    f.log.setKey({}, QStringLiteral("no Secret Service"));
    for (int i = 6; i <= 7; ++i)
        REQUIRE(f.log.append(QStringLiteral("logs.rotate"), QStringLiteral("cron"), detailsFor(i)).ok());
    SECTION("checked without the key: the chain holds, the notes say what was not checked")
    {
        const AuditVerification v = f.log.verify();
        INFO(v.problem.toStdString());
        CHECK(v.ok);
        CHECK_FALSE(v.signaturesChecked);
        CHECK(v.unsignedEntries == 2);
        CHECK(v.notes.join(QLatin1Char(' ')).contains(QStringLiteral("no Secret Service")));
    }
    SECTION("checked with the key: signed entries verified, unsigned ones named")
    {
        f.log.setKey(kKey);
        const AuditVerification v = f.log.verify();
        INFO(v.problem.toStdString());
        CHECK(v.ok);
        CHECK(v.signedEntries == 5);
        CHECK(v.unsignedEntries == 2);
        CHECK(v.firstUnsignedSeq == 6);
        CHECK(v.signedHeadSeq == 5);
        CHECK(v.notes.join(QLatin1Char(' ')).contains(QStringLiteral("entry 6")));
    }
}
