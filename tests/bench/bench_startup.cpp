// Startup and daily-checklist benchmark (issue 4): runs `opsdeck --demo` N times on the offscreen
// platform with OPSDECK_BENCH=1 and reports the median of: process start to first painted window,
// the whole Daily checklist refreshed against the sandbox, the longest GUI-thread stall during that
// refresh, and resident memory. Targets: < 400 ms, < 1.5 s, < 50 ms, < 150 MB.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString gui = qEnvironmentVariable("OPSDECK_GUI", QStringLiteral(OPSDECK_BINARY_DIR "/app/opsdeck"));
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
    QHash<QString, QList<double>> figures;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OPSDECK_BENCH"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        QProcess p;
        p.setProcessEnvironment(env);
        QElapsedTimer wall;
        wall.start();
        p.start(gui, {QStringLiteral("--demo")});
        if (!p.waitForStarted()) {
            std::fprintf(stderr, "cannot start %s\n", qPrintable(gui));
            return 2;
        }
        QByteArray out;
        while (p.state() != QProcess::NotRunning || p.bytesAvailable()) {
            p.waitForReadyRead(100);
            while (p.canReadLine()) {
                const QByteArray line = p.readLine().trimmed();
                out += line + '\n';
                const QList<QByteArray> parts = line.split(' ');
                if (parts.size() == 2)
                    figures[QString::fromLatin1(parts[0])].append(parts[1].toDouble());
                if (parts.value(0) == "first-paint-ms")
                    figures[QStringLiteral("process-to-first-paint-ms")].append(double(wall.elapsed()));
            }
            if (wall.elapsed() > 60000) {
                p.kill();
                break;
            }
        }
        p.waitForFinished();
    }
    auto median = [](QList<double> v) {
        std::sort(v.begin(), v.end());
        return v.isEmpty() ? -1.0 : v[v.size() / 2];
    };
    std::printf("opsdeck --demo, %d runs, offscreen (median):\n", runs);
    const std::pair<const char *, double> targets[] = {{"process-to-first-paint-ms", 400},
                                                       {"first-paint-ms", 400},
                                                       {"checklist-refresh-ms", 1500},
                                                       {"max-gui-stall-ms", 50},
                                                       {"rss-kib", 150 * 1024}};
    bool ok = true;
    for (const auto &[name, target] : targets) {
        const double m = median(figures.value(QString::fromLatin1(name)));
        const bool met = m >= 0 && m < target;
        ok = ok && met;
        std::printf("  %-28s %10.0f   target < %.0f   %s\n", name, m, target, met ? "ok" : "MISSED");
    }
    return ok ? 0 : 1;
}
