#include "loganalyzer.h"

#include "logchunkreader.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QThreadPool>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace opsdeck {

namespace {

// Parsing threads, separate from the global pool that runs the coordinating task.
QThreadPool &parsePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        p->setExpiryTimeout(30'000);
        return p;
    }();
    return *pool;
}

struct OpenFile {
    QString path;
    int fd = -1;
    qint64 size = 0;
};

class FileSet
{
public:
    ~FileSet()
    {
        for (const OpenFile &f : m_files)
            ::close(f.fd);
    }
    Status open(const QStringList &paths)
    {
        for (const QString &path : paths) {
            const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return makeError(ErrorKind::Io, LogAnalyzer::tr("Cannot open %1.").arg(path),
                                 QString::fromLocal8Bit(std::strerror(errno)));
            struct stat st {};
            if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                ::close(fd);
                return makeError(ErrorKind::Io, LogAnalyzer::tr("%1 is not a regular file.").arg(path));
            }
            m_files.push_back(OpenFile{path, fd, qint64(st.st_size)});
        }
        return {};
    }
    const std::vector<OpenFile> &files() const { return m_files; }

private:
    std::vector<OpenFile> m_files;
};

} // namespace

Result<LogAnalysis> LogAnalyzer::analyze(const LogAnalysisRequest &request, const Progress &progress)
{
    if (request.files.isEmpty())
        return makeError(ErrorKind::Config, tr("No log file to analyse."));
    const Result<AccessLogFormat> format = AccessLogFormat::fromSpec(request.format);
    if (!format)
        return format.error();
    FileSet set;
    if (Status opened = set.open(request.files); !opened)
        return opened.error();
    qint64 total = 0;
    for (const OpenFile &f : set.files())
        total += f.size;

    ReadRun run;
    run.format = &format.value();
    run.pool = &parsePool();
    run.threads = request.threads > 0 ? request.threads : run.pool->maxThreadCount();
    run.chunkBytes = request.chunkBytes;
    run.poll = [&run, &progress, total] {
        if (progress && !progress(run.bytesDone.load(), total))
            run.cancelled = true;
    };
    for (const OpenFile &f : set.files()) {
        if (run.cancelled)
            break;
        const Status read = LogChunkReader::isGzip(f.fd) ? LogChunkReader::readGzip(run, f.fd, f.size, f.path)
                                                         : LogChunkReader::readPlain(run, f.fd, f.size, f.path);
        if (!read)
            return read.error();
    }
    run.poll();
    if (run.cancelled)
        return makeError(ErrorKind::Cancelled, tr("The analysis was cancelled."));
    run.merger.drain();
    LogAnalysis analysis = summarizeLogStats(run.merger.total(), request.topIps, request.topPaths);
    analysis.files = request.files;
    analysis.format = format->name();
    analysis.warnings = run.warnings();
    if (analysis.overlongLines > 0)
        analysis.warnings << tr("%n line(s) longer than %1 MiB were counted as malformed.", nullptr, int(analysis.overlongLines))
                                 .arg(LogStats::kMaxLineBytes >> 20);
    if (analysis.untrackedIpRequests > 0)
        analysis.warnings << tr("Too many distinct IPs: %1 requests from IPs past the first %2 are not in the IP figures.")
                                 .arg(analysis.untrackedIpRequests)
                                 .arg(analysis.distinctIps);
    return analysis;
}

Job<LogAnalysis> *LogAnalyzer::start(const LogAnalysisRequest &request, QObject *parent)
{
    return Job<LogAnalysis>::run(
        QThreadPool::globalInstance(),
        [request](JobChannel &channel) {
            return analyze(request, [&channel](qint64 done, qint64 total) {
                channel.progress(QStringLiteral("scan"), done, total);
                return !channel.isCancelled();
            });
        },
        parent);
}

} // namespace opsdeck
