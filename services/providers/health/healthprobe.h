#pragma once

#include "providers/health/types.h"
#include "providers/job.h"

#include <QObject>

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

private:
    HttpClient &m_http;
};

} // namespace opsdeck
