#include "npmregistry.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>

namespace opsdeck::test {

namespace {
// Verdaccio's node_modules, installed once per build folder. Empty when npm cannot get it.
QString verdaccioModules()
{
    static const QString dir = [] {
        const QString d = QStringLiteral(OPSDECK_BINARY_DIR "/verdaccio-modules");
        const QString ready = d + QStringLiteral("/.installed");
        if (QFile::exists(ready))
            return d;
        // Several test programs start at once under ctest -j: one installs, the others wait for it.
        QDir().mkpath(d);
        QLockFile lock(d + QStringLiteral(".lock"));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(900'000))
            return QString();
        if (QFile::exists(ready))
            return d;
        QProcess npm;
        npm.setWorkingDirectory(d);
        npm.start(QStringLiteral("npm"), {QStringLiteral("install"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                                          QStringLiteral("--prefix"), d, QStringLiteral("verdaccio@6.8.0")});
        npm.waitForFinished(600'000);
        if (npm.exitStatus() != QProcess::NormalExit || npm.exitCode() != 0)
            return QString();
        QFile marker(ready);
        marker.open(QIODevice::WriteOnly);
        return d;
    }();
    return dir;
}

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QByteArray httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body, int *status)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    waitUntil([reply] { return reply->isFinished(); }, 15'000);
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->readAll();
    reply->deleteLater();
    return data;
}
} // namespace

NpmRegistry::NpmRegistry() = default;

NpmRegistry::~NpmRegistry()
{
    if (m_server.state() != QProcess::NotRunning) {
        // Verdaccio leaves a process of its own behind: the whole group goes.
        if (const qint64 pid = m_server.processId(); pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

QString NpmRegistry::url() const { return QStringLiteral("http://127.0.0.1:%1/").arg(m_port); }
QString NpmRegistry::npmrc() const { return m_dir.filePath(QStringLiteral("npmrc")); }
QString NpmRegistry::cacheDir() const { return m_dir.filePath(QStringLiteral("npm-cache")); }

QProcessEnvironment NpmRegistry::env() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NPM_CONFIG_USERCONFIG"), npmrc());
    env.insert(QStringLiteral("npm_config_cache"), cacheDir());
    env.insert(QStringLiteral("npm_config_registry"), url());
    env.insert(QStringLiteral("npm_config_audit"), QStringLiteral("false"));
    env.insert(QStringLiteral("npm_config_fund"), QStringLiteral("false"));
    env.insert(QStringLiteral("npm_config_update_notifier"), QStringLiteral("false"));
    return env;
}

bool NpmRegistry::start()
{
    const QString modules = verdaccioModules();
    if (modules.isEmpty()) {
        m_error = QStringLiteral("npm could not install verdaccio@6.8.0");
        return false;
    }
    QFile config(m_dir.filePath(QStringLiteral("config.yaml")));
    if (!config.open(QIODevice::WriteOnly))
        return false;
    config.write("storage: ./storage\n"
                 "auth:\n  htpasswd:\n    file: ./htpasswd\n    max_users: 100\n"
                 "uplinks: {}\n"
                 "packages:\n  '**':\n    access: $all\n    publish: $authenticated\n"
                 "log: { type: stdout, format: pretty, level: warn }\n");
    config.close();
    m_port = freePort();
    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.setWorkingDirectory(m_dir.path());
    // A group of its own, killed whole; and gone with the test process even when a registry shared by a
    // whole test file is never destroyed (or the test crashes).
    m_server.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    m_server.start(QStringLiteral("node"), {modules + QStringLiteral("/node_modules/verdaccio/bin/verdaccio"), QStringLiteral("--config"),
                                            config.fileName(), QStringLiteral("--listen"),
                                            QStringLiteral("127.0.0.1:%1").arg(m_port)});
    if (!m_server.waitForStarted(10'000)) {
        m_error = QStringLiteral("node could not start Verdaccio");
        return false;
    }
    int status = 0;
    const bool up = waitUntil([&] {
        if (m_server.state() == QProcess::NotRunning)
            return true;
        httpRequest("GET", QUrl(url() + QStringLiteral("-/ping")), {}, &status);
        return status == 200;
    }, 60'000);
    if (!up || status != 200) {
        m_error = QStringLiteral("Verdaccio did not answer: ") + QString::fromUtf8(m_server.readAll());
        return false;
    }
    const QByteArray body = R"({"name":"opsdeck-test","password":"opsdeck-test-password-not-real"})";
    const QByteArray answer = httpRequest("PUT", QUrl(url() + QStringLiteral("-/user/org.couchdb.user:opsdeck-test")), body, &status);
    const QString token = QJsonDocument::fromJson(answer).object().value(QStringLiteral("token")).toString();
    if (status != 201 || token.isEmpty()) {
        m_error = QStringLiteral("Verdaccio refused the test user: ") + QString::fromUtf8(answer);
        return false;
    }
    QFile rc(npmrc());
    if (!rc.open(QIODevice::WriteOnly))
        return false;
    rc.write(QStringLiteral("registry=%1\n//127.0.0.1:%2/:_authToken=%3\n").arg(url()).arg(m_port).arg(token).toUtf8());
    return true;
}

std::pair<int, QByteArray> NpmRegistry::npm(const QStringList &args, const QString &dir) const
{
    QProcess p;
    p.setProcessEnvironment(env());
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("npm"), args);
    p.waitForFinished(300'000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAll()};
}

bool NpmRegistry::publish(const QString &name, const QString &version, const QString &extraPackageJson)
{
    const QString dir = m_dir.filePath(QStringLiteral("publish/%1-%2").arg(name, version));
    QDir().mkpath(dir);
    QJsonObject package{{QStringLiteral("name"), name}, {QStringLiteral("version"), version}, {QStringLiteral("main"), QStringLiteral("index.js")}};
    const QJsonObject extra = QJsonDocument::fromJson(extraPackageJson.toUtf8()).object();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        package.insert(it.key(), it.value());
    QFile pj(dir + QStringLiteral("/package.json"));
    QFile index(dir + QStringLiteral("/index.js"));
    if (!pj.open(QIODevice::WriteOnly) || !index.open(QIODevice::WriteOnly))
        return false;
    pj.write(QJsonDocument(package).toJson());
    index.write(QStringLiteral("module.exports = '%1';\n").arg(version).toUtf8());
    pj.close();
    index.close();
    // A prerelease goes out under its own dist-tag: "latest" stays the newest release.
    const QStringList args = version.contains(QLatin1Char('-'))
                                 ? QStringList{QStringLiteral("publish"), QStringLiteral("--tag"), QStringLiteral("next")}
                                 : QStringList{QStringLiteral("publish")};
    const auto [code, output] = npm(args, dir);
    if (code != 0)
        m_error = QString::fromUtf8(output);
    return code == 0;
}

std::pair<int, QByteArray> gitCli(const QStringList &args, const QString &dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("test@example.invalid"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("test@example.invalid"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("git"), args);
    p.waitForFinished(60'000);
    return {p.exitCode(), p.readAllStandardOutput()};
}

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

ShopProject makeShopProject(NpmRegistry &registry, const QString &parentDir)
{
    for (const char *v : {"1.0.0", "1.0.1", "1.1.0", "2.0.0", "2.1.0-beta.1"}) {
        const bool published = registry.publish(QStringLiteral("alpha-odt"), QString::fromLatin1(v));
        INFO(registry.error().toStdString());
        REQUIRE(published);
    }
    for (const char *v : {"0.3.0", "0.3.2", "0.4.0"})
        REQUIRE(registry.publish(QStringLiteral("beta-odt"), QString::fromLatin1(v)));
    for (const char *v : {"3.2.0", "3.2.1"})
        REQUIRE(registry.publish(QStringLiteral("gamma-odt"), QString::fromLatin1(v)));
    const QString remote = QDir(parentDir).filePath(QStringLiteral("remote.git"));
    const QString checkout = QDir(parentDir).filePath(QStringLiteral("shop"));
    REQUIRE(gitCli({QStringLiteral("init"), QStringLiteral("--bare"), QStringLiteral("-b"), QStringLiteral("main"), remote},
                         parentDir).first == 0);
    QDir().mkpath(checkout);
    // Installed at old versions, then the ranges a project usually has: the lockfile keeps the old ones.
    writeFile(checkout + QStringLiteral("/package.json"),
              R"({"name":"shop","version":"1.0.0","private":true,
                  "dependencies":{"alpha-odt":"1.0.0","gamma-odt":"3.2.0"},
                  "devDependencies":{"beta-odt":"0.3.0"},
                  "scripts":{"test":"node test.js","build":"node -e \"console.log('built')\""}})");
    // The project's test fails when alpha-odt 1.1.0 is installed (a medium update that breaks).
    writeFile(checkout + QStringLiteral("/test.js"),
              "const v = require('alpha-odt');\n"
              "console.log('alpha-odt', v);\n"
              "if (v === '1.1.0') { console.error('checkout total is wrong with alpha-odt 1.1.0'); process.exit(1); }\n");
    writeFile(checkout + QStringLiteral("/.gitignore"), "node_modules/\n");
    auto [code, out] = registry.npm({QStringLiteral("install")}, checkout);
    INFO(out.toStdString());
    REQUIRE(code == 0);
    QByteArray pj = readFile(checkout + QStringLiteral("/package.json"));
    pj.replace("\"alpha-odt\":\"1.0.0\"", "\"alpha-odt\":\"^1.0.0\"")
        .replace("\"gamma-odt\":\"3.2.0\"", "\"gamma-odt\":\"~3.2.0\"")
        .replace("\"beta-odt\":\"0.3.0\"", "\"beta-odt\":\"^0.3.0\"");
    writeFile(checkout + QStringLiteral("/package.json"), pj);
    std::tie(code, out) = registry.npm({QStringLiteral("install"), QStringLiteral("--package-lock-only")}, checkout);
    REQUIRE(code == 0);
    for (const QStringList &args : {QStringList{QStringLiteral("init"), QStringLiteral("-b"), QStringLiteral("main")},
                                    QStringList{QStringLiteral("add"), QStringLiteral(".")},
                                    QStringList{QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("shop")},
                                    QStringList{QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), remote},
                                    QStringList{QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("main")}})
        REQUIRE(gitCli(args, checkout).first == 0);
    return {remote, checkout};
}

} // namespace opsdeck::test
