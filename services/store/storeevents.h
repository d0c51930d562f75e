#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace opsdeck {

class Store;

// Changes other OpsDeck processes make to a shared store, as they commit (PostgreSQL LISTEN/NOTIFY
// through QSqlDriver::subscribeToNotification; the driver's socket is watched by the event loop of
// the store's thread). A writer announces a change with notify() inside its transaction, so the
// announcement goes out with the commit or not at all. Nothing happens on a local file.
class StoreEvents : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreEvents)
public:
    static inline const QString kChecklistChannel = QStringLiteral("opsdeck_checklist");

    explicit StoreEvents(Store &store, QObject *parent = nullptr);
    bool isListening() const { return m_listening; }

    // Inside the writer's open transaction on store (a no-op on SQLite).
    static void notify(Store &store, const QString &channel, const QJsonObject &payload);

Q_SIGNALS:
    // Another process (or this one) changed the checklist: {date, item, state, actor, host, version}.
    void checklistChanged(const QJsonObject &change);

private:
    bool m_listening = false;
};

} // namespace opsdeck
