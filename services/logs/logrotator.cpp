#include "logs/logrotator.h"

#include "logs/atomicgzip.h"
#include "logs/openfiles.h"
#include "store/auditlog.h"

#include <QDir>
#include <QHash>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace opsdeck {

namespace {

QString sysError(int err) { return QString::fromLocal8Bit(std::strerror(err)); }

qint64 mtimeMs(const struct stat &st) { return qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000; }

RotationCandidate::Kind kindOf(mode_t mode)
{
    if (S_ISLNK(mode))
        return RotationCandidate::Kind::Symlink;
    if (S_ISDIR(mode))
        return RotationCandidate::Kind::Directory;
    return S_ISREG(mode) ? RotationCandidate::Kind::Regular : RotationCandidate::Kind::Other;
}

bool openForWriting(const RotationItem &item)
{
    const FileId id{item.device, item.inode};
    return filesOpenForWriting({id}).count(id) > 0;
}

bool unchanged(int dirfd, const RotationItem &item)
{
    struct stat st {};
    return ::fstatat(dirfd, QFile::encodeName(item.file).constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)
        && quint64(st.st_dev) == item.device && quint64(st.st_ino) == item.inode && qint64(st.st_size) == item.size
        && mtimeMs(st) == item.mtimeMs && st.st_nlink == 1;
}

} // namespace

Result<QList<RotationCandidate>> LogRotator::scan(const QString &folder, const RotationPolicy &policy,
                                                  QString *canonicalFolder)
{
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    if (canonical.isEmpty() || !QFileInfo(canonical).isDir())
        return makeError(ErrorKind::Config, tr("The log folder %1 does not exist.").arg(folder));
    if (canonicalFolder)
        *canonicalFolder = canonical;
    DIR *dir = ::opendir(QFile::encodeName(canonical).constData());
    if (!dir)
        return makeError(ErrorKind::Io, tr("Cannot read the log folder %1.").arg(canonical), sysError(errno));
    const int dfd = ::dirfd(dir);
    QList<RotationCandidate> out;
    std::set<FileId> regular;
    errno = 0;
    while (const dirent *e = ::readdir(dir)) {
        const QString name = QFile::decodeName(e->d_name);
        if (name == QLatin1String(".") || name == QLatin1String("..") || !RotationPlanner::isInScope(name, policy))
            continue;
        struct stat st {};
        if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;  // removed meanwhile
        RotationCandidate c;
        c.name = name;
        c.kind = kindOf(st.st_mode);
        c.size = qint64(st.st_size);
        c.mtimeMs = mtimeMs(st);
        c.links = quint64(st.st_nlink);
        c.device = quint64(st.st_dev);
        c.inode = quint64(st.st_ino);
        if (c.kind == RotationCandidate::Kind::Symlink) {
            const QFileInfo link(canonical + QLatin1Char('/') + name);
            c.linkTarget = link.symLinkTarget();
            const QString resolved = link.canonicalFilePath();
            c.linkLeavesFolder = resolved.isEmpty() || !resolved.startsWith(canonical + QLatin1Char('/'));
        } else if (c.kind == RotationCandidate::Kind::Regular) {
            struct stat archive {};
            c.archiveExists = ::fstatat(dfd, QFile::encodeName(name + QStringLiteral(".gz")).constData(), &archive,
                                        AT_SYMLINK_NOFOLLOW) == 0;
            if (c.archiveExists && RotationPlanner::isInScope(name, policy) && !RotationPlanner::isTempName(name, policy))
                c.archiveHoldsIt = AtomicGzip::archiveHolds(dfd, name);
            if (RotationPlanner::isTempName(name, policy))
                c.abandonedTemp = AtomicGzip::isAbandonedTemp(dfd, name);
            regular.insert({c.device, c.inode});
        }
        out << c;
    }
    ::closedir(dir);
    const std::set<FileId> writing = filesOpenForWriting(regular);
    for (RotationCandidate &c : out)
        c.openForWriting = writing.count({c.device, c.inode}) > 0;
    return out;
}

Result<RotationPlan> LogRotator::preview(const QString &folder, const RotationPolicy &policy, const QDateTime &now)
{
    QString canonical;
    const auto candidates = scan(folder, policy, &canonical);
    if (!candidates)
        return candidates.error();
    return RotationPlanner::plan(canonical, candidates.value(), policy, now);
}

RotationReport LogRotator::run(const RotationPlan &plan)
{
    RotationReport report;
    report.folder = plan.folder;
    const int dirfd = ::open(QFile::encodeName(plan.folder).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int openError = errno;
    // Leftovers of killed compressions go first: the compression of their log then starts clean.
    QList<RotationItem> order = plan.items;
    std::stable_partition(order.begin(), order.end(), [](const RotationItem &item) {
        return item.action == RotationAction::Delete && item.file.endsWith(QLatin1String(".gz.tmp"));
    });
    QHash<QString, RotationOutcome> outcomes;
    for (const RotationItem &item : order) {
        RotationOutcome o{item, false, {}};
        if (item.action == RotationAction::Keep) {
            ++report.kept;
        } else if (item.action == RotationAction::Skip) {
            ++report.skipped;
        } else if (dirfd < 0) {
            o.error = tr("Cannot open the folder: %1").arg(sysError(openError));
        } else if (item.action == RotationAction::Compress) {
            const ExpectedFile expected{item.device, item.inode, item.size, item.mtimeMs};
            const Result<qint64> size = openForWriting(item)
                ? Result<qint64>(makeError(ErrorKind::Conflict, tr("%1 is now open for writing: left alone.").arg(item.file)))
                : AtomicGzip::compress(dirfd, item.file, expected, [&item] { return !openForWriting(item); });
            if (size) {
                o.done = true;
                ++report.compressed;
                report.bytesFreed += item.size - size.value();
            } else {
                o.error = size.error().message + (size.error().detail.isEmpty() ? QString() : QStringLiteral(" (") + size.error().detail + QLatin1Char(')'));
            }
        } else if (!unchanged(dirfd, item) || openForWriting(item)) {
            o.error = tr("%1 changed since the preview: left alone.").arg(item.file);
        } else if (::unlinkat(dirfd, QFile::encodeName(item.file).constData(), 0) != 0) {
            o.error = tr("Could not delete %1: %2").arg(item.file, sysError(errno));
        } else {
            o.done = true;
            ++report.deleted;
            report.bytesFreed += item.size;
        }
        if (!o.error.isEmpty())
            ++report.failed;
        outcomes.insert(item.file, o);
    }
    for (const RotationItem &item : plan.items)  // reported in the plan's order
        report.outcomes << outcomes.value(item.file);
    if (dirfd >= 0) {
        ::fsync(dirfd);
        ::close(dirfd);
    }
    return report;
}

QJsonObject LogRotator::auditDetails(const RotationReport &report)
{
    QJsonArray failures;
    for (const RotationOutcome &o : report.outcomes)
        if (!o.error.isEmpty())
            failures.append(QJsonObject{{QStringLiteral("file"), o.item.file}, {QStringLiteral("error"), o.error}});
    return QJsonObject{{QStringLiteral("compressed"), report.compressed}, {QStringLiteral("deleted"), report.deleted},
                       {QStringLiteral("kept"), report.kept},           {QStringLiteral("skipped"), report.skipped},
                       {QStringLiteral("failed"), report.failed},       {QStringLiteral("bytesFreed"), report.bytesFreed},
                       {QStringLiteral("failures"), failures}};
}

Status LogRotator::recordAudit(AuditLog &audit, const RotationReport &report)
{
    const auto entry = audit.append(QStringLiteral("logs.rotate"), report.folder, auditDetails(report));
    if (!entry)
        return entry.error();
    return {};
}

QJsonArray LogRotator::planToJson(const RotationPlan &plan)
{
    QJsonArray rows;
    for (const RotationItem &i : plan.items)
        rows.append(QJsonObject{{QStringLiteral("file"), i.file},
                                {QStringLiteral("action"), RotationPlanner::actionName(i.action)},
                                {QStringLiteral("reason"), i.reason},
                                {QStringLiteral("ageMs"), i.ageMs},
                                {QStringLiteral("sizeBytes"), i.size}});
    return rows;
}

QJsonArray LogRotator::reportToJson(const RotationReport &report)
{
    QJsonArray rows;
    for (const RotationOutcome &o : report.outcomes) {
        QJsonObject row{{QStringLiteral("file"), o.item.file},
                        {QStringLiteral("action"), RotationPlanner::actionName(o.item.action)},
                        {QStringLiteral("reason"), o.item.reason},
                        {QStringLiteral("ageMs"), o.item.ageMs},
                        {QStringLiteral("sizeBytes"), o.item.size},
                        {QStringLiteral("done"), o.done}};
        if (!o.error.isEmpty())
            row.insert(QStringLiteral("error"), o.error);
        rows.append(row);
    }
    return rows;
}

} // namespace opsdeck
