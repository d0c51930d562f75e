// What a backup store hands back, which anyone who can write to it controls: manifests, file and
// object names, S3 listings and error documents, and plain dumps on their way to psql. For the psql
// guard also a property: whatever it passes on is exactly the input (it never rewrites a script).
#include "backups/backupmanifest.h"
#include "backups/psqlscriptguard.h"
#include "backups/s3client.h"
#include "backups/s3destination.h"

#include <QByteArray>
#include <QString>

#include <cstdlib>

using namespace opsdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)BackupManifest::fromJson(bytes);
    const QString text = QString::fromUtf8(bytes);
    (void)BackupManifest::fromDumpName(text);
    (void)isSafeBackupName(text);
    (void)pathInside(QStringLiteral("/backups"), text);
    (void)S3Location::parse(text);
    (void)S3Destination::parseListPage(bytes);
    (void)S3Client::errorCode(bytes);

    // Fed in pieces cut where the first byte says, as the restore's stream does.
    const qsizetype piece = size > 0 ? qsizetype(data[0] % 64) + 1 : 1;
    PsqlScriptGuard guard;
    QByteArray passed;
    bool refused = false;
    for (qsizetype at = 0; at < bytes.size() && !refused; at += piece) {
        auto out = guard.feed(bytes.mid(at, piece));
        if (out)
            passed += out.value();
        else
            refused = true;
    }
    if (!refused) {
        auto rest = guard.finish();
        if (rest && passed + rest.value() != bytes)
            std::abort();  // the guard passed on something other than its input
    }
    return 0;
}
