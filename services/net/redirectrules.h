#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace opsdeck {

// Where credentials and redirects may go: a redirect to another origin never carries credentials.
bool isRedirectStatus(int status);
// Same scheme, host and (effective) port.
bool isSameOrigin(const QUrl &a, const QUrl &b);
// Why following from -> to is refused (non-http(s) scheme, https -> http downgrade), or nullopt.
std::optional<QString> redirectRefusal(const QUrl &from, const QUrl &to);

} // namespace opsdeck
