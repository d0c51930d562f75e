#include "providers/github/sealedbox.h"

#include <QCoreApplication>

#include <sodium.h>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::SealedBox)
};

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;  // 0 = initialised now, 1 = already
    return ready;
}
} // namespace

Result<QByteArray> sealSecret(const QByteArray &publicKeyBase64, const QByteArray &plaintext)
{
    if (!sodiumReady())
        return makeError(ErrorKind::Internal, Tr::tr("The encryption library (libsodium) could not be initialised."));
    const auto key = QByteArray::fromBase64Encoding(publicKeyBase64.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!key || key.decoded.size() != qsizetype(crypto_box_PUBLICKEYBYTES)) {
        return makeError(ErrorKind::BadResponse,
                         Tr::tr("GitHub's secrets public key is not a valid %1-byte key.").arg(crypto_box_PUBLICKEYBYTES),
                         Tr::tr("decoded length %1").arg(key ? key.decoded.size() : -1));
    }
    QByteArray sealed(qsizetype(crypto_box_SEALBYTES) + plaintext.size(), Qt::Uninitialized);
    const int rc = crypto_box_seal(reinterpret_cast<unsigned char *>(sealed.data()),
                                   reinterpret_cast<const unsigned char *>(plaintext.constData()),
                                   static_cast<unsigned long long>(plaintext.size()),
                                   reinterpret_cast<const unsigned char *>(key.decoded.constData()));
    if (rc != 0)
        return makeError(ErrorKind::Internal, Tr::tr("Encrypting the secret failed."));
    return sealed.toBase64();
}

} // namespace opsdeck
