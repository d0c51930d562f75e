#include "secrets/secretstore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QPointer>

namespace opsdeck {

namespace {

Error keychainError(QKeychain::Error code, const QString &backendText, const QString &key)
{
    const QString detail = key + QStringLiteral(": ") + backendText;
    switch (code) {
    case QKeychain::EntryNotFound:
        return makeError(ErrorKind::NotFound,
                         QCoreApplication::translate("SecretStore", "No such credential in the system keychain"), detail);
    case QKeychain::AccessDeniedByUser:
        return makeError(ErrorKind::Keychain,
                         QCoreApplication::translate("SecretStore",
                                                     "The system keychain is locked or the request was dismissed; unlock it and try again"),
                         detail);
    case QKeychain::AccessDenied:
        return makeError(ErrorKind::Keychain,
                         QCoreApplication::translate("SecretStore", "Access to the system keychain was denied"), detail);
    case QKeychain::NoBackendAvailable:
        return makeError(ErrorKind::Keychain,
                         QCoreApplication::translate("SecretStore",
                                                     "No system keychain (Secret Service) is available; OpsDeck does not store secrets in plain files. Start a keyring such as gnome-keyring, or use environment variables"),
                         detail);
    case QKeychain::NotImplemented:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
    case QKeychain::NoError:
        break;
    }
    // QtKeychain 0.13 reports a missing org.freedesktop.secrets service as OtherError.
    const bool noService = backendText.contains(QLatin1String("org.freedesktop.secrets"))
        || backendText.contains(QLatin1String("ServiceUnknown"), Qt::CaseInsensitive)
        || backendText.contains(QLatin1String("not provided by any"), Qt::CaseInsensitive)
        || backendText.contains(QLatin1String("No such"), Qt::CaseInsensitive);
    if (noService)
        return keychainError(QKeychain::NoBackendAvailable, backendText, key);
    return makeError(ErrorKind::Keychain, QCoreApplication::translate("SecretStore", "The system keychain failed"),
                     detail);
}

// Jobs have no parent: QtKeychain's libsecret backend hands the job to an asynchronous D-Bus call and
// dereferences it when the call returns, so a job must outlive whoever asked (a page or a store that is
// destroyed while a keychain prompt is pending). It deletes itself once finished; the caller's callback is
// tied to its context object and simply does not run when that is gone.
template <typename JobT>
JobT *makeJob(const QString &service, const SecretRef &ref)
{
    auto *job = new JobT(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);  // never plaintext
    job->setKey(ref.key());
    return job;
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

void SecretStore::read(const SecretRef &ref, QObject *context, ReadCallback callback)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, ref);
    const QString key = ref.key();
    connect(job, &QKeychain::Job::finished, context, [job, key, callback = std::move(callback)] {
        if (job->error() != QKeychain::NoError)
            callback(keychainError(job->error(), job->errorString(), key));
        else
            callback(job->binaryData());
    });
    job->start();
}

void SecretStore::write(const SecretRef &ref, const QByteArray &value, QObject *context, DoneCallback callback)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, ref);
    job->setBinaryData(value);
    const QString key = ref.key();
    connect(job, &QKeychain::Job::finished, context, [job, key, callback = std::move(callback)] {
        if (job->error() != QKeychain::NoError)
            callback(keychainError(job->error(), job->errorString(), key));
        else
            callback(Status());
    });
    job->start();
}

void SecretStore::remove(const SecretRef &ref, QObject *context, DoneCallback callback)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, ref);
    const QString key = ref.key();
    connect(job, &QKeychain::Job::finished, context, [job, key, callback = std::move(callback)] {
        if (job->error() != QKeychain::NoError)
            callback(keychainError(job->error(), job->errorString(), key));
        else
            callback(Status());
    });
    job->start();
}

} // namespace opsdeck
