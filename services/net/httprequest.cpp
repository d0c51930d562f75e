#include "net/httprequest.h"

namespace opsdeck {

namespace {

QByteArray findHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

bool HttpRequest::isIdempotent() const
{
    if (idempotent.has_value())
        return *idempotent;
    const QByteArray m = method.toUpper();
    return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "OPTIONS";
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    const QByteArray value = findHeader(headers, name);
    return value.isNull() ? findHeader(authHeaders, name) : value;
}

QByteArray HttpResponse::header(QByteArrayView name) const { return findHeader(headers, name); }

} // namespace opsdeck
