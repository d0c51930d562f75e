// Log rotation: the pure planner's age rules, refusals, copy-verify-swap
// compression, idempotence, a live writer during the run, disk full, and the audit entry.
#include "core/clock.h"
#include "logs/logrotator.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <sys/file.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <zlib.h>

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace opsdeck;

namespace {

constexpr qint64 kDay = 86'400'000;
const QDateTime kNow(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

void write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    REQUIRE(f.write(data) == data.size());
}

void setMtime(const QString &path, const QDateTime &when)
{
    struct timespec t[2];
    t[0].tv_sec = t[1].tv_sec = time_t(when.toSecsSinceEpoch());
    t[0].tv_nsec = t[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), t, AT_SYMLINK_NOFOLLOW) == 0);
}

void aged(const QString &path, qint64 ageMs, const QByteArray &data = "line\n", const QDateTime &now = kNow)
{
    write(path, data);
    setMtime(path, now.addMSecs(-ageMs));
}

QByteArray gunzip(const QString &path)
{
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    REQUIRE(gz);
    QByteArray out;
    char buf[65536];
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0)
        out.append(buf, n);
    REQUIRE(n == 0);
    gzclose(gz);
    return out;
}

std::map<QString, RotationItem> byFile(const RotationPlan &plan)
{
    std::map<QString, RotationItem> m;
    for (const RotationItem &i : plan.items)
        m[i.file] = i;
    return m;
}

// Name → (size, mtime) of everything in the folder.
std::map<QString, std::pair<qint64, qint64>> listing(const QString &dir)
{
    std::map<QString, std::pair<qint64, qint64>> m;
    for (const QFileInfo &fi : QDir(dir).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System))
        m[fi.fileName()] = {fi.size(), fi.lastModified().toMSecsSinceEpoch()};
    return m;
}

RotationCandidate candidate(const QString &name, qint64 ageMs)
{
    RotationCandidate c;
    c.name = name;
    c.mtimeMs = kNow.toMSecsSinceEpoch() - ageMs;
    c.inode = qHash(name);
    return c;
}

} // namespace

TEST_CASE("age boundaries with an injected clock: 7 d - 1 s stays, 7 d + 1 s compresses; same at 90 d")
{
    const QList<RotationCandidate> files{candidate(QStringLiteral("a.log"), 7 * kDay - 1000),
                                        candidate(QStringLiteral("b.log"), 7 * kDay + 1000),
                                        candidate(QStringLiteral("c.log"), 7 * kDay),
                                        candidate(QStringLiteral("d.log.gz"), 90 * kDay - 1000),
                                        candidate(QStringLiteral("e.log.gz"), 90 * kDay + 1000),
                                        candidate(QStringLiteral("f.log"), -1000),
                                        candidate(QStringLiteral("notes.txt"), 400 * kDay)};
    ManualClock clock(kNow);
    const RotationPlan plan = RotationPlanner::plan(QStringLiteral("/var/log/web"), files, RotationPolicy{}, clock.nowUtc());
    auto m = byFile(plan);
    CHECK(m.size() == 6);  // notes.txt is not a log
    CHECK(m[QStringLiteral("a.log")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("b.log")].action == RotationAction::Compress);
    CHECK(m[QStringLiteral("c.log")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("d.log.gz")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("e.log.gz")].action == RotationAction::Delete);
    CHECK(m[QStringLiteral("f.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("f.log")].reason.contains(QStringLiteral("future")));

    // The same instants in a zone with a DST change between them give the same plan.
    const QByteArray oldTz = qgetenv("TZ");
    qputenv("TZ", "Europe/Berlin");
    ::tzset();
    const QDateTime localNow = QDateTime(QDate(2026, 10, 25), QTime(12, 0), Qt::LocalTime);  // DST ended at 03:00
    QList<RotationCandidate> shifted = files;
    for (RotationCandidate &c : shifted)
        c.mtimeMs += localNow.toMSecsSinceEpoch() - kNow.toMSecsSinceEpoch();
    const RotationPlan local = RotationPlanner::plan(QStringLiteral("/var/log/web"), shifted, RotationPolicy{}, localNow);
    if (oldTz.isNull())
        qunsetenv("TZ");
    else
        qputenv("TZ", oldTz);
    ::tzset();
    REQUIRE(local.items.size() == plan.items.size());
    for (qsizetype i = 0; i < plan.items.size(); ++i)
        CHECK(local.items[i].action == plan.items[i].action);
}

TEST_CASE("symlinks, hard links, folders and paths outside the folder are refused; future files reported")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    aged(d + QStringLiteral("/old.log"), 30 * kDay);
    aged(d + QStringLiteral("/real.log"), 2 * kDay);
    REQUIRE(QFile::link(QStringLiteral("/etc/hostname"), d + QStringLiteral("/outside.log")));
    REQUIRE(QFile::link(d + QStringLiteral("/real.log"), d + QStringLiteral("/inside.log")));
    aged(d + QStringLiteral("/linked.log"), 30 * kDay);
    REQUIRE(::link(QFile::encodeName(d + QStringLiteral("/linked.log")).constData(),
                   QFile::encodeName(d + QStringLiteral("/linked-too.log")).constData()) == 0);
    REQUIRE(QDir(d).mkdir(QStringLiteral("dir.log")));
    setMtime(d + QStringLiteral("/dir.log"), kNow.addDays(-30));
    aged(d + QStringLiteral("/future.log"), -kDay);

    const auto plan = LogRotator::preview(d, RotationPolicy{}, kNow);
    REQUIRE(plan.ok());
    auto m = byFile(*plan);
    CHECK(m[QStringLiteral("old.log")].action == RotationAction::Compress);
    CHECK(m[QStringLiteral("real.log")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("outside.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("outside.log")].reason.contains(QStringLiteral("outside the folder")));
    CHECK(m[QStringLiteral("inside.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("linked.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("linked-too.log")].reason.contains(QStringLiteral("hard links")));
    CHECK(m[QStringLiteral("dir.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("future.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("future.log")].reason.contains(QStringLiteral("future")));

    const QByteArray hostname = [] {
        QFile f(QStringLiteral("/etc/hostname"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const RotationReport report = LogRotator::run(*plan);
    CHECK(report.ok());
    CHECK(report.compressed == 1);
    CHECK(QFileInfo(d + QStringLiteral("/outside.log")).isSymLink());
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/outside.log.gz")));
    QFile host(QStringLiteral("/etc/hostname"));
    if (host.open(QIODevice::ReadOnly))
        CHECK(host.readAll() == hostname);
    CHECK(QFileInfo::exists(d + QStringLiteral("/linked.log")));
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/old.log")));
    CHECK(QFileInfo::exists(d + QStringLiteral("/old.log.gz")));
    CHECK_FALSE(LogRotator::preview(d + QStringLiteral("/missing"), RotationPolicy{}, kNow).ok());
}

TEST_CASE("a run does exactly what the preview listed, archives verify, and a second run does nothing")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    QByteArray big;
    for (int i = 0; i < 50'000; ++i)
        big += "10.0.0." + QByteArray::number(i % 250) + " - - [x] \"GET /" + QByteArray::number(i) + "\" 200 1\n";
    aged(d + QStringLiteral("/access-1.log"), 8 * kDay, big);
    aged(d + QStringLiteral("/access-2.log"), 20 * kDay, "two\n");
    aged(d + QStringLiteral("/access-3.log"), 40 * kDay, "");
    aged(d + QStringLiteral("/today.log"), kDay, "today\n");
    aged(d + QStringLiteral("/active.log"), 5 * 60'000, "active\n");
    aged(d + QStringLiteral("/ancient.log.gz"), 100 * kDay, "gz");
    aged(d + QStringLiteral("/recent.log.gz"), 30 * kDay, "gz");
    aged(d + QStringLiteral("/crashed.log.gz.tmp"), kDay, "partial");
    aged(d + QStringLiteral("/notes.txt"), 300 * kDay, "keep me");

    ManualClock clock(kNow);
    const auto plan = LogRotator::preview(d, RotationPolicy{}, clock.nowUtc());
    REQUIRE(plan.ok());
    auto m = byFile(*plan);
    CHECK(m.count(QStringLiteral("notes.txt")) == 0);
    CHECK(m[QStringLiteral("access-1.log")].action == RotationAction::Compress);
    CHECK(m[QStringLiteral("access-2.log")].action == RotationAction::Compress);
    CHECK(m[QStringLiteral("access-3.log")].action == RotationAction::Compress);
    CHECK(m[QStringLiteral("today.log")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("active.log")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("ancient.log.gz")].action == RotationAction::Delete);
    CHECK(m[QStringLiteral("recent.log.gz")].action == RotationAction::Keep);
    CHECK(m[QStringLiteral("crashed.log.gz.tmp")].action == RotationAction::Delete);

    const RotationReport report = LogRotator::run(*plan);
    CHECK(report.ok());
    CHECK(report.compressed == plan->count(RotationAction::Compress));
    CHECK(report.deleted == plan->count(RotationAction::Delete));
    for (const RotationOutcome &o : report.outcomes) {
        INFO(o.item.file.toStdString());
        const QString path = d + QLatin1Char('/') + o.item.file;
        if (o.item.action == RotationAction::Compress) {
            CHECK(o.done);
            CHECK_FALSE(QFileInfo::exists(path));
            CHECK_FALSE(QFileInfo::exists(path + QStringLiteral(".gz.tmp")));
            CHECK(QFileInfo(path + QStringLiteral(".gz")).lastModified().toMSecsSinceEpoch() == o.item.mtimeMs);
        } else if (o.item.action == RotationAction::Delete) {
            CHECK_FALSE(QFileInfo::exists(path));
        } else {
            CHECK(QFileInfo::exists(path));
        }
    }
    CHECK(gunzip(d + QStringLiteral("/access-1.log.gz")) == big);
    CHECK(gunzip(d + QStringLiteral("/access-2.log.gz")) == "two\n");
    CHECK(gunzip(d + QStringLiteral("/access-3.log.gz")).isEmpty());
    CHECK(report.bytesFreed > big.size() / 2);

    // Idempotent: at the same clock, nothing is left to do and nothing changes.
    const auto before = listing(d);
    const auto again = LogRotator::preview(d, RotationPolicy{}, clock.nowUtc());
    REQUIRE(again.ok());
    CHECK(again->count(RotationAction::Compress) == 0);
    CHECK(again->count(RotationAction::Delete) == 0);
    const RotationReport second = LogRotator::run(*again);
    CHECK(second.compressed == 0);
    CHECK(second.deleted == 0);
    CHECK(listing(d) == before);
}

TEST_CASE("a live writer appending a numbered line every 10 ms never loses or duplicates a line")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QByteArray filler;
    for (int i = 0; i < 60'000; ++i)
        filler += "filler line " + QByteArray::number(i) + " with some text to compress\n";
    for (int i = 1; i <= 4; ++i)
        aged(d + QStringLiteral("/filler-%1.log").arg(i), 30 * kDay, filler, now);
    QByteArray held, reopened;
    for (int i = 0; i < 1000; ++i) {
        held += "held " + QByteArray::number(i) + "\n";
        reopened += "reopen " + QByteArray::number(i) + "\n";
    }
    aged(d + QStringLiteral("/held.log"), 30 * kDay, held, now);
    aged(d + QStringLiteral("/reopen.log"), 30 * kDay, reopened, now);

    std::atomic<bool> stop{false}, go{false}, opened{false};
    std::atomic<int> heldNext{1000}, reopenNext{1000};
    // Writer 1 keeps its file open (like nginx); writer 2 opens, appends and closes every time.
    std::thread holder([&] {
        const int fd = ::open(QFile::encodeName(d + QStringLiteral("/held.log")).constData(), O_WRONLY | O_APPEND);
        opened = true;
        while (!stop) {
            if (go) {
                const QByteArray line = "held " + QByteArray::number(heldNext.load()) + "\n";
                if (::write(fd, line.constData(), size_t(line.size())) == line.size())
                    ++heldNext;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::close(fd);
    });
    REQUIRE(test::waitUntil([&] { return opened.load(); }));
    // Planned while the held file is open (but still old) and the other has no writer yet.
    const auto plan = LogRotator::preview(d, RotationPolicy{}, now);
    REQUIRE(plan.ok());
    auto m = byFile(*plan);
    CHECK(m[QStringLiteral("held.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("held.log")].reason.contains(QStringLiteral("open for writing")));
    CHECK(m[QStringLiteral("reopen.log")].action == RotationAction::Compress);
    go = true;

    std::thread reopener([&] {
        while (!stop) {
            const int fd = ::open(QFile::encodeName(d + QStringLiteral("/reopen.log")).constData(),
                                  O_WRONLY | O_APPEND | O_CREAT, 0644);
            const QByteArray line = "reopen " + QByteArray::number(reopenNext.load()) + "\n";
            if (fd >= 0 && ::write(fd, line.constData(), size_t(line.size())) == line.size())
                ++reopenNext;
            if (fd >= 0)
                ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    REQUIRE(test::waitUntil([&] { return reopenNext > 1002; }));
    const RotationReport report = LogRotator::run(*plan);
    REQUIRE(test::waitUntil([&] { return reopenNext > 1010 && heldNext > 1010; }));
    stop = true;
    holder.join();
    reopener.join();

    CHECK(report.compressed >= 4);  // the fillers
    QMap<QByteArray, int> seen;
    for (const QFileInfo &fi : QDir(d).entryInfoList(QDir::Files)) {
        const QByteArray content = fi.fileName().endsWith(QStringLiteral(".gz")) ? gunzip(fi.filePath()) : [&fi] {
            QFile f(fi.filePath());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        for (const QByteArray &line : content.split('\n'))
            if (line.startsWith("held ") || line.startsWith("reopen "))
                ++seen[line];
    }
    for (int i = 0; i < heldNext; ++i) {
        INFO("held " << i);
        CHECK(seen.value("held " + QByteArray::number(i)) == 1);
    }
    for (int i = 0; i < reopenNext; ++i) {
        INFO("reopen " << i);
        CHECK(seen.value("reopen " + QByteArray::number(i)) == 1);
    }
}

TEST_CASE("disk full: the original is kept, the temporary file removed, the failure reported")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    QByteArray noise(2 << 20, '\0');
    uint32_t x = 12345;
    for (char &c : noise) {
        x = x * 1664525u + 1013904223u;
        c = char(x >> 24);  // incompressible
    }
    aged(d + QStringLiteral("/big.log"), 30 * kDay, noise);
    const auto plan = LogRotator::preview(d, RotationPolicy{}, kNow);
    REQUIRE(plan.ok());
    REQUIRE(plan->count(RotationAction::Compress) == 1);

    // A file-size limit makes every write past 64 KiB fail (EFBIG), like a full disk.
    struct rlimit old {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 64 * 1024;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const RotationReport report = LogRotator::run(*plan);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);

    CHECK_FALSE(report.ok());
    CHECK(report.failed == 1);
    REQUIRE(report.outcomes.size() == 1);
    CHECK(report.outcomes.first().error.contains(QStringLiteral("disk full")));
    QFile original(d + QStringLiteral("/big.log"));
    REQUIRE(original.open(QIODevice::ReadOnly));
    CHECK(original.readAll() == noise);
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/big.log.gz")));
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/big.log.gz.tmp")));
}

TEST_CASE("an existing archive is never overwritten; temporary files in use are left alone")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    aged(d + QStringLiteral("/x.log"), 30 * kDay, "new content\n");
    aged(d + QStringLiteral("/x.log.gz"), 30 * kDay, "older archive");
    aged(d + QStringLiteral("/y.log.gz.tmp"), 60'000, "being written");
    {
        // Held (flock) as a running compression holds it: left alone.
        QFile held(d + QStringLiteral("/y.log.gz.tmp"));
        REQUIRE(held.open(QIODevice::ReadOnly));
        REQUIRE(::flock(held.handle(), LOCK_EX | LOCK_NB) == 0);
        const auto plan = LogRotator::preview(d, RotationPolicy{}, kNow);
        REQUIRE(plan.ok());
        CHECK(byFile(*plan)[QStringLiteral("y.log.gz.tmp")].action == RotationAction::Skip);
    }
    // Nobody holds it: the leftover of a killed compression, removed at once whatever its age.
    const auto plan = LogRotator::preview(d, RotationPolicy{}, kNow);
    REQUIRE(plan.ok());
    auto m = byFile(*plan);
    CHECK(m[QStringLiteral("x.log")].action == RotationAction::Skip);
    CHECK(m[QStringLiteral("x.log")].reason.contains(QStringLiteral("already exists")));
    CHECK(m[QStringLiteral("y.log.gz.tmp")].action == RotationAction::Delete);
    const RotationReport report = LogRotator::run(*plan);
    CHECK(report.compressed == 0);
    QFile archive(d + QStringLiteral("/x.log.gz"));
    REQUIRE(archive.open(QIODevice::ReadOnly));
    CHECK(archive.readAll() == "older archive");

    // A file that changed after the preview is left alone (the run re-checks before acting).
    aged(d + QStringLiteral("/z.log"), 30 * kDay, "z\n");
    const auto plan2 = LogRotator::preview(d, RotationPolicy{}, kNow);
    REQUIRE(plan2.ok());
    aged(d + QStringLiteral("/z.log"), 30 * kDay, "z grew\n");
    const RotationReport changed = LogRotator::run(*plan2);
    CHECK(changed.failed == 1);
    CHECK(QFileInfo::exists(d + QStringLiteral("/z.log")));
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/z.log.gz")));
}

TEST_CASE("one audit entry per run, with the counts")
{
    QTemporaryDir dir;
    const QString d = dir.filePath(QStringLiteral("logs"));
    REQUIRE(QDir().mkpath(d));
    aged(d + QStringLiteral("/a.log"), 30 * kDay);
    aged(d + QStringLiteral("/b.log.gz"), 100 * kDay);
    aged(d + QStringLiteral("/c.log"), kDay);
    Store store(dir.filePath(QStringLiteral("opsdeck.db")));
    REQUIRE(store.open().ok());
    ManualClock clock(kNow);
    AuditLog audit(store, clock);
    const auto plan = LogRotator::preview(d, RotationPolicy{}, clock.nowUtc());
    REQUIRE(plan.ok());
    const RotationReport report = LogRotator::run(*plan);
    REQUIRE(LogRotator::recordAudit(audit, report).ok());
    const auto entries = audit.list();
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    const AuditEntry &e = entries->first();
    CHECK(e.action == QStringLiteral("logs.rotate"));
    CHECK(e.target == QFileInfo(d).canonicalFilePath());
    CHECK(e.details.value(QStringLiteral("compressed")).toInt() == 1);
    CHECK(e.details.value(QStringLiteral("deleted")).toInt() == 1);
    CHECK(e.details.value(QStringLiteral("kept")).toInt() == 1);
    CHECK(e.details.value(QStringLiteral("failed")).toInt() == 0);
    CHECK(audit.verify().ok);
}

TEST_CASE("a run killed between the swap and the removal is finished: the original goes when the archive holds it")
{
    QTemporaryDir dir;
    const QString d = dir.path();
    const QByteArray content = "GET /health 200\n";
    aged(d + QStringLiteral("/w.log"), 30 * kDay, content);
    QProcess gzip;
    gzip.setStandardOutputFile(d + QStringLiteral("/w.log.gz"));
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c"), d + QStringLiteral("/w.log")});
    REQUIRE(gzip.waitForFinished());
    const auto plan = LogRotator::preview(d, RotationPolicy{}, kNow);
    REQUIRE(plan.ok());
    const RotationItem item = byFile(*plan)[QStringLiteral("w.log")];
    CHECK(item.action == RotationAction::Delete);
    CHECK(item.reason.contains(QStringLiteral("interrupted")));
    LogRotator::run(*plan);
    CHECK_FALSE(QFileInfo::exists(d + QStringLiteral("/w.log")));
    CHECK(QFileInfo::exists(d + QStringLiteral("/w.log.gz")));
}
