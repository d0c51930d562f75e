#pragma once

#include "core/result.h"

#include <QByteArray>

namespace opsdeck {

// Encrypts a GitHub Actions secret for the repository key (libsodium sealed box,
// api-reference.md section 2 "Actions secrets"): publicKeyBase64 is the `key` field of the
// public-key endpoint (standard base64 with padding, exactly crypto_box_PUBLICKEYBYTES once
// decoded); the result is base64 (standard, padded) of crypto_box_seal(plaintext), ready for
// `encrypted_value`. Every call gives a different ciphertext; only the key's owner can open it.
Result<QByteArray> sealSecret(const QByteArray &publicKeyBase64, const QByteArray &plaintext);

} // namespace opsdeck
