#include "httptest.h"

#include "core/clock.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace opsdeck::test {

std::shared_ptr<Outcome> watch(HttpReply *reply)
{
    auto outcome = std::make_shared<Outcome>();
    QObject::connect(reply, &HttpReply::finished, [outcome](const Result<HttpResponse> &r) {
        outcome->result = r;
        ++outcome->finishedCount;
    });
    QObject::connect(reply, &HttpReply::chunk, [outcome](const QByteArray &data) { outcome->chunks << data; });
    return outcome;
}

Result<HttpResponse> run(HttpClient &client, HttpRequest request, int timeoutMs)
{
    auto outcome = watch(client.send(std::move(request)));
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }, timeoutMs));
    return *outcome->result;
}

HttpRequest get(const QUrl &url)
{
    HttpRequest r;
    r.url = url;
    return r;
}

RawHttpAnswer hangingAnswer()
{
    RawHttpAnswer answer;
    answer.hang = true;
    return answer;
}

void idle(int ms) { waitUntil([] { return false; }, ms); }

void driveRetries(ManualClock &clock, const std::shared_ptr<Outcome> &outcome)
{
    for (int i = 0; i < 20 && !outcome->result; ++i) {
        waitUntil([&] { return outcome->result.has_value() || clock.pendingCount() >= 2; }, 3000);
        if (!outcome->result)
            clock.runNext();  // the earliest item is the retry, the deadline (10 min) comes last
    }
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }, 3000));
}

std::optional<TestCertificate> makeCertificate(const QString &commonName, const QString &start, const QString &end)
{
    QTemporaryDir dir;
    if (!dir.isValid() || QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return std::nullopt;
    QFile index(dir.filePath(QStringLiteral("index.txt")));
    QFile serial(dir.filePath(QStringLiteral("serial")));
    QFile config(dir.filePath(QStringLiteral("ca.cnf")));
    if (!index.open(QIODevice::WriteOnly) || !serial.open(QIODevice::WriteOnly) || !config.open(QIODevice::WriteOnly))
        return std::nullopt;
    serial.write("01\n");
    config.write("[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
                 "default_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n");
    index.close();
    serial.close();
    config.close();
    auto openssl = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(30'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    };
    QStringList validity{QStringLiteral("-days"), QStringLiteral("2")};
    if (!start.isEmpty())
        validity = QStringList{QStringLiteral("-startdate"), start, QStringLiteral("-enddate"), end};
    const bool made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                               QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                               QStringLiteral("-keyout"), QStringLiteral("key.pem"), QStringLiteral("-out"), QStringLiteral("csr.pem"),
                               QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName})
        && openssl(QStringList{QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), QStringLiteral("ca.cnf"),
                               QStringLiteral("-selfsign"), QStringLiteral("-keyfile"), QStringLiteral("key.pem"),
                               QStringLiteral("-in"), QStringLiteral("csr.pem"), QStringLiteral("-out"), QStringLiteral("cert.pem")}
                   + validity);
    if (!made)
        return std::nullopt;
    QFile cert(dir.filePath(QStringLiteral("cert.pem")));
    QFile key(dir.filePath(QStringLiteral("key.pem")));
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return std::nullopt;
    TestCertificate out{QSslCertificate(cert.readAll()), QSslKey(key.readAll(), QSsl::Ec)};
    if (out.certificate.isNull() || out.key.isNull())
        return std::nullopt;
    return out;
}

} // namespace opsdeck::test
