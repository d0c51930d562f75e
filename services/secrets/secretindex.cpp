#include "secrets/secretindex.h"

#include "config/settings.h"

namespace opsdeck {

namespace {
QString group(const QString &profile, const QString &name)
{
    return QStringLiteral("credentialIndex/") + profile + QLatin1Char('/') + name;
}
} // namespace

SecretIndex::SecretIndex(Settings &settings) : m_settings(settings) {}

void SecretIndex::recordStored(const QString &profile, const QString &name, const QDateTime &at, const QString &backend)
{
    QSettings &s = m_settings.raw();
    s.setValue(group(profile, name) + QStringLiteral("/storedAt"), at.toUTC().toString(Qt::ISODate));
    s.setValue(group(profile, name) + QStringLiteral("/backend"), backend);
    s.sync();
}

void SecretIndex::recordRemoved(const QString &profile, const QString &name)
{
    m_settings.raw().remove(group(profile, name));
    m_settings.raw().sync();
}

bool SecretIndex::isRecorded(const QString &profile, const QString &name) const
{
    return storedAt(profile, name).isValid();
}

QDateTime SecretIndex::storedAt(const QString &profile, const QString &name) const
{
    return QDateTime::fromString(m_settings.raw().value(group(profile, name) + QStringLiteral("/storedAt")).toString(),
                                 Qt::ISODate);
}

QString SecretIndex::backend(const QString &profile, const QString &name) const
{
    return m_settings.raw().value(group(profile, name) + QStringLiteral("/backend")).toString();
}

} // namespace opsdeck
