#pragma once

#include <QNetworkReply>

namespace opsdeck {

// A network-layer failure (connection, TLS, timeout, broken body) rather than an HTTP error
// status, even if a status line had already arrived.
bool isTransportError(QNetworkReply::NetworkError error, int httpStatus);
// The peer went away mid-exchange: worth retrying for idempotent requests.
bool isConnectionReset(QNetworkReply::NetworkError error);

} // namespace opsdeck
