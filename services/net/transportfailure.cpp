#include "net/transportfailure.h"

namespace opsdeck {

bool isTransportError(QNetworkReply::NetworkError error, int httpStatus)
{
    if (error == QNetworkReply::NoError)
        return httpStatus == 0;
    // Qt maps 4xx/5xx statuses to errors too; below 400 any error is the transport's.
    if (httpStatus < 400)
        return true;
    if (error == QNetworkReply::ProxyAuthenticationRequiredError && httpStatus == 407)
        return false;
    const int code = int(error);
    return (code >= 1 && code <= 199) || error == QNetworkReply::ProtocolFailure;
}

bool isConnectionReset(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::RemoteHostClosedError || error == QNetworkReply::TemporaryNetworkFailureError
        || error == QNetworkReply::NetworkSessionFailedError || error == QNetworkReply::ProxyConnectionClosedError;
}

} // namespace opsdeck
