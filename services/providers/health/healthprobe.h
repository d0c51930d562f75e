#pragma once

#include "providers/health/types.h"
#include "core/job.h"

#include <QObject>

#include <functional>

namespace opsdeck {

class HttpClient;

// GETs a URL once (no retries: the probe reports what a visitor would see), measures the
// latency with QElapsedTimer and checks the status and an optional JSON assertion.
class HealthProbe : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthProbe)
public:
    explicit HealthProbe(HttpClient &http, QObject *parent = nullptr);
    ~HealthProbe() override;

    // The Result is an Error only for an invalid URL or assertion (Config) or cancellation; a
    // failing service is a HealthResult with ok == false.
    Job<HealthResult> *probe(const HealthProbeRequest &request);
    Job<HealthResult> *probe(const QUrl &url, int timeoutMs = 10'000, const QString &assertion = {})
    {
        return probe(HealthProbeRequest{url, timeoutMs, assertion});
    }

    // Every URL at once; the result lists one HealthResult per URL, in order (a probe that could not
    // run is a result with ok == false and its error). each(index, result), if set, sees every result
    // as it arrives, for a live table.
    Job<QList<HealthResult>> *probeAll(const QList<HealthProbeRequest> &requests,
                                       std::function<void(int, const HealthResult &)> each = {});
    Job<QList<HealthResult>> *probeAll(const QList<QUrl> &urls, int timeoutMs = 10'000,
                                       std::function<void(int, const HealthResult &)> each = {});

private:
    HttpClient &m_http;
};

} // namespace opsdeck
