#pragma once

#include "alerts/alertengine.h"
#include "core/result.h"

#include <QCoreApplication>

namespace opsdeck {

class Store;

// Alert silences in the store's settings_meta table: key "alert.silence.<id>", value the UTC
// time (ISO 8601) until which the alert stays quiet. Use on the store's thread.
class AlertSilenceStore
{
    Q_DECLARE_TR_FUNCTIONS(AlertSilenceStore)

public:
    explicit AlertSilenceStore(Store &store);

    Result<QList<AlertSilence>> load() const;
    Status silence(const QString &alertId, const QDateTime &until, const QDateTime &now);
    Status clear(const QString &alertId);

    static QString key(const QString &alertId);

private:
    Store &m_store;
};

} // namespace opsdeck
