// The cost CSV import, and SigV4 canonicalisation of whatever path and query a caller passes.
#include "backups/sigv4.h"
#include "costs/costcsv.h"

#include <QByteArray>
#include <QString>

using namespace opsdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)csv::parse(QString::fromUtf8(bytes));

    const qsizetype split = bytes.indexOf('?');
    SigV4Request request;
    request.path = split >= 0 ? bytes.left(split) : bytes;
    if (split >= 0) {
        for (const QByteArray &pair : bytes.mid(split + 1).split('&')) {
            const qsizetype eq = pair.indexOf('=');
            request.query.append({eq >= 0 ? pair.left(eq) : pair, eq >= 0 ? pair.mid(eq + 1) : QByteArray()});
        }
    }
    request.headers = {{"host", "bucket.s3.example.test"}, {"x-amz-date", "20261129T070000Z"}};
    request.payloadHash = "UNSIGNED-PAYLOAD";
    const SigV4 signer("AKIDEXAMPLE", "fuzz-secret", QStringLiteral("us-east-1"), QStringLiteral("s3"));
    (void)signer.canonicalRequest(request);
    (void)SigV4::uriEncode(bytes, true);
    (void)SigV4::canonicalQuery(request.query);
    return 0;
}
