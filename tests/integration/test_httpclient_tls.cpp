// HttpClient TLS against local TLS servers with throw-away certificates (openssl): failures are hard
// errors that name the reason, and a CA bundle trusts a private CA with verification left on.
#include "core/clock.h"
#include "net/httpclient.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("TLS failures are hard errors that name the reason", "[http][tls]")
{
    if (!QSslSocket::supportsSsl()) {
        WARN("no TLS backend: skipped");
        return;
    }
    QString commonName = QStringLiteral("127.0.0.1");
    QString start;
    QString end;
    QString expected;
    SECTION("self-signed for another host")
    {
        commonName = QStringLiteral("wrong-host.invalid");
        expected = QStringLiteral("self-signed");
    }
    SECTION("expired")
    {
        start = QStringLiteral("20200101000000Z");
        end = QStringLiteral("20200102000000Z");
        expected = QStringLiteral("expired");
    }
    const auto cert = makeCertificate(commonName, start, end);
    if (!cert) {
        WARN("openssl CLI unavailable: skipped");
        return;
    }
    QSslServer server;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert->certificate);
    config.setPrivateKey(cert->key);
    server.setSslConfiguration(config);
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));

    HttpClient client;
    HttpRequest req = get(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(server.serverPort())));
    req.authHeaders = {{"Authorization", "Bearer test-token-not-real"}};
    const auto result = run(client, req);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Network);
    INFO(result.error().toString().toStdString());
    CHECK(result.error().message.startsWith(QStringLiteral("TLS error: ")));
    CHECK(result.error().message.contains(expected, Qt::CaseInsensitive));
}

TEST_CASE("a CA bundle makes a private CA trusted, verification stays on", "[http][tls]")
{
    REQUIRE(QSslSocket::supportsSsl());
    const auto cert = makeCertificate(QStringLiteral("127.0.0.1"));
    REQUIRE(cert.has_value());
    QSslServer server;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert->certificate);
    config.setPrivateKey(cert->key);
    server.setSslConfiguration(config);
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntrusted");
                socket->disconnectFromHost();
            });
        }
    });
    const QUrl url(QStringLiteral("https://127.0.0.1:%1/").arg(server.serverPort()));

    HttpClient plain;
    const auto refused = run(plain, get(url));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.startsWith(QStringLiteral("TLS error: ")));

    QTemporaryDir dir;
    const QString bundle = dir.filePath(QStringLiteral("company-ca.pem"));
    QFile pem(bundle);
    REQUIRE(pem.open(QIODevice::WriteOnly));
    pem.write(cert->certificate.toPem());
    pem.close();
    HttpClient withCa;
    REQUIRE(withCa.addCaCertificates(bundle).ok());
    const auto trusted = run(withCa, get(url));
    INFO((trusted ? QString() : trusted.error().toString()).toStdString());
    REQUIRE(trusted.ok());
    CHECK(trusted->body == "trusted");

    // A file without a certificate is refused with a message naming it.
    const QString empty = dir.filePath(QStringLiteral("empty.pem"));
    QFile e(empty);
    REQUIRE(e.open(QIODevice::WriteOnly));
    e.write("not a certificate\n");
    e.close();
    const Status bad = withCa.addCaCertificates(empty);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.contains(QStringLiteral("empty.pem")));
}
