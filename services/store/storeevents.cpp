#include "store/storeevents.h"

#include "store/store.h"

#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlQuery>

namespace opsdeck {

StoreEvents::StoreEvents(Store &store, QObject *parent) : QObject(parent)
{
    if (!store.isOpen() || !store.isShared())
        return;
    QSqlDriver *driver = store.db().driver();
    m_listening = driver->subscribeToNotification(kChecklistChannel);
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name != kChecklistChannel)
                    return;
                const QJsonObject change = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
                Q_EMIT checklistChanged(change);
            });
}

void StoreEvents::notify(Store &store, const QString &channel, const QJsonObject &payload)
{
    if (!store.isShared())
        return;
    QSqlQuery q(store.db());
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(channel);
    q.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    (void)q.exec();  // the change stands without it; others see it on their next read
}

} // namespace opsdeck
