#pragma once

#include <QDateTime>
#include <QString>

namespace opsdeck {

class Settings;

// Non-secret bookkeeping about credentials: which credential was stored, when, and in which
// backend. It lets OpsDeck say "credential missing from keychain (backend changed?)" instead of
// silently asking again, and lets `secrets list` show ages and due dates without reading values.
class SecretIndex
{
public:
    explicit SecretIndex(Settings &settings);

    void recordStored(const QString &profile, const QString &name, const QDateTime &at, const QString &backend);
    void recordRemoved(const QString &profile, const QString &name);
    bool isRecorded(const QString &profile, const QString &name) const;
    QDateTime storedAt(const QString &profile, const QString &name) const;
    QString backend(const QString &profile, const QString &name) const;

private:
    Settings &m_settings;
};

} // namespace opsdeck
