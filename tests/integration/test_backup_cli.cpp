// `opsdeck-cli backup run/list/verify/restore/prune` end to end against a throwaway cluster.
#include "backups/backupmanifest.h"
#include "clirunner.h"
#include "pgcluster.h"
#include "config/profile.h"
#include "config/settings.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE items (id int PRIMARY KEY, name text);"
                        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g;")},
    };
    return test::sharedCluster(seed);
}

// opsdeck-cli in the test's isolated home (test::IsolatedHome sets HOME), on the shop database.
test::CliResult cli(const QStringList &args, const QList<std::pair<QString, QString>> &extraEnv = {})
{
    test::CliRunner runner(QDir::homePath());
    runner.setTimeout(120'000);
    runner.setEnv(QStringLiteral("DATABASE_URL"), cluster().urlWithPassword(QStringLiteral("shop")));
    for (const auto &[name, value] : extraEnv)
        runner.setEnv(name, value);
    return runner.run(args);
}

// A backup made "days" ago: a tiny gzip file and its manifest, as a run would leave them.
void fakeBackup(const QString &folder, const QDateTime &time)
{
    BackupManifest m;
    m.database = QStringLiteral("shop");
    m.time = time;
    m.id = BackupManifest::makeId(m.database, time);
    m.fileName = BackupManifest::dumpName(m.id, m.format);
    const QByteArray gz = QByteArray::fromHex("1f8b0800000000000003030000000000000000");
    QFile dump(folder + QLatin1Char('/') + m.fileName);
    REQUIRE(dump.open(QIODevice::WriteOnly));
    dump.write(gz);
    m.sizeBytes = gz.size();
    m.sha256 = QString::fromLatin1(QCryptographicHash::hash(gz, QCryptographicHash::Sha256).toHex());
    m.verified = true;
    QFile manifest(folder + QLatin1Char('/') + BackupManifest::manifestName(m.id));
    REQUIRE(manifest.open(QIODevice::WriteOnly));
    manifest.write(QJsonDocument(m.toJson()).toJson());
}

} // namespace

TEST_CASE("backup run, list, verify and restore from the command line")
{
    test::IsolatedHome home;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("b"));
    test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder});
    REQUIRE(r.exitCode == 0);
    const QJsonObject run = r.json().object();
    for (const char *key : {"id", "time", "database", "sizeBytes", "sha256", "verified", "location"})
        CHECK(run.contains(QLatin1String(key)));
    CHECK(run.value(QStringLiteral("verified")).toBool());
    CHECK(run.value(QStringLiteral("location")).toString() == QDir(folder).absolutePath());
    const QString id = run.value(QStringLiteral("id")).toString();

    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list"), QStringLiteral("--from"), folder});
    REQUIRE(r.exitCode == 0);
    REQUIRE(r.json().array().size() == 1);
    CHECK(r.json().array().first().toObject() == run);

    r = cli({QStringLiteral("backup"), QStringLiteral("verify"), id, QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains("verified"));

    const QString target = cluster().url(QStringLiteral("shop_restored"));
    r = cli({QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), folder,
             QStringLiteral("--target-db"), target});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.contains("Nothing was changed"));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'shop_restored'")).trimmed() == "0");

    r = cli({QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), folder,
             QStringLiteral("--target-db"), target, QStringLiteral("--yes")});
    REQUIRE(r.exitCode == 0);
    CHECK(cluster().psql(QStringLiteral("SELECT count(*), sum(id) FROM items"), QStringLiteral("shop_restored")).trimmed()
          == "1000|500500");

    r = cli({QStringLiteral("backup"), QStringLiteral("verify"), QStringLiteral("../../etc/passwd"), QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 2);
    r = cli({QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), folder,
             QStringLiteral("--target-db"), cluster().url(QStringLiteral("-h evil"))});
    CHECK(r.exitCode == 2);
}

TEST_CASE("backup prune --dry-run lists exactly what backup prune then removes")
{
    test::IsolatedHome home;
    QTemporaryDir dir;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int days : {1, 2, 3, 10, 40, 70, 400})
        fakeBackup(dir.path(), QDateTime(now.date().addDays(-days), QTime(3, 0), Qt::UTC));
    const QStringList keep{QStringLiteral("--keep-daily"), QStringLiteral("2"), QStringLiteral("--keep-weekly"),
                           QStringLiteral("0"), QStringLiteral("--keep-monthly"), QStringLiteral("0"),
                           QStringLiteral("--keep-yearly"), QStringLiteral("0")};
    test::CliResult dry = cli(QStringList{QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("prune"), QStringLiteral("--dry-run"),
                              QStringLiteral("--from"), dir.path()}
                  + keep);
    REQUIRE(dry.exitCode == 0);
    QStringList planned;
    for (const QJsonValue &v : dry.json().array())
        if (v.toObject().value(QStringLiteral("action")).toString() == QLatin1String("remove"))
            planned << v.toObject().value(QStringLiteral("id")).toString();
    CHECK(planned.size() == 5);
    CHECK(QDir(dir.path()).entryList(QDir::Files).size() == 14);  // the dry run removed nothing

    test::CliResult pruned = cli(QStringList{QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("prune"),
                                 QStringLiteral("--from"), dir.path()}
                     + keep);
    REQUIRE(pruned.exitCode == 0);
    CHECK(pruned.json().array() == dry.json().array());
    test::CliResult left = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list"), QStringLiteral("--from"), dir.path()});
    REQUIRE(left.exitCode == 0);
    QStringList remaining;
    for (const QJsonValue &v : left.json().array())
        remaining << v.toObject().value(QStringLiteral("id")).toString();
    CHECK(remaining.size() == 2);
    for (const QString &id : planned)
        CHECK_FALSE(remaining.contains(id));
    test::CliResult audit = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    REQUIRE(audit.exitCode == 0);
    CHECK(audit.json().array().first().toObject().value(QStringLiteral("action")).toString() == QLatin1String("backup.prune"));
}

TEST_CASE("backup prune follows the profile's retention when no --keep flag is given")
{
    test::IsolatedHome home;
    {
        auto settings = Settings::atPath(home.configDir() + QStringLiteral("/OpsDeck/opsdeck.ini"));
        ProfileStore store(*settings);
        Profile p;
        p.name = QStringLiteral("ops");
        p.retention = RetentionSettings{3, 0, 0, 0};
        store.save(p);
        store.setDefaultProfileName(p.name);
    }
    QTemporaryDir dir;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int days : {1, 2, 3, 10, 40, 70, 400})
        fakeBackup(dir.path(), QDateTime(now.date().addDays(-days), QTime(3, 0), Qt::UTC));
    auto removals = [&](const QStringList &extra) {
        test::CliResult dry = cli(QStringList{QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("prune"),
                                  QStringLiteral("--dry-run"), QStringLiteral("--from"), dir.path()}
                      + extra);
        REQUIRE(dry.exitCode == 0);
        int n = 0;
        for (const QJsonValue &v : dry.json().array())
            n += v.toObject().value(QStringLiteral("action")).toString() == QLatin1String("remove") ? 1 : 0;
        return n;
    };
    CHECK(removals({}) == 4);  // the profile keeps 3 daily backups and nothing else
    CHECK(removals({QStringLiteral("--keep-daily"), QStringLiteral("5")}) == 2);  // a flag overrides it for one run
}

TEST_CASE("an encrypted backup is unreadable without its key and restores with it (B7)")
{
    test::IsolatedHome home;
    // Profiles of their own, so the keychain entries of this test meet no other test's.
    const QString suffix = QString::number(QDateTime::currentMSecsSinceEpoch());
    const QString withKey = QStringLiteral("enc-") + suffix;
    const QString withoutKey = QStringLiteral("nokey-") + suffix;
    {
        auto settings = Settings::atPath(home.configDir() + QStringLiteral("/OpsDeck/opsdeck.ini"));
        ProfileStore store(*settings);
        for (const QString &name : {withKey, withoutKey}) {
            Profile p;
            p.name = name;
            p.encryptBackups = true;
            store.save(p);
        }
        store.setDefaultProfileName(withKey);
    }
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("b"));
    auto backup = [&](const QStringList &args, const QList<std::pair<QString, QString>> &env = {}) {
        return cli(QStringList{QStringLiteral("backup")} + args, env);
    };

    // The profile asks for encryption and no key is set: nothing is written.
    test::CliResult r = backup({QStringLiteral("run"), QStringLiteral("--to"), folder});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains("no backup key is set"));
    CHECK(QDir(folder).entryList(QDir::Files).isEmpty());
    r = backup({QStringLiteral("key")});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("No backup key is set"));

    r = backup({QStringLiteral("key"), QStringLiteral("--generate")});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.contains("Keep a copy outside this machine"));
    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("key"), QStringLiteral("--show")});
    REQUIRE(r.exitCode == 0);
    const QString keyId = r.json().object().value(QStringLiteral("keyId")).toString();
    const QByteArray key = r.json().object().value(QStringLiteral("key")).toString().toLatin1();
    CHECK(keyId.size() == 16);
    CHECK(QByteArray::fromBase64(key).size() == 32);
    // Replacing the key would orphan its backups: refused without --yes, and the key stays.
    r = backup({QStringLiteral("key"), QStringLiteral("--generate")});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(keyId.toLatin1()));
    CHECK(cli({QStringLiteral("backup"), QStringLiteral("key")}).out.contains(keyId.toLatin1()));

    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder});
    REQUIRE(r.exitCode == 0);
    const QString id = r.json().object().value(QStringLiteral("id")).toString();
    QFile manifest(folder + QLatin1Char('/') + BackupManifest::manifestName(id));
    REQUIRE(manifest.open(QIODevice::ReadOnly));
    const auto m = BackupManifest::fromJson(manifest.readAll());
    REQUIRE(m.ok());
    CHECK(m->encryption == QStringLiteral("xchacha20poly1305-secretstream"));
    CHECK(m->keyId == keyId);
    CHECK(m->fileName.endsWith(QStringLiteral(".sql.gz.enc")));
    const QString dumpPath = folder + QLatin1Char('/') + m->fileName;
    QFile dump(dumpPath);
    REQUIRE(dump.open(QIODevice::ReadOnly));
    const QByteArray bytes = dump.readAll();
    dump.close();
    CHECK(bytes.startsWith(QByteArray("OPSDECK\x02", 8)));  // bound to its backup
    CHECK_FALSE(bytes.contains(QByteArray::fromHex("1f8b08")));  // no gzip stream in the clear
    CHECK(home.filesContaining(key).isEmpty());  // the key itself is never on disk
    for (const QString &name : QDir(folder).entryList(QDir::Files)) {
        QFile f(folder + QLatin1Char('/') + name);
        REQUIRE(f.open(QIODevice::ReadOnly));
        CHECK_FALSE(f.readAll().contains(key));
    }

    CHECK(backup({QStringLiteral("verify"), id, QStringLiteral("--from"), folder}).exitCode == 0);
    r = backup({QStringLiteral("restore"), id, QStringLiteral("--from"), folder, QStringLiteral("--target-db"),
                cluster().url(QStringLiteral("shop_decrypted")), QStringLiteral("--yes")});
    REQUIRE(r.exitCode == 0);
    CHECK(cluster().psql(QStringLiteral("SELECT count(*), sum(id) FROM items"), QStringLiteral("shop_decrypted")).trimmed()
          == "1000|500500");

    // Without the key, or with another one: a specific error, and the target is not even created.
    r = cli({QStringLiteral("--profile"), withoutKey, QStringLiteral("backup"), QStringLiteral("restore"), id,
             QStringLiteral("--from"), folder, QStringLiteral("--target-db"), cluster().url(QStringLiteral("shop_nokey2")),
             QStringLiteral("--yes")});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(QByteArray("This backup is encrypted (key " + keyId.toLatin1() + ")")));
    CHECK_FALSE(r.err.contains("gzip"));
    const QByteArray otherKey = QByteArray(32, 'k').toBase64();
    r = backup({QStringLiteral("restore"), id, QStringLiteral("--from"), folder, QStringLiteral("--target-db"),
                cluster().url(QStringLiteral("shop_wrongkey")), QStringLiteral("--yes")},
               {{QStringLiteral("OPSDECK_BACKUP_KEY"), QString::fromLatin1(otherKey)}});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains(QByteArray("encrypted with another key (" + keyId.toLatin1() + ")")));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname IN ('shop_nokey2', 'shop_wrongkey')"))
              .trimmed()
          == "0");
    r = cli({QStringLiteral("--profile"), withoutKey, QStringLiteral("backup"), QStringLiteral("verify"), id,
             QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 2);  // a missing key says nothing about the backup: it stays verified
    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list"), QStringLiteral("--from"), folder});
    CHECK(r.json().array().first().toObject().value(QStringLiteral("verified")).toBool());

    // One changed byte in the middle: refused as tampered, not as a gzip or SQL error.
    QByteArray tampered = bytes;
    tampered[tampered.size() / 2] = char(tampered[tampered.size() / 2] ^ 0x20);
    REQUIRE(dump.open(QIODevice::WriteOnly | QIODevice::Truncate));
    dump.write(tampered);
    dump.close();
    r = backup({QStringLiteral("verify"), id, QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 1);
    CHECK(QByteArray(r.out + r.err).contains("changed or damaged"));
    // Cut short: said so.
    REQUIRE(dump.open(QIODevice::WriteOnly | QIODevice::Truncate));
    dump.write(bytes.left(bytes.size() - 10));
    dump.close();
    r = backup({QStringLiteral("verify"), id, QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 1);
    INFO(r.out.toStdString() << r.err.toStdString());
    CHECK(QByteArray(r.out + r.err).contains("cut short"));
    // Replaced by a plain gzip file: never fed to psql.
    REQUIRE(dump.open(QIODevice::WriteOnly | QIODevice::Truncate));
    dump.write(QByteArray::fromHex("1f8b0800000000000003030000000000000000"));
    dump.close();
    r = backup({QStringLiteral("restore"), id, QStringLiteral("--from"), folder, QStringLiteral("--target-db"),
                cluster().url(QStringLiteral("shop_swapped")), QStringLiteral("--yes")});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("should be encrypted but its file is not"));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'shop_swapped'")).trimmed() == "0");
    // Without its manifest the encrypted file is still listed (and marked), never lost to the listing.
    REQUIRE(QFile::remove(folder + QLatin1Char('/') + BackupManifest::manifestName(id)));
    REQUIRE(dump.open(QIODevice::WriteOnly | QIODevice::Truncate));
    dump.write(bytes);
    dump.close();
    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list"), QStringLiteral("--from"), folder});
    REQUIRE(r.exitCode == 0);
    REQUIRE(r.json().array().size() == 1);
    CHECK(r.json().array().first().toObject().value(QStringLiteral("id")).toString() == id);
    CHECK(r.json().array().first().toObject().value(QStringLiteral("problem")).toString() == QStringLiteral("no manifest"));
}

TEST_CASE("backup drill: the restore test restores the newest verified backup into a scratch database (B4)")
{
    test::IsolatedHome home;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("drill"));
    QDir().mkpath(folder);
    auto drill = [&](const QStringList &extra = {}) {
        return cli(QStringList{QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("drill")} + extra);
    };
    // Never tested: amber, exit 1.
    test::CliResult r = drill({QStringLiteral("--status")});
    CHECK(r.exitCode == 1);
    CHECK(r.json().object().value(QStringLiteral("status")).toString() == QStringLiteral("amber"));
    // Nothing to restore: a failed test, red.
    r = drill({QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 1);
    CHECK(r.json().object().value(QStringLiteral("problems")).toArray().first().toString().contains(QStringLiteral("no verified backup")));
    CHECK(drill({QStringLiteral("--status")}).json().object().value(QStringLiteral("status")).toString() == QStringLiteral("red"));

    r = cli({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder});
    REQUIRE(r.exitCode == 0);
    const QString id = r.json().object().value(QStringLiteral("id")).toString();
    r = drill({QStringLiteral("--from"), folder});
    REQUIRE(r.exitCode == 0);
    const QJsonObject passed = r.json().object();
    CHECK(passed.value(QStringLiteral("ok")).toBool());
    CHECK(passed.value(QStringLiteral("backup")).toString() == id);
    CHECK(passed.value(QStringLiteral("tablesChecked")).toInt() >= 1);
    CHECK(passed.value(QStringLiteral("status")).toString() == QStringLiteral("green"));
    const QString scratch = passed.value(QStringLiteral("scratchDatabase")).toString();
    CHECK(scratch.startsWith(QStringLiteral("opsdeck_drill_")));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'opsdeck_drill_%'")).trimmed() == "0");
    r = cli({QStringLiteral("backup"), QStringLiteral("drill"), QStringLiteral("--status")});
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains("Restore test passed 0 d ago"));

    // The manifest promised a table the dump does not hold: the test fails, names it, and is red.
    QFile manifestFile(folder + QLatin1Char('/') + BackupManifest::manifestName(id));
    REQUIRE(manifestFile.open(QIODevice::ReadOnly));
    QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    manifestFile.close();
    QJsonObject tables = manifest.value(QStringLiteral("tables")).toObject();
    CHECK(tables.value(QStringLiteral("public.items")).toInteger() == 1000);
    tables.insert(QStringLiteral("public.ghost"), 5);
    manifest.insert(QStringLiteral("tables"), tables);
    REQUIRE(manifestFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifestFile.write(QJsonDocument(manifest).toJson());
    manifestFile.close();
    r = cli({QStringLiteral("backup"), QStringLiteral("drill"), QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 1);
    CHECK(r.out.contains("Restore test FAILED"));
    CHECK(r.out.contains("table public.ghost is missing"));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'opsdeck_drill_%'")).trimmed() == "0");
    r = drill({QStringLiteral("--status")});
    CHECK(r.exitCode == 1);
    CHECK(r.json().object().value(QStringLiteral("status")).toString() == QStringLiteral("red"));
}

namespace {

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(o).toJson());
}

} // namespace

TEST_CASE("with a backup key only signed backups are restored; an unsigned one only when allowed, and audited")
{
    test::IsolatedHome home;
    const QString profile = QStringLiteral("signed-") + QString::number(QDateTime::currentMSecsSinceEpoch());
    {
        auto settings = Settings::atPath(home.configDir() + QStringLiteral("/OpsDeck/opsdeck.ini"));
        ProfileStore store(*settings);
        Profile p;
        p.name = profile;
        p.encryptBackups = true;
        store.save(p);
        store.setDefaultProfileName(profile);
    }
    const QList<std::pair<QString, QString>> keyEnv{
        {QStringLiteral("OPSDECK_BACKUP_KEY"), QString::fromLatin1(QByteArray(32, 's').toBase64())}};
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("b"));
    auto run = [&](const QStringList &args) { return cli(args, keyEnv); };
    auto restore = [&](const QString &id, const QString &target, bool allow) {
        QStringList args{QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("restore"), id,
                         QStringLiteral("--from"), folder, QStringLiteral("--target-db"), cluster().url(target),
                         QStringLiteral("--yes")};
        if (allow)
            args << QStringLiteral("--allow-unsigned");
        return run(args);
    };
    auto exists = [](const QString &database) {
        return cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = '%1'").arg(database)).trimmed()
            == "1";
    };

    test::CliResult r = run({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder});
    REQUIRE(r.exitCode == 0);
    const QString older = r.json().object().value(QStringLiteral("id")).toString();
    QThread::sleep(1);  // backup ids have a resolution of one second
    r = run({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder});
    REQUIRE(r.exitCode == 0);
    const QString newer = r.json().object().value(QStringLiteral("id")).toString();
    REQUIRE(newer != older);
    const QString manifestPath = folder + QLatin1Char('/') + BackupManifest::manifestName(newer);
    const QJsonObject signedManifest = readJson(manifestPath);
    CHECK(signedManifest.value(QStringLiteral("mac")).toString().size() == 64);

    // A manifest edited by someone without the key (here: a table's row count) is refused outright.
    QJsonObject edited = signedManifest;
    edited.insert(QStringLiteral("tables"), QJsonObject{{QStringLiteral("public.items"), 5}});
    writeJson(manifestPath, edited);
    r = restore(newer, QStringLiteral("shop_edited"), true);
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("signature does not match"));
    CHECK_FALSE(exists(QStringLiteral("shop_edited")));
    r = run({QStringLiteral("backup"), QStringLiteral("verify"), newer, QStringLiteral("--from"), folder});
    CHECK(r.exitCode == 1);
    CHECK(QByteArray(r.out + r.err).contains("signature does not match"));

    // Unsigned (as backups made before signing are): refused, then restored when allowed, and audited so.
    QJsonObject unsignedManifest = signedManifest;
    unsignedManifest.remove(QStringLiteral("mac"));
    writeJson(manifestPath, unsignedManifest);
    r = restore(newer, QStringLiteral("shop_unsigned"), false);
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains("is not signed"));
    CHECK(r.err.contains("--allow-unsigned"));
    CHECK_FALSE(exists(QStringLiteral("shop_unsigned")));
    r = restore(newer, QStringLiteral("shop_unsigned"), true);
    REQUIRE(r.exitCode == 0);
    CHECK(r.json().object().value(QStringLiteral("unsigned")).toBool());
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM items"), QStringLiteral("shop_unsigned")).trimmed() == "1000");
    r = run({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("2")});
    REQUIRE(r.exitCode == 0);
    const QJsonArray entries = r.json().array();
    REQUIRE(entries.size() == 2);
    CHECK(entries.at(0).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("unsignedBackup")).toBool());
    CHECK(entries.at(1).toObject().value(QStringLiteral("details")).toObject().value(QStringLiteral("allowUnsigned")).toBool());

    // The older backup's file under the newer name, its checksum copied into the unsigned manifest: even
    // when unsigned backups are allowed, the file is bound to its own backup and nothing is restored.
    const QJsonObject olderManifest = readJson(folder + QLatin1Char('/') + BackupManifest::manifestName(older));
    REQUIRE(QFile::remove(folder + QLatin1Char('/') + signedManifest.value(QStringLiteral("file")).toString()));
    REQUIRE(QFile::copy(folder + QLatin1Char('/') + olderManifest.value(QStringLiteral("file")).toString(),
                        folder + QLatin1Char('/') + signedManifest.value(QStringLiteral("file")).toString()));
    unsignedManifest.insert(QStringLiteral("sha256"), olderManifest.value(QStringLiteral("sha256")));
    unsignedManifest.insert(QStringLiteral("sizeBytes"), olderManifest.value(QStringLiteral("sizeBytes")));
    writeJson(manifestPath, unsignedManifest);
    r = restore(newer, QStringLiteral("shop_swapped_old"), true);
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("belongs to another backup"));
}
