#include "clirunner.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QProcessEnvironment>

namespace opsdeck::test {

CliRunner::CliRunner() : m_ownHome(std::in_place)
{
    REQUIRE(m_ownHome->isValid());
    m_home = m_ownHome->path();
}

CliRunner::CliRunner(const QString &home) : m_home(home) { REQUIRE_FALSE(m_home.isEmpty()); }

void CliRunner::setEnv(const QString &name, const QString &value)
{
    m_unset.remove(name);
    m_set.insert(name, value);
}

void CliRunner::unsetEnv(const QString &name)
{
    m_set.remove(name);
    m_unset.insert(name);
}

void CliRunner::unsetEnv(std::initializer_list<const char *> names)
{
    for (const char *name : names)
        unsetEnv(QString::fromLatin1(name));
}

QProcessEnvironment CliRunner::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), homePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), homePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), homePath(QStringLiteral("cache")));
    for (const QString &name : m_unset)
        env.remove(name);
    for (auto it = m_set.cbegin(); it != m_set.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

std::unique_ptr<QProcess> CliRunner::start(const QStringList &args) const
{
    auto p = std::make_unique<QProcess>();
    p->setProcessEnvironment(environment());
    p->setStandardOutputFile(QProcess::nullDevice());
    p->setStandardErrorFile(QProcess::nullDevice());
    p->start(cliPath(), args);
    REQUIRE(p->waitForStarted());
    p->closeWriteChannel();
    return p;
}

CliResult CliRunner::run(const QStringList &args, const QByteArray &stdinData) const
{
    const QProcessEnvironment env = environment();
    const std::string command = "opsdeck-cli " + args.join(QLatin1Char(' ')).toStdString();
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(cliPath(), args);
    INFO(command);
    REQUIRE(p.waitForStarted());
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    const bool finished = waitUntil([&p] { return p.state() == QProcess::NotRunning; }, m_timeoutMs);
    if (!finished) {
        p.kill();
        p.waitForFinished(5'000);
    }
    CliResult r{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    INFO("stderr: " << r.err.toStdString());
    REQUIRE(finished);
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    UNSCOPED_INFO(command << " -> " << r.exitCode << "\n" << r.err.toStdString());
    return r;
}

} // namespace opsdeck::test
