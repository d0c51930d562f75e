#pragma once

#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QByteArray>
#include <QString>

#include <atomic>

namespace opsdeck {

// PostgreSQL's SCRAM-SHA-256 verifier of password ("SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>",
// RFC 5802/7677 as the server stores it). ALTER ROLE ... PASSWORD with a verifier sets the password
// without the password itself ever reaching the server, its statement log or pg_stat_statements.
// password is used as is (SASLprep leaves printable ASCII unchanged; generated passwords are ASCII).
QString scramSha256Verifier(const QByteArray &password, const QByteArray &salt, int iterations = 4096);

// A new random password: 32 characters of [A-Za-z0-9], about 190 bits.
QByteArray generateDatabasePassword();

// Changes the password of the role `current` connects as (ALTER ROLE CURRENT_USER over a connection
// made with the current password), then proves the new one with a second, fresh connection. When the
// fresh connection fails, the old password is put back (when it was known) and the error says so.
// Blocking: run it on a worker thread. Returns the role's name.
Result<QString> changeRolePassword(const PgConnectionInfo &current, const QByteArray &newPassword);

} // namespace opsdeck
