#include "deps/npm.h"

#include "core/text.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <memory>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("Npm", s); }

constexpr int kTailLines = 40;

OutdatedPackage readRow(const QString &name, const QJsonObject &o)
{
    OutdatedPackage p;
    p.name = sanitizeForDisplay(name);
    p.current = sanitizeForDisplay(o.value(QLatin1String("current")).toString());
    p.wanted = sanitizeForDisplay(o.value(QLatin1String("wanted")).toString());
    p.latest = sanitizeForDisplay(o.value(QLatin1String("latest")).toString());
    p.dependencyType = sanitizeForDisplay(o.value(QLatin1String("type")).toString());
    p.location = sanitizeForDisplay(o.value(QLatin1String("location")).toString());
    p.updateType = semverDiff(p.current, p.latest);
    p.risk = updateRisk(p.current, p.latest);
    return p;
}
} // namespace

Result<QList<OutdatedPackage>> parseNpmOutdated(const QByteArray &json)
{
    const QByteArray trimmed = json.trimmed();
    if (trimmed.isEmpty())
        return QList<OutdatedPackage>();  // npm prints nothing when everything is current
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorKind::BadResponse, tr("npm outdated did not print JSON: %1 at byte %2")
                                                     .arg(error.errorString())
                                                     .arg(error.offset));
    if (!doc.isObject())
        return makeError(ErrorKind::BadResponse, tr("npm outdated printed JSON that is not an object"));
    const QJsonObject root = doc.object();
    if (root.contains(QLatin1String("error")) && root.value(QLatin1String("error")).isObject()) {
        const QJsonObject e = root.value(QLatin1String("error")).toObject();
        return makeError(ErrorKind::External, tr("npm outdated failed: %1")
                                                  .arg(sanitizeForDisplay(e.value(QLatin1String("summary")).toString()).left(300)));
    }
    QList<OutdatedPackage> out;
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.value().isObject()) {
            out << readRow(it.key(), it.value().toObject());
        } else if (it.value().isArray()) {
            for (const QJsonValue &v : it.value().toArray()) {
                if (!v.isObject())
                    return makeError(ErrorKind::BadResponse, tr("npm outdated: an entry of %1 is not an object").arg(it.key()));
                out << readRow(it.key(), v.toObject());
            }
        } else {
            return makeError(ErrorKind::BadResponse, tr("npm outdated: %1 is not an object").arg(sanitizeForDisplay(it.key())));
        }
    }
    std::sort(out.begin(), out.end(), [](const OutdatedPackage &a, const OutdatedPackage &b) { return a.name < b.name; });
    return out;
}

std::optional<QString> targetVersion(const QString &current, const QString &latest, const QStringList &published,
                                     UpdateRisk level)
{
    const auto from = SemVer::parse(current);
    const auto top = SemVer::parse(latest);
    if (!from || !top)
        return std::nullopt;
    std::optional<SemVer> best;
    for (const QString &text : published) {
        const auto v = SemVer::parse(text);
        if (!v || v->isPrerelease() || v->compare(*from) <= 0 || v->compare(*top) > 0)
            continue;
        if (int(updateRisk(current, v->toString())) > int(level))
            continue;
        if (!best || v->compare(*best) > 0)
            best = v;
    }
    if (!best)
        return std::nullopt;
    return best->toString();
}

Job<ToolRun> *runTool(const QString &program, const QStringList &args, const QString &dir, const QProcessEnvironment &env,
                      bool captureStdout, std::function<void(const QString &line)> onLine, qint64 timeoutMs, QObject *owner)
{
    auto *job = new Job<ToolRun>(owner);
    const QString path = QStandardPaths::findExecutable(program, env.value(QStringLiteral("PATH")).split(QLatin1Char(':')));
    if (path.isEmpty()) {
        job->finish(makeError(ErrorKind::Config, tr("%1 was not found on PATH: install Node.js and npm (Debian: apt install nodejs npm)")
                                                     .arg(program)));
        return job;
    }
    auto *process = new QProcess(job);
    process->setProgram(path);
    process->setArguments(args);
    process->setWorkingDirectory(dir);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(captureStdout ? QProcess::SeparateChannels : QProcess::MergedChannels);
    struct State {
        ToolRun run;
        QByteArray partial;
        bool timedOut = false;
    };
    auto state = std::make_shared<State>();
    const auto emitLines = [state, onLine](QByteArray data, bool flush) {
        state->partial += data;
        qsizetype nl;
        while ((nl = state->partial.indexOf('\n')) >= 0 || (flush && !state->partial.isEmpty())) {
            const QByteArray raw = nl >= 0 ? state->partial.left(nl) : state->partial;
            state->partial.remove(0, nl >= 0 ? nl + 1 : state->partial.size());
            const QString line = sanitizeForDisplay(QString::fromUtf8(raw).trimmed());
            state->run.tail << line;
            if (state->run.tail.size() > kTailLines)
                state->run.tail.removeFirst();
            if (onLine)
                onLine(line);
        }
    };
    QObject::connect(process, &QProcess::readyReadStandardOutput, job, [process, state, emitLines, captureStdout] {
        if (captureStdout)
            state->run.stdoutData += process->readAllStandardOutput();
        else
            emitLines(process->readAllStandardOutput(), false);
    });
    QObject::connect(process, &QProcess::readyReadStandardError, job,
                     [process, emitLines] { emitLines(process->readAllStandardError(), false); });
    QObject::connect(process, &QProcess::finished, job, [job, process, state, emitLines, captureStdout, program](int code, QProcess::ExitStatus status) {
        if (captureStdout)
            state->run.stdoutData += process->readAllStandardOutput();
        else
            emitLines(process->readAllStandardOutput(), false);
        emitLines(captureStdout ? process->readAllStandardError() : QByteArray(), true);
        if (state->timedOut)
            return job->finish(makeError(ErrorKind::Timeout, tr("%1 took too long and was stopped").arg(program)));
        if (status == QProcess::CrashExit)
            return job->finish(makeError(ErrorKind::External, tr("%1 crashed").arg(program)));
        state->run.exitCode = code;
        job->finish(state->run);
    });
    QObject::connect(process, &QProcess::errorOccurred, job, [job, program](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            job->finish(makeError(ErrorKind::Config, tr("%1 could not be started").arg(program)));
    });
    if (timeoutMs > 0) {
        QTimer::singleShot(timeoutMs, process, [process, state] {
            state->timedOut = true;
            process->kill();
        });
    }
    job->setAbort([process = QPointer<QProcess>(process)] {
        if (process && process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(2000);
        }
    });
    process->start();
    return job;
}

Result<QJsonObject> readPackageJson(const QString &dir)
{
    QFile f(QDir(dir).filePath(QStringLiteral("package.json")));
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Config, tr("%1 has no package.json: choose the project's folder").arg(dir));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(4 * 1024 * 1024), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorKind::BadResponse, tr("%1/package.json is not a JSON object").arg(dir));
    return doc.object();
}

} // namespace opsdeck
