#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

namespace opsdeck::test {

bool waitUntil(const std::function<bool()> &pred, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!pred()) {
        if (deadline.hasExpired())
            return pred();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (!pred())
            QThread::msleep(1);
    }
    return true;
}

QString fixturePath(const QString &relativePath)
{
    return QStringLiteral(OPSDECK_FIXTURES_DIR) + QLatin1Char('/') + relativePath;
}

QByteArray fixture(const QString &relativePath)
{
    QFile f(fixturePath(relativePath));
    INFO("fixture " << relativePath.toStdString());
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

IsolatedHome::IsolatedHome()
    : m_oldConfig(qgetenv("XDG_CONFIG_HOME")), m_oldData(qgetenv("XDG_DATA_HOME")),
      m_oldCache(qgetenv("XDG_CACHE_HOME")), m_oldHome(qgetenv("HOME"))
{
    REQUIRE(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("config"));
    QDir(m_dir.path()).mkpath(QStringLiteral("data"));
    QDir(m_dir.path()).mkpath(QStringLiteral("cache"));
    qputenv("XDG_CONFIG_HOME", configDir().toUtf8());
    qputenv("XDG_DATA_HOME", dataDir().toUtf8());
    qputenv("XDG_CACHE_HOME", (m_dir.path() + QStringLiteral("/cache")).toUtf8());
    qputenv("HOME", m_dir.path().toUtf8());
    QStandardPaths::setTestModeEnabled(false);
}

IsolatedHome::~IsolatedHome()
{
    auto restore = [](const char *name, const QByteArray &value) {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    };
    restore("XDG_CONFIG_HOME", m_oldConfig);
    restore("XDG_DATA_HOME", m_oldData);
    restore("XDG_CACHE_HOME", m_oldCache);
    restore("HOME", m_oldHome);
}

QString IsolatedHome::configDir() const { return m_dir.path() + QStringLiteral("/config"); }
QString IsolatedHome::dataDir() const { return m_dir.path() + QStringLiteral("/data"); }

QStringList IsolatedHome::filesContaining(const QByteArray &needle) const
{
    return test::filesContaining(m_dir.path(), needle);
}

QStringList filesContaining(const QString &dir, const QByteArray &needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            hits << path;
    }
    return hits;
}

void checkModel(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::Fatal, model);
}

QString cliPath() { return qEnvironmentVariable("OPSDECK_CLI", QStringLiteral(OPSDECK_BINARY_DIR "/app/opsdeck-cli")); }
QString guiPath() { return qEnvironmentVariable("OPSDECK_GUI", QStringLiteral(OPSDECK_BINARY_DIR "/app/opsdeck")); }

QStringList tenChecklistItems()
{
    return {QStringLiteral("daily.health"),      QStringLiteral("daily.errors"),      QStringLiteral("daily.api-usage"),
            QStringLiteral("daily.workflows"),   QStringLiteral("daily.deployments"), QStringLiteral("daily.alerts"),
            QStringLiteral("daily.quick-fixes"), QStringLiteral("weekly.backup"),     QStringLiteral("weekly.retention"),
            QStringLiteral("weekly.restore-test")};
}

} // namespace opsdeck::test
