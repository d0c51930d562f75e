#pragma once

// Helpers shared by the HttpClient tests (tests/integration/test_httpclient*.cpp).
#include "core/result.h"
#include "net/httpclient.h"
#include "rawhttppeer.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace opsdeck {
class ManualClock;
}

namespace opsdeck::test {

// What a reply reported: its result, how often it finished and the chunks it streamed.
struct Outcome {
    std::optional<Result<HttpResponse>> result;
    int finishedCount = 0;
    QList<QByteArray> chunks;
};

std::shared_ptr<Outcome> watch(HttpReply *reply);
// Sends request and runs the event loop until it finishes; fails the test after timeoutMs.
Result<HttpResponse> run(HttpClient &client, HttpRequest request, int timeoutMs = 5000);
HttpRequest get(const QUrl &url);
RawHttpAnswer hangingAnswer();  // reads the request, never answers
void idle(int ms);              // runs the event loop for ms
// Runs queued retries on the manual clock until the reply finishes.
void driveRetries(ManualClock &clock, const std::shared_ptr<Outcome> &outcome);

// A throw-away certificate made with the openssl CLI: self-signed, for commonName, valid
// between the given dates (openssl ca -startdate/-enddate format) or for two days.
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;
};
// nullopt when openssl is missing or fails.
std::optional<TestCertificate> makeCertificate(const QString &commonName, const QString &start = {}, const QString &end = {});

} // namespace opsdeck::test
