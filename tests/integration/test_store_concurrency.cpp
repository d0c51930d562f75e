// Two OpsDeck processes (a GUI and a cron CLI, or two CLIs) write the same data file at once:
// nothing is lost, no "database is locked" reaches the user, and the audit chain stays one chain.
#include "core/clock.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {
constexpr int kPerWriter = 300;
}

// Run by the test below in child processes (hidden: not part of a normal run).
TEST_CASE("store writer", "[.writer]")
{
    const QString path = qEnvironmentVariable("OPSDECK_TEST_STORE");
    const QString name = qEnvironmentVariable("OPSDECK_TEST_WRITER");
    REQUIRE_FALSE(path.isEmpty());
    Store store(path);
    REQUIRE(store.open().ok());
    AuditLog audit(store, SystemClock::instance());
    for (int i = 0; i < kPerWriter; ++i) {
        const auto entry = audit.append(QStringLiteral("test.write"), name, QJsonObject{{QStringLiteral("i"), i}}, name);
        INFO((entry ? QString() : entry.error().toString()).toStdString());
        REQUIRE(entry.ok());
    }
}

TEST_CASE("two processes appending to the audit trail at once lose nothing and keep one verifiable chain")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        Store store(path);  // created and migrated once, as the first start would
        REQUIRE(store.open().ok());
    }
    QList<QProcess *> writers;
    for (const QString &name : {QStringLiteral("gui"), QStringLiteral("cron")}) {
        auto *p = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPSDECK_TEST_STORE"), path);
        env.insert(QStringLiteral("OPSDECK_TEST_WRITER"), name);
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QCoreApplication::applicationFilePath(), {QStringLiteral("[.writer]")});
        REQUIRE(p->waitForStarted());
        writers << p;
    }
    for (QProcess *p : std::as_const(writers)) {
        REQUIRE(p->waitForFinished(120'000));
        INFO(p->readAll().toStdString());
        CHECK(p->exitStatus() == QProcess::NormalExit);
        CHECK(p->exitCode() == 0);
        delete p;
    }

    Store store(path);
    REQUIRE(store.open().ok());
    AuditLog audit(store, SystemClock::instance());
    const AuditVerification verified = audit.verify();
    INFO(verified.problem.toStdString());
    CHECK(verified.ok);
    CHECK(verified.entries == 2 * kPerWriter);
    const auto entries = audit.list(10 * kPerWriter);
    REQUIRE(entries.ok());
    QSet<QString> seen;
    for (const AuditEntry &e : entries.value())
        seen.insert(e.target + QLatin1Char('/') + QString::number(e.details.value(QStringLiteral("i")).toInt()));
    CHECK(seen.size() == 2 * kPerWriter);  // every write of both, none twice
}
