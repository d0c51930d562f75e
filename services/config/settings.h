#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

#include <memory>

namespace opsdeck {

// A typed settings key with its default, declared once (KeePassXC's Config table idea).
template <typename T>
struct SettingKey {
    const char *name;
    T defaultValue;
};

namespace keys {
inline const SettingKey<QString> defaultProfile{"general/defaultProfile", QString()};
inline const SettingKey<bool> firstStartDone{"general/firstStartDone", false};
inline const SettingKey<QString> theme{"ui/theme", QStringLiteral("system")};  // system|light|dark
inline const SettingKey<QByteArray> windowGeometry{"ui/windowGeometry", QByteArray()};
inline const SettingKey<QByteArray> windowState{"ui/windowState", QByteArray()};
inline const SettingKey<QString> lastPage{"ui/lastPage", QString()};
// The page OpsDeck opens at: "checklist" (the morning job), "overview" (the console at a glance), or
// "last" (where the user left it).
inline const SettingKey<QString> startPage{"ui/startPage", QStringLiteral("checklist")};
inline const SettingKey<bool> logPaneVisible{"ui/logPaneVisible", false};
// A PEM file of extra CA certificates (OPSDECK_CA_BUNDLE overrides it); the system's stay trusted.
inline const SettingKey<QString> caBundle{"network/caBundle", QString()};
} // namespace keys

// Non-secret settings. Secrets never go here: they live in the keychain (SecretStore).
class Settings
{
public:
    // The user's settings file (QSettings native format, organisation "OpsDeck").
    static std::unique_ptr<Settings> forUser();
    // A settings file at an explicit path (tests use a temporary directory).
    static std::unique_ptr<Settings> atPath(const QString &iniPath);

    template <typename T>
    T value(const SettingKey<T> &key) const
    {
        const QVariant v = m_settings->value(QString::fromLatin1(key.name));
        return v.isValid() ? v.template value<T>() : key.defaultValue;
    }
    template <typename T>
    void setValue(const SettingKey<T> &key, const T &value)
    {
        m_settings->setValue(QString::fromLatin1(key.name), QVariant::fromValue(value));
    }

    QSettings &raw() { return *m_settings; }
    QString fileName() const { return m_settings->fileName(); }
    void sync() { m_settings->sync(); }

private:
    explicit Settings(std::unique_ptr<QSettings> settings);
    std::unique_ptr<QSettings> m_settings;
};

} // namespace opsdeck
