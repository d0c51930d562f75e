#include "providers/providererror.h"

#include "core/result.h"
#include "core/text.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::ProviderError)
};

QString defaultMessage(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Config: return Tr::tr("the request was rejected as invalid");
    case ErrorKind::Auth: return Tr::tr("the credential was rejected or lacks permission");
    case ErrorKind::NotFound: return Tr::tr("not found");
    case ErrorKind::Conflict: return Tr::tr("the request conflicts with the current state");
    case ErrorKind::RateLimited: return Tr::tr("rate limit reached, try again later");
    case ErrorKind::Timeout: return Tr::tr("the server timed out");
    case ErrorKind::Network: return Tr::tr("the service is unavailable");
    default: return Tr::tr("unexpected HTTP status");
    }
}
} // namespace

ErrorKind errorKindForStatus(int status)
{
    switch (status) {
    case 400: return ErrorKind::Config;
    case 401:
    case 403: return ErrorKind::Auth;
    case 404:
    case 410: return ErrorKind::NotFound;
    case 409:
    case 422: return ErrorKind::Conflict;
    case 429: return ErrorKind::RateLimited;
    case 408:
    case 504: return ErrorKind::Timeout;
    default: break;
    }
    if (status >= 500 && status <= 599)
        return ErrorKind::Network;
    return ErrorKind::BadResponse;
}

Error httpStatusError(const QString &provider, const HttpResponse &response, const ApiErrorBody &body,
                      ErrorKind kind)
{
    const QString text = body.message.isEmpty() ? defaultMessage(kind) : body.message;
    const QString message = Tr::tr("%1: %2 (HTTP %3)").arg(provider, text).arg(response.status);
    QStringList detail;
    if (!body.code.isEmpty())
        detail.append(Tr::tr("code %1").arg(body.code));
    if (!body.extra.isEmpty())
        detail.append(body.extra);
    const QString requestId = requestIdOf(response);
    if (!requestId.isEmpty())
        detail.append(Tr::tr("request id %1").arg(requestId));
    return makeError(kind, message, detail.join(QStringLiteral("; ")), response.status);
}

QString requestIdOf(const HttpResponse &response)
{
    for (const char *name : {"x-vercel-id", "x-github-request-id", "request-id", "x-request-id"}) {
        const QByteArray value = response.header(name);
        if (!value.isEmpty())
            return sanitizeForDisplay(QString::fromLatin1(value.left(200)));
    }
    return {};
}

ActionReceipt receiptFor(const HttpRequest &request, const HttpResponse &response)
{
    return ActionReceipt{response.status, requestIdOf(response),
                         QString::fromLatin1(request.method) + QLatin1Char(' ')
                             + request.url.path(QUrl::FullyEncoded)};
}

} // namespace opsdeck
