#include "providers/health/healthprobe.h"

#include "net/httpclient.h"
#include "providers/health/healthassertion.h"

#include <QElapsedTimer>

#include <memory>
#include <optional>

namespace opsdeck {

HealthProbe::HealthProbe(HttpClient &http, QObject *parent) : QObject(parent), m_http(http) {}

HealthProbe::~HealthProbe() = default;

Job<HealthResult> *HealthProbe::probe(const HealthProbeRequest &request)
{
    auto *job = new Job<HealthResult>(this);
    const QString scheme = request.url.scheme();
    if (!request.url.isValid() || request.url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        job->finish(makeError(ErrorKind::Config, tr("The health URL \"%1\" is not a valid http(s) URL.")
                                                     .arg(request.url.toDisplayString().left(200))));
        return job;
    }
    std::optional<HealthAssertion> assertion;
    if (!request.assertion.trimmed().isEmpty()) {
        Result<HealthAssertion> parsed = HealthAssertion::parse(request.assertion);
        if (!parsed.ok()) {
            job->finish(parsed.error());
            return job;
        }
        assertion = parsed.value();
    }

    HttpRequest http;
    http.url = request.url;
    http.provider = QStringLiteral("health");
    http.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, */*;q=0.5")});
    http.idempotent = false;  // one attempt: retries would hide an outage and skew the latency
    http.transferTimeoutMs = std::max(1, request.timeoutMs);
    http.deadlineMs = std::max(1, request.timeoutMs);
    http.maxBodyBytes = 1024 * 1024;

    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const QUrl url = request.url;
    const int timeoutMs = request.timeoutMs;
    job->send(m_http, http, [job, timer, url, timeoutMs, assertion](const Result<HttpResponse> &r) {
        HealthResult result;
        result.url = url;
        if (!r.ok()) {
            result.error = r.error().kind == ErrorKind::Timeout
                ? tr("no answer within %1 ms").arg(timeoutMs)
                : r.error().message;
            return job->finish(result);
        }
        result.latencyMs = timer->elapsed();
        result.httpStatus = r->status;
        if (!r->isSuccess())
            result.error = tr("HTTP %1").arg(r->status);
        else if (assertion)
            result.error = assertion->failureFor(r->body);
        result.ok = result.error.isEmpty();
        job->finish(result);
    });
    return job;
}

Job<QList<HealthResult>> *HealthProbe::probeAll(const QList<HealthProbeRequest> &requests,
                                              std::function<void(int, const HealthResult &)> each)
{
    QList<Job<HealthResult> *> probes;
    probes.reserve(requests.size());
    for (int i = 0; i < requests.size(); ++i) {
        Job<HealthResult> *one = probe(requests[i]);
        if (each) {
            const QUrl url = requests[i].url;
            one->onFinished(this, [each, i, url](const Result<HealthResult> &r) {
                each(i, r ? r.value() : HealthResult{url, 0, -1, false, r.error().message});
            });
        }
        probes << one;
    }
    return then<QList<HealthResult>>(whenAll(probes), [requests](const Result<QList<Result<HealthResult>>> &all) {
        QList<HealthResult> out;
        for (int i = 0; i < all.value().size(); ++i) {
            const Result<HealthResult> &r = all.value()[i];
            out << (r ? r.value() : HealthResult{requests[i].url, 0, -1, false, r.error().message});
        }
        return Result<QList<HealthResult>>(out);
    }, this);
}

Job<QList<HealthResult>> *HealthProbe::probeAll(const QList<QUrl> &urls, int timeoutMs,
                                              std::function<void(int, const HealthResult &)> each)
{
    QList<HealthProbeRequest> requests;
    for (const QUrl &url : urls)
        requests << HealthProbeRequest{url, timeoutMs, {}};
    return probeAll(requests, std::move(each));
}

} // namespace opsdeck
