// Access-log analysis speed, side by side on one generated file (issue 7):
//   wc -l (reading the file), the runbook's awk|sort|uniq pipelines, and OpsDeck's engine, in-process
//   and end to end through `opsdeck-cli logs analyze --json`.
// Usage: bench_logs [SIZE_MB (default 1024)] [FILE (default /tmp/opsdeck-bench-access.log)]
// The file is generated once (seeded) and reused while its size matches.
#include "logs/loganalyzer.h"
#include "logs/loggenerator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace opsdeck;

namespace {

QTextStream out(stdout);

// Best of `runs` wall-clock times in seconds; stdout of the last run in *output.
double timeProcess(const QString &program, const QStringList &args, int runs, QByteArray *output = nullptr)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        QElapsedTimer t;
        t.start();
        p.start(program, args);
        if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit) {
            out << "  " << program << " failed: " << p.errorString() << Qt::endl;
            return -1;
        }
        best = std::min(best, double(t.nsecsElapsed()) / 1e9);
        const QByteArray o = p.readAllStandardOutput();
        if (output)
            *output = o;
    }
    return best;
}

// The runbook's pipelines (shared/seed/maintenance-runbook.md, "Audit access logs", "Performance review"),
// with the log's last field standing in for $request_time, which awk does not know.
double shell(const QString &pipeline, const QString &file, int runs, QByteArray *output = nullptr)
{
    QString cmd = pipeline;
    cmd.replace(QStringLiteral("FILE"), file);
    return timeProcess(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), cmd}, runs, output);
}

void row(const QString &name, double seconds, double ours)
{
    out << "  " << name.leftJustified(52) << QString::number(seconds, 'f', 3).rightJustified(8) << " s";
    if (ours > 0 && seconds > 0)
        out << "   " << QString::number(seconds / ours, 'f', 1).rightJustified(6) << "x ours";
    out << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 sizeMb = args.size() > 1 ? args[1].toLongLong() : 1024;
    const QString file = args.size() > 2 ? args[2] : QStringLiteral("/tmp/opsdeck-bench-access.log");
    const qint64 bytes = sizeMb << 20;
    if (QFileInfo(file).size() < bytes || QFileInfo(file).size() > bytes + (1 << 20)) {
        out << "Generating " << sizeMb << " MiB of combined + request-time log into " << file << " ..." << Qt::endl;
        AccessLogSpec spec;
        spec.seed = 2026;
        spec.bytes = bytes;
        spec.ipPool = 50'000;
        spec.meanGapMs = 100;
        spec.hostileShare = 0.001;
        QElapsedTimer t;
        t.start();
        if (const Status s = AccessLogGenerator::writeFile(file, spec); !s) {
            out << s.error().toString() << Qt::endl;
            return 1;
        }
        out << "  done in " << QString::number(double(t.elapsed()) / 1000.0, 'f', 1) << " s" << Qt::endl;
    }
    const int runs = 3;
    out << "File " << file << ": " << QFileInfo(file).size() / (1 << 20) << " MiB; " << QThread::idealThreadCount()
        << " cores; best of " << runs << " runs, warm page cache" << Qt::endl;
    shell(QStringLiteral("cat FILE > /dev/null"), file, 1);  // warm the cache

    // Ours, in-process.
    LogAnalysisRequest request;
    request.files = {file};
    double engine = 1e9;
    quint64 requests = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        const auto r = LogAnalyzer::analyze(request);
        engine = std::min(engine, double(t.nsecsElapsed()) / 1e9);
        if (!r) {
            out << r.error().toString() << Qt::endl;
            return 1;
        }
        requests = r->requests;
    }
    QByteArray cliJson;
    const double cli = timeProcess(qEnvironmentVariable("OPSDECK_CLI", QStringLiteral(OPSDECK_BINARY_DIR "/app/opsdeck-cli")), {QStringLiteral("logs"), QStringLiteral("analyze"), QStringLiteral("--json"), file},
                                   runs, &cliJson);
    const double wc = timeProcess(QStringLiteral("wc"), {QStringLiteral("-l"), file}, runs);
    const QString top20 = QStringLiteral("awk '{print $1}' FILE | sort | uniq -c | sort -nr | head -20");
    const double awkTop = shell(top20, file, 1);
    const double grepAuth = shell(QStringLiteral("grep \"401\\|403\" FILE | wc -l"), file, 1);
    const double awkMean = shell(QStringLiteral("awk '{sum+=$NF; count++} END {print sum/count}' FILE"), file, 1);
    const double awkP95 = shell(QStringLiteral("awk '{print $NF}' FILE | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.95)]}'"), file, 1);
    const double runbook = awkTop + grepAuth + awkMean + awkP95;
    // GoAccess (Debian's goaccess), the usual dedicated analyser, on the same file with the same format:
    // combined plus the request time in seconds. It takes minutes on 1 GB; OPSDECK_BENCH_GOACCESS=0 skips it.
    double goaccess = -1;
    const QString goaccessExe = QStandardPaths::findExecutable(QStringLiteral("goaccess"));
    if (!goaccessExe.isEmpty() && qEnvironmentVariable("OPSDECK_BENCH_GOACCESS") != QLatin1String("0")) {
        QTemporaryDir scratch;
        goaccess = timeProcess(goaccessExe,
                               {file, QStringLiteral("--log-format=%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\" %T"),
                                QStringLiteral("--date-format=%d/%b/%Y"), QStringLiteral("--time-format=%T"),
                                QStringLiteral("--no-progress"), QStringLiteral("-o"), scratch.filePath(QStringLiteral("report.json"))},
                               1);
    }

    out << "\n  " << QStringLiteral("what").leftJustified(52) << "    time" << Qt::endl;
    row(QStringLiteral("wc -l"), wc, 0);
    row(QStringLiteral("OpsDeck engine, in-process (all figures)"), engine, 0);
    row(QStringLiteral("opsdeck-cli logs analyze --json (end to end)"), cli, 0);
    row(QStringLiteral("runbook top-20 IPs: awk | sort | uniq -c | sort -nr"), awkTop, cli);
    row(QStringLiteral("runbook grep \"401\\|403\" | wc -l"), grepAuth, cli);
    row(QStringLiteral("runbook awk mean"), awkMean, cli);
    row(QStringLiteral("runbook awk | sort -n P95"), awkP95, cli);
    row(QStringLiteral("runbook pipelines together (same figures)"), runbook, cli);
    if (goaccess > 0)
        row(QStringLiteral("goaccess (JSON report)"), goaccess, cli);
    out << "\n  opsdeck-cli / wc -l: " << QString::number(cli / wc, 'f', 2) << "x (goal: at most 4x); engine / wc -l: "
        << QString::number(engine / wc, 'f', 2) << "x" << Qt::endl;
    if (goaccess > 0)
        out << "  goaccess / opsdeck-cli: " << QString::number(goaccess / cli, 'f', 0) << "x (goal: at least 100x)" << Qt::endl;
    out << "  top-20 pipeline / opsdeck-cli: " << QString::number(awkTop / cli, 'f', 1)
        << "x (goal: at least 8x); all pipelines / opsdeck-cli: " << QString::number(runbook / cli, 'f', 1) << "x" << Qt::endl;
    const QJsonObject doc = QJsonDocument::fromJson(cliJson).object();
    out << "  requests: engine " << requests << ", CLI " << qint64(doc.value(QStringLiteral("requests")).toDouble())
        << "; p95 " << doc.value(QStringLiteral("latencyMs")).toObject().value(QStringLiteral("p95")).toDouble() << " ms" << Qt::endl;
    return 0;
}
