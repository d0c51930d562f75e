#pragma once

#include "core/job.h"

#include <QByteArray>
#include <QObject>
#include <QString>


namespace opsdeck {

struct PgConnectionInfo;
class Session;

// Resolves the active profile's credentials, the one place that knows where they live: in demo
// mode the sandbox's tokens; then the environment (GITHUB_TOKEN, ...); then the system keychain.
// A missing credential is a Config error naming the variable and the keychain entry; a keychain that
// fails (none, locked, denied) keeps its own kind and says both what is missing and why.
class CredentialResolver
{
public:
    explicit CredentialResolver(Session &session);

    Job<QByteArray> *credential(const QString &name, QObject *owner);

    // A database URL (empty: the profile's DATABASE_URL) with its password from the URL, the
    // environment or the keychain's database-password. A missing password is left to the server to
    // judge (peer/trust auth, ~/.pgpass). Demo mode without a URL: the demo database once started.
    Job<PgConnectionInfo> *database(const QString &url, QObject *owner);

private:
    Session &m_session;
};

} // namespace opsdeck
