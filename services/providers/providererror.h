#pragma once

#include "core/error.h"
#include "net/httprequest.h"

#include <QString>

namespace opsdeck {

// What a provider's error body said, already sanitised for display.
struct ApiErrorBody {
    QString message;  // the provider's human message, may be empty
    QString code;     // the provider's machine code ("not_found", "rate_limit_error"...), may be empty
    QString extra;    // anything else worth logging (validation errors, documentation URL)
};

// Status -> kind: 400 Config, 401/403 Auth, 404 NotFound, 409/422 Conflict, 429 RateLimited,
// 408/504 Timeout, other 5xx (and 529) Network, anything else BadResponse.
ErrorKind errorKindForStatus(int status);

// The Error for an HTTP error status: one readable line naming the provider and the status,
// the provider's code and request id in detail.
Error httpStatusError(const QString &provider, const HttpResponse &response, const ApiErrorBody &body,
                      ErrorKind kind);
inline Error httpStatusError(const QString &provider, const HttpResponse &response, const ApiErrorBody &body)
{
    return httpStatusError(provider, response, body, errorKindForStatus(response.status));
}

// The request id a provider attached to a response (x-vercel-id, x-github-request-id,
// request-id, x-request-id), for audit entries and support tickets.
QString requestIdOf(const HttpResponse &response);

// Result of a non-idempotent action (rollback, re-run, PR...): what the audit log records.
struct ActionReceipt {
    int httpStatus = 0;
    QString requestId;
    QString endpoint;  // method + path actually used, e.g. "POST /v1/projects/prj/rollback/dpl"
};

ActionReceipt receiptFor(const HttpRequest &request, const HttpResponse &response);

} // namespace opsdeck
