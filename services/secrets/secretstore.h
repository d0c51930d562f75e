#pragma once

#include "core/result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace opsdeck {

struct SecretRef {
    QString profile;
    QString name;
    QString key() const { return profile + QLatin1Char('/') + name; }
};

// The OS keychain through QtKeychain (Secret Service on Linux). The insecure plaintext
// fallback is always off; failures map to distinct, clear errors: no keychain,
// locked or denied, not found. Values are bytes, so any encoding round-trips.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)
public:
    using ReadCallback = std::function<void(const Result<QByteArray> &)>;
    using DoneCallback = std::function<void(const Status &)>;

    explicit SecretStore(QString service = QStringLiteral("OpsDeck"), QObject *parent = nullptr);

    // The callback runs on this object's thread, unless context is destroyed first.
    void read(const SecretRef &ref, QObject *context, ReadCallback callback);
    void write(const SecretRef &ref, const QByteArray &value, QObject *context, DoneCallback callback);
    void remove(const SecretRef &ref, QObject *context, DoneCallback callback);

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace opsdeck
