#pragma once

#include "core/job.h"

#include <QObject>
#include <QString>

namespace opsdeck {

struct PgConnectionInfo;
struct Profile;
class Session;

// Who checks a credential, for messages: "GitHub" and "token" make "GitHub accepted the token".
struct CredentialProbeSubject {
    QString provider;
    QString noun;
};

// Whether a credential can be checked with a live, read-only call (the provider tokens and keys, the
// database password). The AWS keys and the backup key cannot: they are proven by a backup.
bool isProbeable(const QString &credential);
CredentialProbeSubject probeSubject(const QString &credential);

// The live, read-only call that shows the provider accepts value as the credential: GET /user
// (GitHub), GET /v2/user (Vercel), the admin key listings (OpenAI, Anthropic), GET /v1/models (the
// product's API keys). The job's value says what the provider answered ("user octocat"); an error
// keeps the provider's own kind (Auth for a refused value) and message. Nothing is changed anywhere.
Job<QString> *probeCredential(Session &session, const Profile &profile, const QString &credential,
                              const QString &value, QObject *owner);

// A fresh connection with info, then `SELECT current_user, version()` (on a worker thread): the
// value says which role connected to which server ("role app on PostgreSQL 15.8").
Job<QString> *probeDatabase(const PgConnectionInfo &info, QObject *owner);

} // namespace opsdeck
