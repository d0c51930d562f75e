#include "logs/apploganalyzer.h"

#include "core/text.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace opsdeck {

namespace {

class LineClassifier
{
public:
    LineClassifier(const AppLogRequest &request, AppLogAnalysis &out)
        : m_keyword(request.keyword.toUtf8()), m_re(request.pattern), m_out(out)
    {
        m_typeGroup = m_re.namedCaptureGroups().indexOf(QStringLiteral("type"));
        if (m_typeGroup < 0)
            m_typeGroup = m_re.captureCount() >= 1 ? 1 : 0;
    }
    bool valid() const { return m_re.isValid(); }

    void line(const char *b, const char *e)
    {
        ++m_out.lines;
        if (e > b && e[-1] == '\r')
            --e;
        const qsizetype n = qsizetype(e - b);
        if (!m_keyword.isEmpty()
            && (n < m_keyword.size() || !memmem(b, size_t(n), m_keyword.constData(), size_t(m_keyword.size()))))
            return;
        const QString text = QString::fromUtf8(b, n);  // invalid UTF-8 becomes U+FFFD
        const QRegularExpressionMatch m = m_re.match(text);
        if (!m.hasMatch())
            return;
        ++m_out.errorLines;
        QString type = m.captured(m_typeGroup);
        type = sanitizeForDisplay(type).left(120);
        if (type.isEmpty())
            type = QStringLiteral("(unclassified)");
        auto it = m_index.constFind(type);
        if (it == m_index.constEnd()) {
            it = m_index.insert(type, m_types.size());
            m_types << AppErrorType{type, 0, sanitizeForDisplay(text).left(300)};
        }
        ++m_types[*it].count;
    }

    void finish()
    {
        std::sort(m_types.begin(), m_types.end(), [](const AppErrorType &a, const AppErrorType &b) {
            return a.count != b.count ? a.count > b.count : a.type < b.type;
        });
        m_out.byType = m_types;
    }

private:
    QByteArray m_keyword;
    QRegularExpression m_re;
    int m_typeGroup = 0;
    AppLogAnalysis &m_out;
    QHash<QString, qsizetype> m_index;
    QList<AppErrorType> m_types;
};

} // namespace

Result<AppLogAnalysis> AppLogAnalyzer::analyze(const AppLogRequest &request, const std::function<bool()> &keepGoing)
{
    AppLogAnalysis out;
    out.files = request.files;
    LineClassifier classify(request, out);
    if (!classify.valid())
        return makeError(ErrorKind::Config, tr("The error pattern is not a valid regular expression."), request.pattern);
    constexpr qsizetype block = 1 << 20;
    const auto buf = std::make_unique_for_overwrite<char[]>(size_t(block + kMaxLineBytes + 1));
    for (const QString &path : request.files) {
        const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return makeError(ErrorKind::Io, tr("Cannot open %1.").arg(path), QString::fromLocal8Bit(std::strerror(errno)));
        gzFile gz = gzdopen(fd, "rb");  // reads plain files as they are, gzip files decompressed
        if (!gz) {
            ::close(fd);
            return makeError(ErrorKind::Io, tr("Cannot open %1.").arg(path));
        }
        gzbuffer(gz, 256 * 1024);
        qsizetype fill = 0;
        bool skipping = false;
        for (;;) {
            if (keepGoing && !keepGoing()) {
                gzclose(gz);
                return makeError(ErrorKind::Cancelled, tr("The analysis was cancelled."));
            }
            const int r = gzread(gz, buf.get() + fill, unsigned(block));
            if (r < 0) {
                out.warnings << tr("%1 could not be read to its end (damaged or truncated).").arg(path);
                break;
            }
            if (r == 0)
                break;
            const char *p = buf.get();
            const char *end = buf.get() + fill + r;
            const char *scanFrom = buf.get() + fill;
            while (const char *nl = static_cast<const char *>(std::memchr(scanFrom, '\n', size_t(end - scanFrom)))) {
                if (skipping)
                    skipping = false;  // the rest of an overlong line
                else
                    classify.line(p, nl);
                p = nl + 1;
                scanFrom = p;
            }
            fill = qsizetype(end - p);
            if (fill > kMaxLineBytes) {  // an endless line: count it once, drop it
                if (!skipping)
                    ++out.lines;
                skipping = true;
                fill = 0;
            } else {
                std::memmove(buf.get(), p, size_t(fill));
            }
        }
        if (fill > 0 && !skipping)
            classify.line(buf.get(), buf.get() + fill);
        gzclose(gz);
    }
    classify.finish();
    return out;
}

QJsonObject appLogAnalysisToJson(const AppLogAnalysis &a)
{
    QJsonArray types;
    for (const AppErrorType &t : a.byType)
        types.append(QJsonObject{{QStringLiteral("type"), t.type},
                                 {QStringLiteral("count"), qint64(t.count)},
                                 {QStringLiteral("sample"), t.sample}});
    return QJsonObject{{QStringLiteral("files"), QJsonArray::fromStringList(a.files)},
                       {QStringLiteral("lines"), qint64(a.lines)},
                       {QStringLiteral("errorLines"), qint64(a.errorLines)},
                       {QStringLiteral("byType"), types},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(a.warnings)}};
}

} // namespace opsdeck
