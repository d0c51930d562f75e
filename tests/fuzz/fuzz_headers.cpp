// Response headers from providers and health endpoints: Link (GitHub, Vercel paging), Retry-After and
// the rate-limit headers, and a health check's assertion text.
#include "net/httprequest.h"
#include "net/linkheader.h"
#include "net/retrypolicy.h"
#include "providers/health/healthassertion.h"
#include "providers/openai/openaiparser.h"

#include <QByteArray>
#include <QString>

using namespace opsdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray value = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)parseLinkHeader(value);
    (void)parseRetryAfterMs(value, 1'764'399'600'000);
    // The same bytes as a header block: "name: value" lines.
    HeaderList headers;
    for (const QByteArray &line : value.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    (void)parseRateLimitHeaders(headers);
    const QString text = QString::fromUtf8(value);
    (void)HealthAssertion::parse(text);
    (void)parseDecimalString(text);
    return 0;
}
