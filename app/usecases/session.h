#pragma once

#include <functional>

#include "config/profile.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

namespace opsdeck {

class AuditLog;
class Clock;
class DemoDatabase;
class HttpClient;
class LogSink;
class ProfileStore;
class SecretIndex;
class SecretStore;
class Settings;
class Store;
class StoreEvents;

// The services below the front ends that every use case shares, owned by the composition root.
struct SessionParts {
    Clock &clock;
    Settings &settings;
    ProfileStore &profiles;
    SecretStore &secrets;
    SecretIndex &secretIndex;
    Store &store;
    AuditLog &audit;
    HttpClient &http;
    LogSink &log;
};

// The active profile and the shared services. The GUI switches profiles here and every page and
// use case follows profileChanged(); the CLI sets one profile for its run.
class Session : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    Session(const SessionParts &parts, bool demo, QString dataDir, QObject *parent = nullptr);
    ~Session() override;

    Clock &clock() const { return m_parts.clock; }
    Settings &settings() const { return m_parts.settings; }
    ProfileStore &profiles() const { return m_parts.profiles; }
    SecretStore &secrets() const { return m_parts.secrets; }
    SecretIndex &secretIndex() const { return m_parts.secretIndex; }
    Store &store() const { return m_parts.store; }
    AuditLog &audit() const { return m_parts.audit; }
    HttpClient &http() const { return m_parts.http; }
    LogSink &log() const { return m_parts.log; }

    const Profile &profile() const { return m_profile; }
    void setProfile(const Profile &profile);
    bool hasProfile() const { return !m_profile.name.isEmpty(); }
    bool isDemo() const { return m_demo; }
    QString dataDir() const { return m_dataDir; }
    // What other OpsDeck processes change in a shared store, as they commit.
    StoreEvents &storeEvents() const { return *m_events; }
    // The keychain's profile key: the profile's name, or "default" when there is none.
    QString profileKey() const;

    // Demo mode: the credentials the sandbox accepts, by credential name.
    void setDemoCredentials(const QHash<QString, QByteArray> &credentials) { m_demoCredentials = credentials; }
    void setDemoCredential(const QString &name, const QByteArray &value) { m_demoCredentials.insert(name, value); }
    QByteArray demoCredential(const QString &name) const { return m_demo ? m_demoCredentials.value(name) : QByteArray(); }
    // Demo mode: a new key the sandbox accepts, as the provider's console would make one (for trying a
    // rotation); empty outside demo mode.
    void setDemoKeyIssuer(std::function<QByteArray(const QString &credential)> issuer) { m_demoKeyIssuer = std::move(issuer); }
    QByteArray issueDemoKey(const QString &credential) const
    {
        return m_demo && m_demoKeyIssuer ? m_demoKeyIssuer(credential) : QByteArray();
    }

    // Demo mode: the throwaway PostgreSQL, started on the first call with start = true; nullptr
    // when nothing has started it (start = false), outside demo mode, or without PostgreSQL.
    DemoDatabase *demoDatabase(bool start);

Q_SIGNALS:
    void profileChanged();

private:
    SessionParts m_parts;
    bool m_demo;
    QString m_dataDir;
    StoreEvents *m_events;
    Profile m_profile;
    QHash<QString, QByteArray> m_demoCredentials;
    std::function<QByteArray(const QString &)> m_demoKeyIssuer;
    QPointer<DemoDatabase> m_demoDatabase;
};

} // namespace opsdeck
